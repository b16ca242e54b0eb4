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

/**
 * An upload with its progress (fetch reports none): XMLHttpRequest, the same token and the same refusals.
 */
export async function upload<T>(
  path: string,
  body: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<T> {
  const config = await loadConfig();
  const session = currentSession();
  if (session === null) return signIn(config, appPath());
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${config.apiUrl}${path}`);
    xhr.setRequestHeader('authorization', `Bearer ${session.idToken}`);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network error', null));
    xhr.onload = () => {
      onProgress(1);
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 401) {
        void signIn(config, appPath());
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else {
        const p = (parsed ?? {}) as { title?: string; detail?: string };
        reject(
          new ApiError(
            xhr.status,
            `${xhr.status} ${[p.title, p.detail].filter(Boolean).join(' — ')}`,
            parsed,
          ),
        );
      }
    };
    xhr.send(body);
  });
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
