import path from 'node:path';

/** The project root (this file lives in `infra/constructs/`); never a machine path. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** An absolute path for a path given relative to the project root. */
export function projectPath(relative: string): string {
  return path.join(PROJECT_ROOT, relative);
}

/** `submitClaim` → `SubmitClaim`, for construct ids. */
export function pascalCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** `Object.entries` that keeps the key type of a record and skips absent values. */
export function entriesOf<K extends string, V>(record: Readonly<Partial<Record<K, V>>>): [K, V][] {
  return Object.entries(record).filter(([, value]) => value !== undefined) as [K, V][];
}
