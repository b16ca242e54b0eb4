/**
 * How every Lambda is bundled, in one place: the CDK construct (infra/constructs/claim-function.ts)
 * builds each function's asset at synth with buildLambda, and the cold-start benchmark (bench/coldstart.ts)
 * and the tests that import a bundle call the same function or options, so all build the same files.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/**
 * Some CommonJS dependencies of the bundled AWS SDK call `require` for Node built-ins; in an ES module
 * bundle that needs a real `require`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Lambda gives a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). The SDK's default chain would also bundle the SSO, profile
 * file, process, web-identity, container and instance-metadata providers with their STS and SSO clients;
 * in the bundles it is replaced by the environment provider alone. Paths are relative to the project root
 * (esbuild resolves an alias in its working directory). Locally the handlers run from source with the
 * SDK's full chain.
 */
const CREDENTIALS_ALIAS = {
  '@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts',
};

/**
 * Node built-ins whose loading costs a cold start milliseconds of CPU (measured on Node 24, net of an
 * empty import: node:http about 40, node:https 15, node:crypto, node:process and node:util 3-6 each). An ES module bundle
 * hoists every `import ... from 'node:https'` to its top, so the SDK clients that a handler only builds
 * on its first invocation (functions/wiring.ts imports them with `import()`) would load them at import
 * all the same. Each is replaced by a one-line CommonJS module (infra/lambda-builtins/) that returns the
 * built-in: esbuild then loads it where the importing module first runs, not before.
 */
const LAZY_BUILTINS = [
  'http',
  'https',
  'http2',
  'crypto',
  'stream',
  'stream/promises',
  'zlib',
  'fs',
  'fs/promises',
  'process',
  'util',
] as const;

export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  ...CREDENTIALS_ALIAS,
  ...Object.fromEntries(
    LAZY_BUILTINS.flatMap((name) => {
      const shim = `./infra/lambda-builtins/${name.replace('/', '-')}.cjs`;
      return [
        [name, shim],
        [`node:${name}`, shim],
      ];
    }),
  ),
};

/**
 * Powertools Tracer and the X-Ray SDK under it (about 110 KiB, and node:http at import) are not bundled:
 * the functions load them from the Powertools Lambda layer (infra/constructs/powertools-layer.ts) on the
 * first traced invocation (functions/tracing/tracer.ts).
 */
export const FROM_POWERTOOLS_LAYER = ['@aws-lambda-powertools/tracer', 'aws-xray-sdk-core'] as const;

/** The esbuild options of every Lambda bundle (ESM, Node 24, minified, names kept, the AWS SDK inside). */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  // Error names survive minification: the workflow retries on the error name (`TransientError`).
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  alias: LAMBDA_ALIASES,
  /**
   * The SDK is bundled, so a cold start does not depend on the runtime's copy; only the tracer comes from
   * the Powertools layer.
   */
  external: FROM_POWERTOOLS_LAYER as readonly string[],
} as const;

/** The file a Lambda runs (its handler is `index.handler`); the chunks it loads lie beside it under `chunks/`. */
export const LAMBDA_ENTRY_FILE = 'index.mjs';

/**
 * esbuild API options that build `entry` as the stack does into `outdir`, run in `projectRoot` (where the
 * aliases resolve): the handler's module `index.mjs` and, with code splitting, one chunk per part that the
 * code loads with `import()` (the wiring parts' adapters and SDK clients), which Node loads on the first
 * invocation that needs it instead of parsing it at import. `entry` is a module path, or the source of one
 * resolved in the project (the cold-start bench's reference handler).
 */
export function lambdaBuildOptions(
  entry: string | { source: string },
  outdir: string,
  projectRoot: string,
): BuildOptions {
  return {
    ...(typeof entry === 'string'
      ? { entryPoints: { index: entry } }
      : { stdin: { contents: entry.source, resolveDir: projectRoot, loader: 'ts', sourcefile: 'index.ts' } }),
    outdir,
    ...(typeof entry === 'string' ? {} : { entryNames: 'index' }),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    minify: LAMBDA_BUNDLING.minify,
    keepNames: LAMBDA_BUNDLING.keepNames,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    alias: { ...LAMBDA_BUNDLING.alias },
    external: [...LAMBDA_BUNDLING.external],
    metafile: true,
    logLevel: 'warning',
  };
}

