/** Built on first use, then reused; `reset` makes the next use build afresh (a local runtime restart). */
export function lazy<T>(make: () => T): (() => T) & { reset(): void } {
  let value: T | undefined;
  return Object.assign(
    () => {
      value ??= make();
      return value;
    },
    {
      reset: () => {
        value = undefined;
      },
    },
  );
}
