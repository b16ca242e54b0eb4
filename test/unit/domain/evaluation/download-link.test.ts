import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalExportFiles } from '../../../../functions/adapters/local-export-files.ts';
import {
  downloadLinkValid,
  downloadSignature,
} from '../../../../functions/domain/evaluation/download-link.ts';

const SECRET = 'local-download-link-secret-0123456789';

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part, 'utf8');
}

describe('download links', () => {
  const now = new Date('2026-11-28T10:00:00.000Z');
  const expires = Math.floor(now.getTime() / 1000) + 900;
  const link = {
    exportId: 'E01',
    name: 'a.csv',
    expires,
    sig: downloadSignature(SECRET, 'E01', 'a.csv', expires),
  };

  it('accepts our signature until it expires', () => {
    expect(downloadLinkValid(SECRET, link, now)).toBe('ok');
    expect(downloadLinkValid(SECRET, link, new Date((expires + 1) * 1000))).toBe('expired');
  });

  it('refuses a link for another file, a later expiry, another key or a cut signature', () => {
    expect(downloadLinkValid(SECRET, { ...link, name: 'b.csv' }, now)).toBe('forged');
    expect(downloadLinkValid(SECRET, { ...link, expires: expires + 3600 }, now)).toBe('forged');
    expect(downloadLinkValid(`${SECRET}x`, link, now)).toBe('forged');
    expect(downloadLinkValid(SECRET, { ...link, sig: link.sig.slice(1) }, now)).toBe('forged');
  });
});

describe('LocalExportFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a file from its chunks, reads it back, and links to it with a signed expiring URL', async () => {
    const files = new LocalExportFiles(
      dir,
      'http://127.0.0.1:3000',
      SECRET,
      () => new Date(1_800_000_000_000),
    );
    await files.write('E01', 'a.csv', 'text/csv', chunks('x,y\r\n', '1,2\r\n'));
    expect((await files.read('E01', 'a.csv'))?.toString('utf8')).toBe('x,y\r\n1,2\r\n');
    expect(await files.read('E01', 'missing.csv')).toBeNull();
    const url = new URL(await files.downloadUrl('E01', 'a.csv', 60));
    expect(url.pathname).toBe('/exports/E01/files/a.csv');
    expect(url.searchParams.get('expires')).toBe('1800000060');
    expect(url.searchParams.get('sig')).toBe(downloadSignature(SECRET, 'E01', 'a.csv', 1_800_000_060));
  });

  it('keeps no partial file when a write fails, and refuses names that leave its folder', async () => {
    const files = new LocalExportFiles(dir, 'http://127.0.0.1:3000', SECRET);
    async function* failing() {
      yield Buffer.from('half');
      throw new Error('scan failed');
    }
    await expect(files.write('E02', 'b.csv', 'text/csv', failing())).rejects.toThrow('scan failed');
    expect(await files.read('E02', 'b.csv')).toBeNull();
    expect(await files.read('E02', 'b.csv.partial')).toBeNull();
    await expect(files.read('E01', '../E01/a.csv')).rejects.toThrow('not a plain name');
    await expect(files.downloadUrl('..', 'a.csv', 60)).rejects.toThrow('not a plain name');
  });
});
