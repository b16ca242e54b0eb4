import type { ApprovalOutcome, Claim } from '../domain/claim.ts';
import { linkHashCandidates } from '../domain/ids.ts';
import { exclusionText } from '../domain/parties.ts';
import { type ApprovalRequest, ClaimConflictError } from '../ports/claims-store.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import type { PageDocument } from './approval-documents.ts';
import { type HandOff, handDecisionOn } from './approval-handoff.ts';
import type { Deps } from './deps.ts';
import { commit, release } from './ledger.ts';
import { type ApprovalTaskOutput, approvalStep, taskOutput } from './request-approval.ts';
import { decisionExclusion } from './separation.ts';
import { resumeWithStoredToken } from './step-support.ts';

export type LinkState = 'pending' | 'decided' | 'expired' | 'closed';

export interface ApprovalPageData {
  readonly linkId: string;
  readonly state: LinkState;
  readonly claim: Claim;
  readonly level: number;
  readonly approverId: string;
  /** When the level opened. */
  readonly openedAt: string;
  readonly expiresAt: string;
  /** The claimant, shown only while the link is pending (null once it is closed). */
  readonly member: { readonly name: string; readonly idNumberMasked: string } | null;
  readonly decision: Claim['approval'] | null;
  /** How many levels the claim's chain has. */
  readonly levels: number;
  /** The levels before this link's, each with its unit and decision (null: none recorded). */
  readonly earlier: readonly EarlierLevel[];
  /** Fraud flags raised on the claim (open ones keep it from payout until staff decide them). */
  readonly flags?: readonly StoredFlag[];
  /** The claim's stored documents, shown while the link is pending (absent: the page lists none). */
  readonly documents?: readonly PageDocument[];
}

export interface EarlierLevel {
  readonly level: number;
  readonly unitCode: string;
  readonly decision: ApprovalOutcome | null;
}

export type DecideOutcome =
  | { readonly result: 'recorded'; readonly page: ApprovalPageData }
  | { readonly result: 'already-decided' | 'expired' | 'closed'; readonly page: ApprovalPageData }
  /** Separation of duties: the link's approver may not decide this claim; nothing was recorded. */
  | { readonly result: 'not-eligible'; readonly page: ApprovalPageData; readonly reason: string }
  | { readonly result: 'not-found' };

/** A level's task token and how a decision resumes it (stored with it: see ApprovalRequest.handOff). */
interface HeldToken {
  readonly taskToken: string;
  readonly handOff: HandOff;
}

/** The task token of each page's level as loadPage read it: kept on the server, never in the page. */
const tokenOfPage = new WeakMap<ApprovalPageData, HeldToken>();
/** The claim's levels as loadPage read them with the claim, for the separation-of-duties check. */
const levelsOfPage = new WeakMap<
  ApprovalPageData,
  readonly Pick<ApprovalRequest, 'level' | 'unitCode' | 'decision'>[]
>();

