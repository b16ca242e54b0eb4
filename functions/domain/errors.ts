/** A field of a request and what is wrong with it (`payee.accountNumber`, `evidence.0.number`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

interface Particulars {
  /** A title more precise than the kind's own (`Already closed` rather than `Conflict`). */
  readonly title?: string;
  /** The fields at fault. */
  readonly errors?: readonly FieldError[];
  readonly cause?: unknown;
}

/**
 * Why a use case refuses a request, by meaning. The HTTP edge (`http/problems-middleware.ts`) maps each
 * kind to a status and shows `title`, `detail` and `errors` as `application/problem+json`. As with
 * middy's http errors, `expose` says whether the caller may read them: a refusal of the caller's request
 * always is; a failure on our side only when it is built to be (anything else is a bare 500, logged).
 */
export abstract class DomainError extends Error {
  readonly title: string;
  readonly errors: readonly FieldError[];
  readonly expose: boolean = true;

  protected constructor(
    kindTitle: string,
    readonly detail: string,
    particulars: Particulars = {},
  ) {
    const title = particulars.title ?? kindTitle;
    super(`${title}: ${detail}`, particulars.cause === undefined ? undefined : { cause: particulars.cause });
    this.title = title;
    this.errors = particulars.errors ?? [];
  }
}

/** The request names fields that are missing or wrong (400). */
export class Invalid extends DomainError {
  override readonly name = 'Invalid';
  constructor(
    errors: readonly FieldError[],
    particulars: Omit<Particulars, 'errors'> & { detail?: string } = {},
  ) {
    super('Invalid request', particulars.detail ?? `${errors.length} field(s) are invalid`, {
      ...particulars,
      errors,
    });
  }
}

/** The caller may not do this (403). */
export class Forbidden extends DomainError {
  override readonly name = 'Forbidden';
  constructor(detail: string, particulars?: Particulars) {
    super('Forbidden', detail, particulars);
  }
}

/** No such thing, or none the caller may see (404). */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';
  constructor(detail: string, particulars?: Particulars) {
    super('Not found', detail, particulars);
  }
}

/** The thing is not in a state that allows this, or changed meanwhile (409). */
export class Conflict extends DomainError {
  override readonly name = 'Conflict';
  constructor(detail: string, particulars?: Particulars) {
    super('Conflict', detail, particulars);
  }
}

/** The thing existed but is gone for good: an expired link (410). */
export class Gone extends DomainError {
  override readonly name = 'Gone';
  constructor(detail: string, particulars?: Particulars) {
    super('Gone', detail, particulars);
  }
}

/** The request is well-formed, but the rules refuse it: a claim on a retired program (422). */
export class Refused extends DomainError {
  override readonly name = 'Refused';
  constructor(detail: string, particulars?: Particulars) {
    super('Refused', detail, particulars);
  }
}

/** A failure on our side, shown to the caller only when built with `expose` (else a bare 500). */
interface FailureParticulars extends Particulars {
  readonly expose?: boolean;
}

/** A stored record lacks a part it must have: an export without its manifest (500). */
export class Incomplete extends DomainError {
  override readonly name = 'Incomplete';
  override readonly expose: boolean;
  constructor(detail: string, particulars: FailureParticulars = {}) {
    super('Incomplete', detail, particulars);
    this.expose = particulars.expose ?? false;
  }
}

/** A service the request needs did not answer; the same request may be sent again (503). */
export class Unavailable extends DomainError {
  override readonly name = 'Unavailable';
  override readonly expose: boolean;
  constructor(detail: string, particulars: FailureParticulars = {}) {
    super('Unavailable', detail, particulars);
    this.expose = particulars.expose ?? false;
  }
}
