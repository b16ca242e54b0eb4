import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../../functions/http/http-handler.ts';
import { multipartForm } from '../../../functions/http/multipart.ts';

/** An event as API Gateway (and the local HTTP API) passes a binary body: base64. */
async function eventOf(body: FormData | string, type?: string): Promise<HttpEvent> {
  const request = new Request('http://localhost/u/x', { method: 'POST', body });
  const bytes = Buffer.from(await request.arrayBuffer());
  return {
    headers: { 'content-type': type ?? request.headers.get('content-type') ?? '' },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  } as unknown as HttpEvent;
}

describe('multipartForm', () => {
  it('reads the fields and the file, its bytes unchanged', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x80, 0x0a]);
    const form = new FormData();
    form.append('csrf', 'token');
    form.append('kind', 'invoice');
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'scan.pdf');
    const parsed = await multipartForm(await eventOf(form));
    expect(parsed.fields).toEqual({ csrf: 'token', kind: 'invoice' });
    expect(parsed.file?.contentType).toBe('application/pdf');
    expect(parsed.file?.name).toBe('scan.pdf');
    expect([...(parsed.file?.bytes ?? [])]).toEqual([...bytes]);
  });

  it('has no file when none was sent', async () => {
    const form = new FormData();
    form.append('csrf', 'token');
    expect((await multipartForm(await eventOf(form))).file).toBeNull();
  });

  it('refuses a body that is not a multipart form (415), and a broken one (400)', async () => {
    await expect(
      multipartForm(await eventOf('csrf=x', 'application/x-www-form-urlencoded')),
    ).rejects.toMatchObject({
      status: 415,
    });
    await expect(
      multipartForm(await eventOf('not a form', 'multipart/form-data; boundary=nothing-here')),
    ).rejects.toMatchObject({ status: 400 });
  });
});