async function loadPage(
  deps: Pick<Deps, 'claims' | 'registry' | 'now'> & Partial<Pick<Deps, 'fraud'>>,
  linkId: string,
): Promise<ApprovalPageData | null> {
  let link: Awaited<ReturnType<typeof deps.claims.getLink>> = null;
  for (const hash of linkHashCandidates(linkId)) {
    link = await deps.claims.getLink(hash);
    if (link !== null) break;
  }
  if (link === null) return null;
  // The claim, its levels and its flags in one read of the claim's partition.
  const { claim, approvals, flags: claimFlags } = await deps.claims.getWithApprovals(link.claimId);
  const request = approvals.find((a) => a.level === link.level) ?? null;
  if (request === null || claim === null) return null;
  // The level's expiry decides, whatever TTL has (not yet) removed: DynamoDB deletes expired items late.
  const state: LinkState =
    request.decision !== null
      ? 'decided'
      : request.closed || claim.status !== 'AWAITING_APPROVAL'
        ? 'closed'
        : deps.now().toISOString() >= link.expiresAt
          ? 'expired'
          : 'pending';
  // A closed link shows only its outcome: who claims, and what was flagged, is not shown.
  const open = state === 'pending';
  const earlier = Array.from(
    { length: link.level - 1 },
    (_, i) => approvals.find((a) => a.level === i + 1) ?? null,
  );
  const flags = deps.fraud === undefined || !open ? [] : claimFlags;
  const page: ApprovalPageData = {
    linkId,
    state,
    claim,
    level: link.level,
    approverId: link.approverId,
    openedAt: request.createdAt,
    expiresAt: link.expiresAt,
    // Copied when the level opened: this public page never reads the member registry.
    member: open ? (request.member ?? null) : null,
    decision: request.decision,
    levels: Math.max(link.level, approvalStep(claim, link.level)?.levels ?? 1),
    earlier: earlier.flatMap((r) =>
      r === null ? [] : [{ level: r.level, unitCode: r.unitCode, decision: r.decision }],
    ),
    flags,
  };
  tokenOfPage.set(page, { taskToken: request.taskToken, handOff: request.handOff });
  levelsOfPage.set(page, approvals);
  return page;
}

/**
 * What a pending page's form carries (sealed by the page, functions/http/sealed-form.ts) so that its
 * decision reads nothing again: the link as read, the claim as read (its version conditions the
 * decision), who decided the other levels (four-eyes), and the level's task token (the decision is
 * conditioned on it and resumes the execution with it) with how it is resumed (`handOff`: `outcome`,
 * or null for a token of the earlier definition). Never shown: the seal encrypts it.
 */
export interface DecisionForm {
  readonly v: 1;
  readonly linkId: string;
  readonly level: number;
  readonly approverId: string;
  readonly openedAt: string;
  readonly expiresAt: string;
  readonly levels: number;
  readonly claim: Claim;
  readonly earlier: readonly EarlierLevel[];
  /** The claim's levels as read with it: only what the separation-of-duties check uses. */
  readonly others: readonly Pick<ApprovalRequest, 'level' | 'unitCode' | 'decision'>[];
  readonly taskToken: string;
  /**
   * How a decision resumes `taskToken`: `outcome`, or null for a token of the earlier definition. Absent
   * in a form sealed before it was sealed with the token: such a form is read again (pageOfForm).
   */
  readonly handOff: NonNullable<HandOff> | null;
}

/** The form a pending page seals for its decision; null for a page that cannot be decided. */
export function decisionForm(page: ApprovalPageData): DecisionForm | null {
  const held = tokenOfPage.get(page);
  const levels = levelsOfPage.get(page);
  if (page.state !== 'pending' || held === undefined || levels === undefined) return null;
  return {
    v: 1,
    linkId: page.linkId,
    level: page.level,
    approverId: page.approverId,
    openedAt: page.openedAt,
    expiresAt: page.expiresAt,
    levels: page.levels,
    claim: page.claim,
    earlier: page.earlier,
    others: levels.map((r) => ({ level: r.level, unitCode: r.unitCode, decision: r.decision })),
    taskToken: held.taskToken,
    handOff: held.handOff ?? null,
  };
}

/**
 * The page a sealed form stands for, to decide without reading the link and the claim again; null when
 * the form is not one of this link's (the caller refuses it) or its link expired since (the caller reads
 * the link, whose page then tells what became of it). A form that does not say how its token is resumed
 * (sealed before that was sealed with it) is read again the same way: the level's stored `handOff` then
 * decides, never a guess. The decision's transaction is conditioned on the claim's version and the
 * level's token as sealed, so a form gone stale commits nothing.
 */
