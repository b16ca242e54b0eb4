import { HttpError } from './http-error.ts';
import type { HttpEvent } from './http-handler.ts';
import { header } from './request.ts';

/** A file of a multipart form, with its fields. */
export interface MultipartForm {
  readonly fields: Record<string, string>;
  readonly file: { readonly contentType: string; readonly bytes: Uint8Array; readonly name: string } | null;
}

/**
 * The fields and the (first) file of a `multipart/form-data` body, parsed by the runtime's own form
 * parser (the Fetch API's). Anything else is a 415.
 */
export async function multipartForm(event: HttpEvent, fileField = 'file'): Promise<MultipartForm> {
  const type = header(event, 'content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new HttpError(415, 'Unsupported media type', 'send the form as multipart/form-data');
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  let form: FormData;
  try {
    form = await new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    }).formData();
  } catch {
    throw new HttpError(400, 'Invalid form', 'the body is not a valid multipart form', [
      { field: '(body)', message: 'is not a valid multipart form' },
    ]);
  }
  const fields: Record<string, string> = {};
  let file: MultipartForm['file'] = null;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else if (name === fileField && file === null) {
      file = {
        contentType: value.type,
        bytes: new Uint8Array(await value.arrayBuffer()),
        name: value.name,
      };
    }
  }
  return { fields, file };
}
