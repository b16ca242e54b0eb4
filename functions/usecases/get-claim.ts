import { type AuditEvent, type Claim, type RuleResult, standingPayout } from '../domain/claim.ts';
import { type DocumentView, shownDocuments } from '../domain/documents/document.ts';
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import { canRead } from './access.ts';
import type { Deps } from './deps.ts';

export interface ClaimView {
  readonly claimId: string;
  readonly status: Claim['status'];
  readonly program: string;
  readonly benefit: string;
  readonly memberId: string;
  readonly unitCode: string | null;
  readonly incidentDate: string;
  readonly facts: Claim['facts'];
  readonly evidence: Claim['evidence'];
  readonly payee: Claim['payee'];
  readonly amounts: { readonly approvedFen: number | null; readonly paidFen: number | null };
  /** Every check that ran, passed or failed, with its reason. */
  readonly reasons: readonly (RuleResult & { readonly step: 'membership' | 'rules' })[];
  /** Which unit approves at each level, as the authority limits require. */
  readonly approvalChain: NonNullable<Claim['approvalChain']>;
  readonly approval: Claim['approval'] | null;
  readonly failure: Claim['failure'] | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly timeline: readonly Omit<AuditEvent, 'claimId'>[];
  /** Fraud flags open and confirmed on the claim (GET /fraud/flags tells what matched); null: never flagged. */
  readonly fraudHold: NonNullable<Claim['fraudHold']> | null;
  /** The claim's documents: stored ones, and those whose upload form is still open (never where they are kept). */
  readonly documents: readonly DocumentView[];
}

export function toView(
  claim: Claim,
  timeline: readonly AuditEvent[],
  documents: readonly DocumentView[] = [],
): ClaimView {
  return {
    claimId: claim.claimId,
    status: claim.status,
    program: claim.program,
    benefit: claim.benefit,
    memberId: claim.memberId,
    unitCode: claim.unitCode,
    incidentDate: claim.incidentDate,
    facts: claim.facts,
    evidence: claim.evidence,
    payee: claim.payee,
    amounts: {
      approvedFen: claim.rules?.passed ? claim.rules.amountFen : null,
      paidFen: standingPayout(claim)?.amountFen ?? null,
    },
    reasons: [
      ...(claim.membership?.results ?? []).map((r) => ({ ...r, step: 'membership' as const })),
      ...(claim.rules?.results ?? []).map((r) => ({ ...r, step: 'rules' as const })),
    ],
    approvalChain: claim.approvalChain ?? [],
    approval: claim.approval ?? null,
    failure: claim.failure ?? null,
    submittedAt: claim.submittedAt,
    updatedAt: claim.updatedAt,
    timeline: timeline.map(({ claimId: _claimId, ...event }) => event),
    fraudHold: claim.fraudHold ?? null,
    documents,
  };
}

/**
 * GET /claims/{claimId}: members see their own claims, staff their subtree's, auditors and admins all;
 * with the claim's documents (auditors reach documents through the claim).
 */
export async function getClaim(
  deps: Pick<Deps, 'claims' | 'registry' | 'now'>,
  request: { identity: Identity; claimId: string },
): Promise<ClaimView> {
  if (!CLAIM_ID_PATTERN.test(request.claimId)) throw new NotFound(`no claim ${request.claimId}`);
  // The claim, its timeline and its documents in one read of its partition.
  const { claim, timeline, documents } = await deps.claims.getWithTimelineAndDocuments(request.claimId);
  // A claim the caller may not see is reported exactly like one that does not exist.
  if (claim === null || !(await canRead(deps.registry, request.identity, claim))) {
    throw new NotFound(`no claim ${request.claimId}`);
  }
  return toView(claim, timeline, shownDocuments(documents, deps.now()));
}
