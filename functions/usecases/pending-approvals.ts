import { Forbidden } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { linkIdFromSeed } from '../domain/ids.ts';
import type { ApprovalLink, ApprovalRequest } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';

/** The approver a level was assigned to (e-mailed when it opened), by approver id and registry name. */
export interface AssignedApprover {
  readonly approverId: string;
  /** The name in the registry (the approver id when the registry no longer lists them). */
  readonly name: string;
}

export interface PendingApproval {
  readonly claimId: string;
  readonly program: string;
  readonly benefit: string;
  /** The amount the rule check settled on, in fen (null: none). */
  readonly amountFen: number | null;
  readonly level: number;
  readonly linkUrl: string;
  readonly expiresAt: string;
  /** Whether the level was assigned to the caller (they were e-mailed its link when it opened). */
  readonly assignedToYou: boolean;
  /**
   * Whom the level was assigned to; null for a level opened before assignment (every approver was
   * e-mailed) or whose e-mail has not been delivered yet.
   */
  readonly assignedTo: AssignedApprover | null;
}

/** A row with when its level opened, for the order of the queue. */
interface QueueRow {
  readonly row: PendingApproval;
  readonly openedAt: string;
}

/**
 * GET /approvals: the caller's approval links whose level is still open (not decided or closed, the
 * claim awaiting approval, the link not expired), each saying whether the level was assigned to the
 * caller and, if to someone, to whom. Ordered: the levels assigned to the caller first, then the others;
 * within each group the level that opened first comes first.
 *
 * Requests: one query of the caller's links, then for each unexpired link two reads (its level and its
 * claim, as before), and the approvers of each unit with an assigned level through the cached registry
 * (`CachedRegistryStore`: at most one query a unit a container in `REGISTRY_CACHE_SECONDS`, usually the
 * caller's own unit only), never a read a row.
 */
export async function pendingApprovals(
  deps: Pick<Deps, 'claims' | 'registry' | 'now' | 'linkBaseUrl' | 'linkKey'>,
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
  const open = (await Promise.all(links.map((link) => openLevel(deps, link)))).filter(
    (found): found is OpenLevel => found !== null,
  );
  const names = await approverNames(
    deps,
    open.flatMap(({ request }) => (request.assignedTo === undefined ? [] : [request.unitCode])),
  );
  const rows = open.map(({ row, request }): QueueRow => {
    const assigned = request.assignedTo;
    return {
      openedAt: request.createdAt,
      row: {
        ...row,
        assignedToYou: assigned === approverId,
        assignedTo:
          assigned === undefined
            ? null
            : { approverId: assigned, name: names.get(`${request.unitCode}#${assigned}`) ?? assigned },
      },
    };
  });
  return { approverId, pending: rows.sort(queueOrder).map(({ row }) => row) };
}

/** Assigned to the caller first; then the level that opened first; then by claim and level (stable). */
function queueOrder(a: QueueRow, b: QueueRow): number {
  if (a.row.assignedToYou !== b.row.assignedToYou) return a.row.assignedToYou ? -1 : 1;
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? -1 : 1;
  if (a.row.claimId !== b.row.claimId) return a.row.claimId < b.row.claimId ? -1 : 1;
  return a.row.level - b.row.level;
}

/** The names of the approvers of the given units (`unit#approverId` → name): one cached read a unit. */
async function approverNames(
  deps: Pick<Deps, 'registry'>,
  unitCodes: readonly string[],
): Promise<Map<string, string>> {
  const units = [...new Set(unitCodes)];
  const listed = await Promise.all(units.map((unitCode) => deps.registry.listApprovers(unitCode)));
  return new Map(
    listed.flatMap((approvers, i) => approvers.map((a) => [`${units[i]}#${a.approverId}`, a.name] as const)),
  );
}

interface OpenLevel {
  readonly row: Omit<PendingApproval, 'assignedToYou' | 'assignedTo'>;
  readonly request: ApprovalRequest;
}

async function openLevel(
  deps: Pick<Deps, 'claims' | 'linkBaseUrl' | 'linkKey'>,
  link: ApprovalLink,
): Promise<OpenLevel | null> {
  const [request, claim] = await Promise.all([
    deps.claims.getApprovalRequest(link.claimId, link.level),
    deps.claims.get(link.claimId),
  ]);
  if (request === null || claim === null) return null;
  if (request.decision !== null || request.closed || claim.status !== 'AWAITING_APPROVAL') return null;
  // A link stored before link ids were derived from a seed has none: it cannot be sent again.
  if (typeof link.seed !== 'string') return null;
  return {
    request,
    row: {
      claimId: claim.claimId,
      program: claim.program,
      benefit: claim.benefit,
      amountFen: claim.rules?.passed ? claim.rules.amountFen : null,
      level: link.level,
      linkUrl: `${deps.linkBaseUrl}/a/${linkIdFromSeed(await deps.linkKey(), link.seed)}`,
      expiresAt: link.expiresAt,
    },
  };
}
