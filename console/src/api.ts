/** The HTTP API, called with the signed-in user's token; a refusal becomes an ApiError with the problem's text. */
import { currentSession, signIn } from './auth.ts';
import { appPath, loadConfig } from './config.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

async function problemText(res: Response): Promise<{ text: string; body: unknown }> {
  const body: unknown = await res.json().catch(() => null);
  if (body !== null && typeof body === 'object') {
    const p = body as { title?: unknown; detail?: unknown; message?: unknown; errors?: unknown };
    const parts = [p.title, p.detail, p.message].filter((x): x is string => typeof x === 'string');
    if (Array.isArray(p.errors))
      for (const e of p.errors as { field?: string; message?: string }[])
        parts.push([e.field, e.message].filter(Boolean).join(': '));
    if (parts.length > 0) return { text: `${res.status} ${parts.join(' — ')}`, body };
  }
  return { text: `${res.status} ${res.statusText}`, body };
}

/** An authorised request; an expired or refused token sends the user to sign in again, back here after. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const config = await loadConfig();
  const session = currentSession();
  if (session === null) return signIn(config, appPath() + location.search);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${session.idToken}`);
  const res = await fetch(`${config.apiUrl}${path}`, { ...init, headers });
  if (res.status === 401) return signIn(config, appPath() + location.search);
  if (!res.ok) {
    const { text, body } = await problemText(res);
    throw new ApiError(res.status, text, body);
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request(path, { headers: { accept: 'application/json' } })).json()) as T;
}

export async function sendJson<T>(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  headers = {},
): Promise<T> {
  const res = await request(path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** A DELETE whose answer is JSON. */
export async function deleteJson<T>(path: string): Promise<T> {
  return (await (
    await request(path, { method: 'DELETE', headers: { accept: 'application/json' } })
  ).json()) as T;
}

/** A file the API answers (a bank file) saved by the browser under `name`. */
export async function download(path: string, name: string, accept: string): Promise<void> {
  const res = await request(path, { headers: { accept } });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What `POST /uploads` answers: the form to send the file with, and the id a route takes it by. */
interface UploadForm {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
}

async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends a form with a file (no token: the form's signature is its credential), reporting the upload's progress. */
function postForm(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network error', null));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new ApiError(xhr.status, `${xhr.status} ${xhr.statusText}`, xhr.responseText));
    };
    xhr.send(form);
  });
}

/**
 * A file of any size (up to the API's 50 MiB) for a route that takes `{uploadId}`: `POST /uploads` with its
 * size and SHA-256, the file sent whole by the signed form (S3 in AWS, the local API's bucket locally) with
 * its progress, then `POST path {uploadId}`, whose answer (or refusal) is the route's.
 */
export async function uploadThenPost<T>(
  purpose: 'bank-result' | 'member-import',
  path: string,
  file: File,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<T> {
  const form = await sendJson<UploadForm>('POST', '/uploads', {
    purpose,
    contentType,
    bytes: file.size,
    sha256: await sha256Hex(file),
  });
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', file);
  await postForm(form.url, body, onProgress);
  return sendJson<T>('POST', path, { uploadId: form.uploadId });
}
