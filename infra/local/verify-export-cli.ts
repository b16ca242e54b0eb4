/**
 * `npm run verify-export -- <dir> [--public-key FILE]`: checks an evaluation export folder: the manifest's
 * Ed25519 signature with the trusted public key (by default the local stack's, from its data folder),
 * then every file's size and SHA-256. Prints which file fails; exit 0 when all verify, 1 when not.
 */

import type { KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ExportManifest,
  MANIFEST_NAME,
  parsePublicKey,
  publicKeyPem,
  signingKeyFromSecret,
  verifyExport,
} from '../../functions/domain/evaluation/manifest.ts';
import { localKeys } from './local-idp.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';

/** The public key of the local stack's export signing key, also written next to its secrets as PEM. */
export async function localExportPublicKey(dataDir: string): Promise<{ key: KeyObject; pemFile: string }> {
  const { keys } = await localKeys(dataDir);
  const pem = publicKeyPem(signingKeyFromSecret(keys.exportSigning));
  const pemFile = join(dataDir, 'export-signing-key.pub.pem');
  await writeFile(pemFile, pem);
  return { key: parsePublicKey(pem), pemFile };
}

/** Verifies the export in `dir`; the lines to print and the exit code. */
export async function verifyExportDir(
  dir: string,
  trustedKey: KeyObject,
): Promise<{ lines: string[]; exitCode: 0 | 1 }> {
  const text = await readFile(join(dir, MANIFEST_NAME), 'utf8').catch(() => null);
  if (text === null) return { lines: [`FAIL ${MANIFEST_NAME}: missing in ${dir}`], exitCode: 1 };
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(text) as ExportManifest;
  } catch {
    return { lines: [`FAIL ${MANIFEST_NAME}: not JSON`], exitCode: 1 };
  }
  const problems = await verifyExport(manifest, trustedKey, (name) =>
    readFile(join(dir, basename(name))).catch(() => null),
  );
  const failed = new Set(problems.map((p) => p.file));
  const lines = problems.map((p) => `FAIL ${p.file}: ${p.problem}`);
  for (const file of manifest.files ?? [])
    if (!failed.has(file.name)) lines.push(`ok   ${file.name} ${file.sha256}`);
  if (!failed.has(MANIFEST_NAME))
    lines.push(`ok   ${MANIFEST_NAME} signature (Ed25519, key ${manifest.signature?.keyId})`);
  lines.push(
    problems.length === 0
      ? `export ${manifest.exportId} verifies`
      : `export ${manifest.exportId} does NOT verify`,
  );
  return { lines, exitCode: problems.length === 0 ? 0 : 1 };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'public-key': { type: 'string' },
      ...STACK_OPTIONS,
    },
  });
  const dir = positionals[0];
  if (dir === undefined) {
    process.stderr.write(
      `usage: npm run verify-export -- <export folder> [--public-key FILE.pem]\nWithout --public-key, the key of the running local stack:\n${STACK_USAGE}\n`,
    );
    process.exit(2);
  }
  const key =
    values['public-key'] === undefined
      ? (await localExportPublicKey(stackOrExit(values).dataDir)).key
      : parsePublicKey(await readFile(values['public-key'], 'utf8'));
  const { lines, exitCode } = await verifyExportDir(resolve(dir), key);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = exitCode;
}

if (import.meta.filename === process.argv[1]) await main();