export function pageOfForm(
  form: unknown,
  linkId: string,
  now: Date,
): { readonly page: ApprovalPageData | null } | null {
  const f = form as Partial<DecisionForm> | null;
  if (
    f === null ||
    typeof f !== 'object' ||
    f.v !== 1 ||
    f.linkId !== linkId ||
    typeof f.level !== 'number' ||
    typeof f.approverId !== 'string' ||
    typeof f.taskToken !== 'string' ||
    typeof f.expiresAt !== 'string' ||
    typeof f.openedAt !== 'string' ||
    typeof f.levels !== 'number' ||
    f.claim === undefined ||
    f.claim === null ||
    !Array.isArray(f.earlier) ||
    !Array.isArray(f.others)
  ) {
    return null;
  }
  if (now.toISOString() >= f.expiresAt) return { page: null };
  if (f.handOff !== 'outcome' && f.handOff !== null) return { page: null };
  const page: ApprovalPageData = {
    linkId,
    state: 'pending',
    claim: f.claim,
    level: f.level,
    approverId: f.approverId,
    openedAt: f.openedAt,
    expiresAt: f.expiresAt,
    member: null,
    decision: null,
    levels: f.levels,
    earlier: f.earlier,
    flags: [],
  };
  tokenOfPage.set(page, { taskToken: f.taskToken, handOff: f.handOff ?? undefined });
  levelsOfPage.set(page, f.others);
  return { page };
}

/** GET /a/{linkId}: what the approver is asked to decide. Reads only; changes nothing. */
export function viewApproval(
  deps: Pick<Deps, 'claims' | 'registry' | 'now'> & Partial<Pick<Deps, 'fraud'>>,
  linkId: string,
): Promise<ApprovalPageData | null> {
  return loadPage(deps, linkId);
}

/** Claim statuses in which the execution may still wait on a decided level's task token. */
const MAY_WAIT_ON_DECISION = new Set<Claim['status']>(['AWAITING_APPROVAL', 'APPROVED', 'REJECTED']);

/**
 * A level decided before: the request that recorded the decision may have failed before it resumed the
 * execution (a crash, a lost answer), and the approver tries again. Hand the recorded decision on once
 * more; a token the execution no longer waits on is ignored, so this never resumes anything twice.
 */
async function handOnAgain(deps: Pick<Deps, 'claims' | 'workflow'>, page: ApprovalPageData): Promise<void> {
  const decision = page.decision;
  if (decision === null || decision === undefined || !MAY_WAIT_ON_DECISION.has(page.claim.status)) return;
  await handToLevel(deps, page.claim.claimId, page.level, taskOutput(page.claim, decision));
}

/**
 * Hands a decision to the level's task token as the definition that issued it expects (its stored
 * `handOff`): first the token the decision was conditioned on (`held`, with its hand-off), when there is
 * one; then, or when that one no longer waits, the token the level holds now, read with its own.
 */
async function handToLevel(
  deps: Pick<Deps, 'claims' | 'workflow'>,
  claimId: string,
  level: number,
  output: ApprovalTaskOutput,
  held?: HeldToken,
): Promise<void> {
  let first = held;
  let handOff: HandOff;
  await resumeWithStoredToken(
    deps.workflow,
    async () => {
      if (first !== undefined) {
        const { taskToken } = first;
        handOff = first.handOff;
        first = undefined;
        return taskToken;
      }
      const request = await deps.claims.getApprovalRequest(claimId, level);
      handOff = request?.handOff;
      return request?.taskToken ?? null;
    },
    output,
    (workflow, token, decided) => handDecisionOn(workflow, token, decided, handOff),
  );
}

/**
 * POST /a/{linkId}: records the approver's decision once (the first decision of a level wins, under a
 * condition), then resumes the execution with the task token kept on the server. An approver who is the
 * claimant, the submitter or the payee, or (as the same person) decided another level of the claim, is
 * refused and nothing is recorded: the level stays open for the others.
 */
