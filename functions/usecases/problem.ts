import type { FieldError } from '../domain/claim-schema.ts';

/** An error the API shows to its caller as `application/problem+json` (RFC 9457). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    options?: ErrorOptions,
  ) {
    super(`${status} ${title}: ${detail}`, options);
  }
}

export const problems = {
  invalid: (errors: readonly FieldError[]) =>
    new HttpProblem(400, 'Invalid request', `${errors.length} field(s) are invalid`, errors),
  forbidden: (detail: string) => new HttpProblem(403, 'Forbidden', detail),
  notFound: (detail: string) => new HttpProblem(404, 'Not found', detail),
  conflict: (detail: string) => new HttpProblem(409, 'Conflict', detail),
};
