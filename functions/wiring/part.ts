/**
 * A piece of a handler's wiring (an adapter, a client, a setting), built on first use and reused by the
 * container's later invocations. Parts import their adapters with `import()`: a bundle holds only the
 * parts its handler names, and their SDK code runs when the first invocation needs it, not at import.
 */
export type Part<T> = (() => Promise<T>) & { reset(): void };

/** Bumped by resetParts: every part built before is built afresh on its next use. */
let generation = 0;

/** Every part is rebuilt from the environment on its next use (the local runtime's restart, tests). */
export function resetParts(): void {
  generation++;
}

export function part<T>(make: () => Promise<T>): Part<T> {
  let built: { generation: number; value: Promise<T> } | undefined;
  const get = () => {
    if (built === undefined || built.generation !== generation) {
      const value = make();
      built = { generation, value };
      // A part that failed to build (a missing variable, an unreachable file) is tried again next time.
      value.catch(() => {
        if (built?.value === value) built = undefined;
      });
    }
    return built.value;
  };
  return Object.assign(get, {
    reset: () => {
      built = undefined;
    },
  });
}

/** The ports a handler asks for by name, built together on its first invocation. */
export function wire<T extends Record<string, unknown>>(
  parts: { readonly [K in keyof T]: Part<T[K]> },
): () => Promise<T> {
  return async () => {
    const names = Object.keys(parts) as (keyof T)[];
    const values = await Promise.all(names.map((name) => parts[name]()));
    return Object.fromEntries(names.map((name, i) => [name, values[i]])) as T;
  };
}
