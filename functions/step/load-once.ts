/**
 * `load` (dynamic `import()`s) run on the first call, its promise shared by every later call of the
 * container; a load that failed is forgotten, so the next call loads again instead of keeping the failure.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}
