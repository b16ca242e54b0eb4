import { Forbidden } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { linkIdFromSeed } from '../domain/ids.ts';
import type { ApprovalLink } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';

export interface PendingApproval {
  readonly claimId: string;
  readonly program: string;
  readonly benefit: string;
  /** The amount the rule check settled on, in fen (null: none). */
  readonly amountFen: number | null;
  readonly level: number;
  readonly linkUrl: string;
  readonly expiresAt: string;
}

/**
 * GET /approvals: the caller's approval links whose level is still open (not decided or closed, the
 * claim awaiting approval, the link not expired), newest first.
 */
export async function pendingApprovals(
  deps: Pick<Deps, 'claims' | 'now' | 'linkBaseUrl' | 'linkKey'>,
  request: { identity: Identity },
): Promise<{ approverId: string; pending: PendingApproval[] }> {
  const approverId = request.identity.approverId ?? null;
  if (approverId === null) {
    throw new Forbidden('the token names no approver (custom:approver_id)');
  }
  const now = deps.now().toISOString();
  const links = (await deps.claims.listLinksOfApprover(approverId)).filter(
    (link) => link.approverId === approverId && link.expiresAt > now,
  );
  const rows = await Promise.all(links.map((link) => openLevel(deps, link)));
  return { approverId, pending: rows.filter((row): row is PendingApproval => row !== null) };
}

async function openLevel(
  deps: Pick<Deps, 'claims' | 'linkBaseUrl' | 'linkKey'>,
  link: ApprovalLink,
): Promise<PendingApproval | null> {
  const [request, claim] = await Promise.all([
    deps.claims.getApprovalRequest(link.claimId, link.level),
    deps.claims.get(link.claimId),
  ]);
  if (request === null || claim === null) return null;
  if (request.decision !== null || request.closed || claim.status !== 'AWAITING_APPROVAL') return null;
  // A link stored before link ids were derived from a seed has none: it cannot be sent again.
  if (typeof link.seed !== 'string') return null;
  return {
    claimId: claim.claimId,
    program: claim.program,
    benefit: claim.benefit,
    amountFen: claim.rules?.passed ? claim.rules.amountFen : null,
    level: link.level,
    linkUrl: `${deps.linkBaseUrl}/a/${linkIdFromSeed(await deps.linkKey(), link.seed)}`,
    expiresAt: link.expiresAt,
  };
}
