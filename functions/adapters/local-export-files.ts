import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { downloadSignature } from '../domain/evaluation/download-link.ts';
import type { ExportFiles } from '../ports/exports.ts';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Export files in a folder (`<dataDir>/exports/<exportId>/`) standing in for the S3 bucket; download
 * links are served by the local HTTP API and signed with an expiry, like presigned URLs.
 */
export class LocalExportFiles implements ExportFiles {
  constructor(
    private readonly dir: string,
    private readonly baseUrl: string,
    /** The download-link key, or where to read it. */
    private readonly secret: string | (() => Promise<string>),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private path(exportId: string, name: string): string {
    if (!SAFE.test(exportId) || !SAFE.test(name))
      throw new RangeError(`not a plain name: ${exportId}/${name}`);
    return join(this.dir, exportId, name);
  }

  async write(exportId: string, name: string, _contentType: string, chunks: AsyncIterable<Buffer>) {
    const file = this.path(exportId, name);
    await mkdir(join(this.dir, exportId), { recursive: true });
    const partial = `${file}.partial`;
    const out = createWriteStream(partial);
    try {
      await pipeline(chunks, out);
      await rename(partial, file);
    } catch (error) {
      // A stream destroyed before it opened its file still opens (and closes) it: remove it after that.
      if (!out.closed) await new Promise<void>((closed) => out.once('close', () => closed()));
      await rm(partial, { force: true });
      throw error;
    }
  }

  async read(exportId: string, name: string): Promise<Buffer | null> {
    return readFile(this.path(exportId, name)).catch(() => null);
  }

  /** The file as a stream, for the download route. */
  open(exportId: string, name: string) {
    return createReadStream(this.path(exportId, name));
  }

  async downloadUrl(exportId: string, name: string, ttlSeconds: number): Promise<string> {
    this.path(exportId, name);
    const expires = Math.floor(this.now().getTime() / 1000) + ttlSeconds;
    const secret = typeof this.secret === 'string' ? this.secret : await this.secret();
    const sig = downloadSignature(secret, exportId, name, expires);
    return `${this.baseUrl}/exports/${exportId}/files/${name}?expires=${expires}&sig=${sig}`;
  }
}
