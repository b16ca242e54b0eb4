import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_SHARED_SOURCES, consoleFingerprint } from '../../../../infra/local/console-build.ts';

describe('the console build fingerprint', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('changes when a shared source the console imports changes, not only its own folder', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'console-src-'));
    dirs.push(dir);
    await writeFile(join(dir, 'main.ts'), 'export {};\n');
    const shared = join(dir, '..', `${dir.split('/').pop()}-labels.ts`);
    dirs.push(shared);
    await writeFile(shared, "export const A = { zh: '甲', en: 'A' };\n");

    // Act
    const before = await consoleFingerprint(dir, [shared]);
    await writeFile(shared, "export const A = { zh: '乙', en: 'A' };\n");
    const after = await consoleFingerprint(dir, [shared]);

    // Assess
    expect(after).not.toBe(before);
  });

  it("counts the evidence labels and the claim statuses among the console's sources", () => {
    expect(CONSOLE_SHARED_SOURCES.some((f) => f.endsWith(join('domain', 'programs', 'labels.ts')))).toBe(
      true,
    );
    expect(CONSOLE_SHARED_SOURCES.some((f) => f.endsWith(join('domain', 'claim.ts')))).toBe(true);
  });
});