export async function decideApproval(
  deps: Pick<Deps, 'claims' | 'registry' | 'delegations' | 'workflow' | 'now'>,
  input: {
    linkId: string;
    decision: 'approve' | 'reject';
    reason: string;
    /** The link as the same request just read it (viewApproval), so it is not read twice. */
    page?: ApprovalPageData;
  },
): Promise<DecideOutcome> {
  let page = input.page ?? (await loadPage(deps, input.linkId));
  for (let attempt = 0; ; attempt++) {
    if (page === null) return { result: 'not-found' };
    if (page.state !== 'pending') {
      if (page.state === 'decided') await handOnAgain(deps, page);
      return { result: page.state === 'decided' ? 'already-decided' : page.state, page };
    }
    const recorded = await record(deps, page, input);
    if (recorded.result !== 'decide-again' || attempt >= 3) return recorded.outcome;
    page = recorded.now;
  }
}

type Recorded =
  | { readonly result: 'done'; readonly outcome: DecideOutcome }
  | { readonly result: 'decide-again'; readonly outcome: DecideOutcome; readonly now: ApprovalPageData };

/**
 * Records the decision of a pending level under the condition that the level still holds the task token
 * the page read, then resumes the execution with that token (no read after the decision): a redrive that
 * stores a newer token after the decision finds the decision and resumes its execution itself.
 */
async function record(
  deps: Pick<Deps, 'claims' | 'registry' | 'delegations' | 'workflow' | 'now'>,
  page: ApprovalPageData,
  input: { linkId: string; decision: 'approve' | 'reject'; reason: string },
): Promise<Recorded> {
  const exclusion = await decisionExclusion(
    deps,
    page.claim,
    {
      level: page.level,
      unitCode: approvalStep(page.claim, page.level)?.unitCode ?? page.claim.unitCode ?? '',
      approverId: page.approverId,
    },
    levelsOfPage.get(page),
  );
  if (exclusion !== null)
    return { result: 'done', outcome: { result: 'not-eligible', page, reason: exclusionText(exclusion) } };
  const at = deps.now().toISOString();
  const approval: ApprovalOutcome = {
    level: page.level,
    decision: input.decision,
    approverId: page.approverId,
    reason: input.reason,
    decidedAt: at,
  };
  const output = taskOutput(page.claim, approval);
  // An approval with a level still to come keeps the claim awaiting approval.
  const to =
    input.decision === 'reject' ? 'REJECTED' : output.nextLevel === null ? 'APPROVED' : 'AWAITING_APPROVAL';
  const held = tokenOfPage.get(page);
  const taskToken = held?.taskToken;
  let changed: Claim;
  try {
    changed = await deps.claims.change(
      page.claim,
      {
        to,
        actor: { kind: 'approver', id: page.approverId },
        action: input.decision === 'approve' ? `approved-level-${page.level}` : 'rejected-approver',
        reason: input.reason === '' ? `level ${page.level} ${input.decision}d` : input.reason,
        at,
        set: { approval },
      },
      [
        {
          kind: 'decideApproval',
          level: page.level,
          decision: approval,
          openedAt: page.openedAt,
          ...(taskToken === undefined ? {} : { taskToken }),
        },
        ...(input.decision === 'reject' ? release(page.claim) : []),
        ...(to === 'APPROVED' ? commit(page.claim, at) : []),
      ],
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    const now = await loadPage(deps, input.linkId);
    if (now === null) return { result: 'done', outcome: { result: 'not-found' } };
    const outcome: DecideOutcome = {
      result: now.state === 'pending' || now.state === 'decided' ? 'already-decided' : now.state,
      page: now,
    };
    // Still pending: a redrive stored a new task token, or an event that decides nothing (a document
    // view) moved the claim on: decide again with the level as it is now.
    const again =
      now.state === 'pending' &&
      (tokenOfPage.get(now)?.taskToken !== taskToken || error.conflict === 'stale-claim');
    return again ? { result: 'decide-again', outcome, now } : { result: 'done', outcome };
  }

  await handToLevel(deps, page.claim.claimId, page.level, output, held);
  // The page as a read after the decision would show it: decided, with the claimant and flags no longer shown.
  const after: ApprovalPageData = {
    ...page,
    state: 'decided',
    claim: changed,
    member: null,
    decision: approval,
    flags: [],
  };
  return { result: 'done', outcome: { result: 'recorded', page: after } };
}
