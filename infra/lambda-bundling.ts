/**
 * How every Lambda is bundled, in one place: the CDK construct (infra/constructs/claim-function.ts) turns
 * these options into NodejsFunction bundling props, and the cold-start benchmark (bench/coldstart.ts) and
 * the tests that import a bundle pass them to esbuild's API, so both build the same file.
 */
import type { BuildOptions } from 'esbuild';

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

/** esbuild API options that bundle `entry` as the stack does, run in `projectRoot` (where the aliases resolve). */
export function lambdaBuildOptions(entry: string, outfile: string, projectRoot: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
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