/** What one Lambda's build wrote. */
export interface LambdaBuild {
  /** The asset's code files (no source maps), relative to `outdir`, each with its size in bytes. */
  readonly files: { readonly path: string; readonly bytes: number }[];
  /** The files a fresh import of `index.mjs` loads before its handler can run: it and its static imports. */
  readonly startFiles: readonly string[];
  /** Their bytes: what a cold start parses. */
  readonly startBytes: number;
  /** Every code file of the asset (chunks loaded on first use included). */
  readonly totalBytes: number;
  /**
   * Chunks esbuild wrote that the function cannot load (removed from the asset): esbuild makes a chunk of
   * every `import()` it parses, also of one in code that tree shaking then drops (the wiring parts a
   * handler does not name).
   */
  readonly unreachable: readonly string[];
  readonly metafile: Metafile;
}

/**
 * Builds one Lambda's asset: the one build function of the stack (infra/constructs/claim-function.ts, at
 * synth time) and of the cold-start bench. Synchronous, because CDK's local bundling is. The folder holds
 * only what this function can load: one build per function, and the chunks its own code cannot reach
 * (see LambdaBuild.unreachable) deleted with their source maps.
 */
export function buildLambda(
  entry: string | { source: string },
  outdir: string,
  projectRoot: string,
  /** Options over the stack's: only the bench's comparisons use it (the reference with the SDK's default credential chain). */
  override: Partial<BuildOptions> = {},
): LambdaBuild {
  const { metafile } = buildSync({ ...lambdaBuildOptions(entry, outdir, projectRoot), ...override });
  if (metafile === undefined) throw new Error('esbuild wrote no metafile');
  const built = summarize(metafile, outdir, projectRoot);
  for (const file of built.unreachable) {
    for (const written of [file, `${file}.map`]) rmSync(path.join(outdir, written), { force: true });
  }
  return built;
}

/** The files, the start set and the unreachable chunks of a build, from its metafile (output paths are relative to `projectRoot`). */
export function summarize(metafile: Metafile, outdir: string, projectRoot: string): LambdaBuild {
  const relative = (output: string) =>
    path.relative(outdir, path.resolve(projectRoot, output)).replaceAll('\\', '/');
  const code = Object.entries(metafile.outputs).filter(([output]) => output.endsWith('.mjs'));
  const byPath = new Map(code.map(([output, meta]) => [relative(output), meta]));
  /** The files loaded from the entry by the import kinds given, the entry included. */
  const closure = (kinds: ReadonlySet<string>): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      const meta = byPath.get(file);
      if (meta === undefined || seen.has(file)) return;
      seen.add(file);
      for (const imported of meta.imports) {
        if (kinds.has(imported.kind) && imported.external !== true) visit(relative(imported.path));
      }
    };
    visit(LAMBDA_ENTRY_FILE);
    return seen;
  };
  const start = closure(new Set(['import-statement']));
  const reachable = closure(new Set(['import-statement', 'dynamic-import']));
  const all = code.map(([output, meta]) => ({ path: relative(output), bytes: meta.bytes }));
  const files = all.filter((file) => reachable.has(file.path));
  const sum = (list: readonly { bytes: number }[]) => list.reduce((total, file) => total + file.bytes, 0);
  return {
    files,
    startFiles: [...start],
    startBytes: sum(files.filter((file) => start.has(file.path))),
    totalBytes: sum(files),
    unreachable: all.filter((file) => !reachable.has(file.path)).map((file) => file.path),
    metafile,
  };
}

/**
 * The environment of the install of a function's native modules (FunctionDef `nativeModules`): npm picks
 * the optional packages of Lambda's platform (sharp's `@img/sharp-linux-arm64` and its libvips), not the
 * building machine's.
 */
export const NATIVE_INSTALL_ENV: Readonly<Record<string, string>> = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/**
 * Installs a function's native modules (FunctionDef `nativeModules`) beside its bundle, at the versions
 * the project's package.json pins, for Lambda's platform (NATIVE_INSTALL_ENV).
 */
export function installNativeModules(outdir: string, modules: readonly string[], projectRoot: string): void {
  const pinned =
    (
      JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      }
    ).dependencies ?? {};
  const dependencies = Object.fromEntries(
    modules.map((name) => {
      const version = pinned[name];
      if (version === undefined) throw new Error(`native module ${name} is not a dependency of package.json`);
      return [name, version];
    }),
  );
  writeFileSync(path.join(outdir, 'package.json'), JSON.stringify({ type: 'module', dependencies }));
  execFileSync(
    'npm',
    ['install', '--omit=dev', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts'],
    {
      cwd: outdir,
      env: { ...process.env, ...NATIVE_INSTALL_ENV },
      stdio: 'ignore',
    },
  );
}
