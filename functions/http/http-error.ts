import type { FieldError } from '../domain/errors.ts';

/**
 * A refusal of the request's HTTP form, before any use case runs: no bearer token (401), a body too
 * large (413) or of the wrong media type (415), a body that is not JSON (400). Shown as
 * `application/problem+json` by `problems-middleware.ts`, like the domain errors.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly expose = true;
  constructor(
    readonly status: 400 | 401 | 413 | 415,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}
