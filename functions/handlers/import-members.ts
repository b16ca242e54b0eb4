import { Invalid } from '../domain/errors.ts';
import { HttpError } from '../http/http-error.ts';
import type { HttpEvent } from '../http/http-handler.ts';
import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { header, identityOf, uploadReference } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { log } from '../logging/logger.ts';
import { documentFiles, keys, now, registry, uploads } from '../wiring.ts';

/** Bigger lists are sent by `POST /uploads` (up to 50 MiB) or through the command line (`npm run import-members`). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** How the body is handed to the use case: in pieces, as a file would be read. */
const PIECE_BYTES = 64 * 1024;

const CSV_TYPES =
  /^(text\/(csv|plain|comma-separated-values)|application\/(csv|octet-stream|vnd\.ms-excel))\s*(;|$)/i;

/** The CSV file's bytes: base64 when API Gateway passed them as binary, else the text it passed. */
function csvBytes(event: HttpEvent): Buffer {
  const type = header(event, 'content-type') ?? '';
  if (type !== '' && !CSV_TYPES.test(type)) {
    throw new HttpError(
      415,
      'Unsupported media type',
      'send the CSV file as text/csv (UTF-8) or application/octet-stream (any encoding)',
    );
  }
  const body = event.body ?? '';
  if (event.isBase64Encoded !== true && body.includes('\uFFFD')) {
    throw new HttpError(
      415,
      'Unsupported media type',
      '文件不是 UTF-8，请以 application/octet-stream 上传 / the file is not UTF-8 and was passed on as text, which lost characters; send GB18030 files as application/octet-stream',
    );
  }
  const bytes = event.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new HttpError(
      413,
      'File too large',
      `文件超过 5 MB，请用命令行导入 / the file is larger than ${MAX_IMPORT_BYTES} bytes (5 MB); import bigger lists with the command line: npm run import-members -- FILE`,
    );
  }
  if (bytes.length === 0) {
    throw new Invalid([{ field: '(body)', message: 'send the member list as the body (CSV)' }]);
  }
  return bytes;
}

async function* pieces(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += PIECE_BYTES) yield bytes.subarray(i, i + PIECE_BYTES);
}

/**
 * POST /members/import?encoding=auto|utf8|gb18030&dryRun=true&allOrNothing=true, body: the CSV file →
 * 200 with the counts and the rows in error (ID numbers masked).
 */
export const handler = lazyHttpHandler(
  async () => {
    const [
      { fieldErrors },
      { MemberImportQuery },
      { actorOf },
      { importMembers, importScope },
      { takeUpload },
    ] = await Promise.all([
      import('../schemas/field-errors.ts'),
      import('../schemas/members.ts'),
      import('../usecases/access.ts'),
      import('../usecases/import-members.ts'),
      import('../usecases/uploads.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      const scopeUnitPath = await importScope(deps.registry, identity);
      const query = MemberImportQuery.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw new Invalid(fieldErrors(query.error));
      const body = uploadReference(event);
      const bytes =
        body === null
          ? csvBytes(event)
          : Buffer.from(await takeUpload(deps, { identity, body, purpose: 'member-import' }));
      const result = await importMembers(deps, {
        open: () => pieces(bytes),
        encoding: query.data.encoding,
        hashKey: await (await keys()).get('idNumberHash'),
        scopeUnitPath,
        actor: actorOf(identity),
        dryRun: query.data.dryRun,
        allOrNothing: query.data.allOrNothing,
      });
      log.info('member import', {
        by: identity.subject,
        scope: scopeUnitPath,
        bytes: bytes.length,
        rows: result.rows,
        valid: result.valid,
        invalid: result.invalid,
        created: result.created,
        updated: result.updated,
        dryRun: result.dryRun,
      });
      return json(200, result);
    };
  },
  { documentFiles, now, registry, uploads },
);
