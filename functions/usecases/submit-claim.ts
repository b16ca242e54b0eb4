import { createHash } from 'node:crypto';
import { beijingDate } from '../domain/calendar.ts';
import { type Claim, FINAL_STATUSES } from '../domain/claim.ts';
import { validateFacts } from '../domain/claim-facts.ts';
import { Conflict, Forbidden, Invalid, Refused, Unavailable } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { newClaimId, newClaimLinkSeed } from '../domain/ids.ts';
import { partiesOf } from '../domain/parties.ts';
import { payeeHashOf } from '../domain/payments/payee-hash.ts';
import { programState, versionInForce, versionRef } from '../domain/programs/versions.ts';
import { ClaimSubmission } from '../schemas/claims.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { actorOf, canActFor } from './access.ts';
import type { Deps } from './deps.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface SubmitResult {
  readonly claimId: string;
  readonly status: Claim['status'];
  readonly statusUrl: string;
  /** False when the same key and body found an existing claim. */
  readonly created: boolean;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function maskAccount(account: string): string {
  return `${'*'.repeat(Math.max(0, account.length - 4))}${account.slice(-4)}`;
}

/**
 * POST /claims: validates the body, checks the caller may claim for this member, stores the claim
 * with its idempotency key in one transaction, and starts its execution (named by the claim id).
 */
export async function submitClaim(
  deps: Pick<Deps, 'claims' | 'registry' | 'programs' | 'workflow' | 'now' | 'payeeKey'>,
  request: { identity: Identity; idempotencyKey: string | undefined; body: unknown },
): Promise<SubmitResult> {
  const { identity, idempotencyKey } = request;
  const keyErrors =
    idempotencyKey === undefined
      ? [{ field: 'Idempotency-Key', message: 'header is required' }]
      : IDEMPOTENCY_KEY.test(idempotencyKey)
        ? []
        : [{ field: 'Idempotency-Key', message: 'must be 8 to 128 characters of A-Z a-z 0-9 _ . : -' }];
  const parsed = ClaimSubmission.safeParse(request.body);
  const errors = [...keyErrors, ...(parsed.success ? [] : fieldErrors(parsed.error))];
  if (!parsed.success || idempotencyKey === undefined || errors.length > 0) throw new Invalid(errors);
  const body = parsed.data;
  const now = deps.now();
  const today = beijingDate(now);
  const versions = await deps.programs.listVersions();
  const state = programState(versions, body.program, today);
  if (state === 'unknown')
    throw new Invalid([{ field: 'program', message: 'is not a program of the federation' }]);
  if (state === 'retired') {
    const retired = versionInForce(versions, body.program, today);
    throw new Refused(
      `program ${body.program} was retired on ${retired?.effectiveFrom ?? 'an earlier date'} and takes no new claims`,
      {
        title: 'Program retired',
        errors: [
          { field: 'program', message: `was retired on ${retired?.effectiveFrom ?? 'an earlier date'}` },
        ],
      },
    );
  }
  const version = versionInForce(versions, body.program, body.incidentDate);
  const factErrors =
    version === null
      ? [{ field: 'incidentDate', message: `is before program ${body.program} began` }]
      : validateFacts(version, body.benefit, body.facts);
  if (factErrors.length > 0) throw new Invalid(factErrors);

  if (body.incidentDate > today) {
    throw new Invalid([{ field: 'incidentDate', message: 'must not be in the future' }]);
  }
  if (!identity.roles.some((role) => role === 'member' || role === 'staff' || role === 'admin')) {
    throw new Forbidden('only members, union staff and admins submit claims');
  }
  const member = await deps.registry.getMember(body.memberId);
  const unit = member === null ? null : await deps.registry.getUnit(member.unitCode);
  if (!(await canActFor(deps.registry, identity, body.memberId, unit?.path ?? null))) {
    throw new Forbidden(`you may not submit claims for member ${body.memberId}`);
  }

  const bodyHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const claimId = newClaimId(now);
  const at = now.toISOString();
  const actor = actorOf(identity);
  const claim: Claim = {
    claimId,
    memberId: body.memberId,
    memberName: body.memberName ?? null,
    unitCode: unit?.code ?? null,
    unitPath: unit?.path ?? null,
    program: body.program,
    benefit: body.benefit,
    incidentDate: body.incidentDate,
    // Fixed now: every later step reads this version, whatever versions are added meanwhile.
    ...(version === null ? {} : { programVersion: versionRef(version) }),
    facts: body.facts,
    evidence: body.evidence,
    payee: {
      name: body.payee.name,
      bankName: body.payee.bankName,
      accountMasked: maskAccount(body.payee.accountNumber),
    },
    status: 'SUBMITTED',
    version: 1,
    submittedAt: at,
    submittedBy: actor,
    parties: partiesOf(identity, actor, body.memberId, body.payee.name),
    updatedAt: at,
    // The seed of the claim's links, written with it (no write of its own).
    linkSeed: newClaimLinkSeed(),
  };
  const result = await deps.claims.create({
    claim,
    payee: body.payee,
    idempotencyKey,
    bodyHash,
    event: {
      claimId,
      seq: 1,
      at,
      actor,
      action: 'submitted',
      from: null,
      to: 'SUBMITTED',
      reason: 'claim submitted',
      payeeHash: payeeHashOf(await deps.payeeKey(), claimId, body.payee),
    },
  });

  let id = claimId;
  let status: Claim['status'] = 'SUBMITTED';
  if (!result.created) {
    if (result.bodyHash !== bodyHash) {
      throw new Conflict('this Idempotency-Key was already used with a different body');
    }
    id = result.claimId;
    const existing = await deps.claims.get(id);
    status = existing?.status ?? 'SUBMITTED';
    if (existing !== null && FINAL_STATUSES.has(existing.status)) {
      return { claimId: id, status, statusUrl: `/claims/${id}`, created: false };
    }
  }
  try {
    await deps.workflow.startClaim(id);
  } catch (error) {
    throw new Unavailable(
      `claim ${id} is stored but its processing could not start; send the same request again with the same Idempotency-Key`,
      { title: 'Workflow unavailable', expose: true, cause: error },
    );
  }
  return { claimId: id, status, statusUrl: `/claims/${id}`, created: result.created };
}
