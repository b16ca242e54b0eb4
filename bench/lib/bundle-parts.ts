/** What an input file of a bundle belongs to: its npm package (the innermost, scoped or not), else the project. */
export function packageOf(path: string): string {
  const packages = [...path.replaceAll('\\', '/').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return packages.at(-1)?.[1] ?? '(project code)';
}

/**
 * Bytes of a bundle by package, the largest first, from esbuild's metafile inputs of one output
 * (`bytesInOutput` of each input file).
 */
export function bundleParts(
  inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>,
): { part: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const part = packageOf(path);
    bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
  }
  return [...bytes].map(([part, n]) => ({ part, bytes: n })).sort((a, b) => b.bytes - a.bytes);
}
