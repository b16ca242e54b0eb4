import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  LOCAL_BUCKET_PATH,
  LOCAL_DOCUMENTS_BUCKET,
  LocalDocumentFiles,
  localPolicySignatureValid,
  localViewLinkValid,
} from '../../functions/adapters/local-document-files.ts';
import {
  isDocumentContentType,
  isDocumentFileKey,
  MAX_DOCUMENT_BYTES,
  parseDocumentObjectKey,
} from '../../functions/domain/documents/document.ts';
import { decodePolicy, policyViolation } from '../../functions/domain/documents/upload-policy.ts';
import {
  isUploadContentType,
  MAX_UPLOAD_BYTES,
  parseUploadObjectKey,
} from '../../functions/domain/uploads/upload.ts';

/** Room for the form's fields and boundaries around a file of the largest size. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** What the documents bucket's "Object Created" event handler answers (functions/handlers/document-uploaded.ts). */
interface CheckOutcome {
  readonly stored: boolean;
  readonly refusal?: { readonly code: string; readonly field: string; readonly reason: string };
}

export interface LocalDocumentBucket {
  /** Answers a request of the bucket's paths; false: not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  errors: { field: string; message: string }[] = [],
  /** S3's error code (`AccessDenied`), or the refusal's (`type-mismatch`); the title by default. */
  code = title,
): void {
  res.writeHead(status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title,
      status,
      code,
      detail,
      ...(errors.length > 0 ? { errors } : {}),
    }),
  );
}

/** The body, or null when it is over `limit` (read to its end all the same, so the client gets the answer). */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/**
 * The documents bucket on one machine, served by the local HTTP API: `POST /local-bucket/documents`
 * takes an upload form as S3 takes a presigned POST (multipart/form-data, the fields, then `file`; the
 * policy's signature, expiry and fields checked; 204 when kept), writes the file under the data folder
 * and hands the "Object Created" event to the same function as EventBridge does in AWS, at once: a file
 * that fails its checks (type sniffed from the bytes, size, SHA-256) is removed with its document and
 * answered 422 with the reason. A staff file (`uploads/…`, up to 50 MiB) is kept as sent, as S3 would
 * keep it; the route that takes it checks its size and SHA-256. `GET /local-bucket/documents/<key>?expires=…&sig=…` serves a file by a
 * signed link until it expires, as a presigned GET does.
 */
export function localDocumentBucket(opts: {
  dir: string;
  baseUrl: () => string;
  secret: () => Promise<string>;
  onObjectCreated: (event: unknown) => Promise<unknown>;
  now?: () => Date;
}): LocalDocumentBucket {
  const now = opts.now ?? (() => new Date());
  const files = () => new LocalDocumentFiles(opts.dir, opts.baseUrl(), opts.secret, now);

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    const body = await readLimited(req, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
    if (body === null) {
      problem(res, 400, 'EntityTooLarge', `an upload may have at most ${MAX_UPLOAD_BYTES} bytes (50 MiB)`);
      return;
    }
    if (!/^multipart\/form-data\b/i.test(type)) {
      problem(res, 400, 'InvalidArgument', 'send the upload form as multipart/form-data');
      return;
    }
    let form: FormData;
    try {
      form = await new Request('http://local/', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      }).formData();
    } catch {
      problem(res, 400, 'MalformedPOSTRequest', 'the body is not a well-formed multipart/form-data form');
      return;
    }
    const fields: Record<string, string> = {};
    let file: Blob | null = null;
    for (const [name, value] of form.entries()) {
      if (name.toLowerCase() === 'file' && typeof value !== 'string') {
        file = value;
        break; // S3 ignores fields after the file
      }
      if (typeof value === 'string') fields[name] = value;
    }
    const field = (name: string) =>
      Object.entries(fields).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    if (file === null) {
      problem(res, 400, 'InvalidArgument', 'the form has no file: POST the fields, then the file as `file`');
      return;
    }
    const encoded = field('policy') ?? '';
    const policy = decodePolicy(encoded);
    if (
      policy === null ||
      !localPolicySignatureValid(await opts.secret(), encoded, field('x-amz-signature') ?? '')
    ) {
      problem(res, 403, 'AccessDenied', 'the upload form is not one this API signed');
      return;
    }
    const violation = policyViolation(policy, fields, file.size, now(), false);
    const key = field('key') ?? '';
    const contentType = field('content-type') ?? '';
    if (violation === null && parseUploadObjectKey(key) !== null && isUploadContentType(contentType)) {
      // A staff file: kept as sent; its size and SHA-256 are checked by the route that takes it.
      await files().put(key, new Uint8Array(await file.arrayBuffer()), contentType);
      res.writeHead(204, { location: `${LOCAL_BUCKET_PATH}/${key}` });
      res.end();
      return;
    }
    if (body.length > MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES) {
      problem(res, 400, 'EntityTooLarge', `a document may have at most ${MAX_DOCUMENT_BYTES} bytes (10 MiB)`);
      return;
    }
    if (violation !== null || parseDocumentObjectKey(key) === null || !isDocumentContentType(contentType)) {
      problem(
        res,
        403,
        'AccessDenied',
        `invalid according to the policy: ${violation ?? 'not a document form'}`,
      );
      return;
    }
    await files().put(key, new Uint8Array(await file.arrayBuffer()), contentType);
    const outcome = (await opts.onObjectCreated({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: LOCAL_DOCUMENTS_BUCKET }, object: { key, size: file.size } },
    })) as CheckOutcome;
    if (outcome.stored) {
      res.writeHead(204, { location: `${LOCAL_BUCKET_PATH}/${key}` });
      res.end();
      return;
    }
    const refusal = outcome.refusal ?? { code: 'refused', field: 'file', reason: 'the file was refused' };
    problem(
      res,
      422,
      'Document refused',
      refusal.reason,
      [{ field: refusal.field, message: refusal.reason }],
      refusal.code,
    );
  }

  async function view(res: ServerResponse, url: URL): Promise<void> {
    const key = url.pathname.slice(LOCAL_BUCKET_PATH.length + 1);
    const expires = Number(url.searchParams.get('expires'));
    const fileName = url.searchParams.get('filename') ?? '';
    if (!isDocumentFileKey(key)) {
      problem(res, 404, 'NoSuchKey', 'no such document');
      return;
    }
    const verdict = localViewLinkValid(
      await opts.secret(),
      {
        key,
        expires: Number.isSafeInteger(expires) ? expires : 0,
        fileName,
        sig: url.searchParams.get('sig') ?? '',
      },
      now(),
    );
    if (verdict !== 'ok') {
      problem(
        res,
        403,
        'AccessDenied',
        verdict === 'expired' ? 'the link has expired' : 'the link is not valid',
      );
      return;
    }
    const local = files();
    const [bytes, contentType] = await Promise.all([local.read(key), local.contentType(key)]);
    if (bytes === null) {
      problem(res, 404, 'NoSuchKey', 'no such document');
      return;
    }
    const safeName = fileName.replace(/["\\\r\n]/g, '_');
    res.writeHead(200, {
      'content-type': contentType ?? 'application/octet-stream',
      'content-length': String(bytes.byteLength),
      ...(safeName === '' ? {} : { 'content-disposition': `inline; filename="${safeName}"` }),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    });
    res.end(bytes);
  }

  return {
    async handle(req, res, url) {
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'POST' && url.pathname === LOCAL_BUCKET_PATH) {
        await upload(req, res);
        return true;
      }
      if (method === 'GET' && url.pathname.startsWith(`${LOCAL_BUCKET_PATH}/`)) {
        await view(res, url);
        return true;
      }
      return false;
    },
  };
}
