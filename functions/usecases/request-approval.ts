import { assignmentOrder } from '../domain/assignment.ts';
import { beijingDate } from '../domain/calendar.ts';
import type { ApprovalOutcome, Claim } from '../domain/claim.ts';
import { deliveryErrorName, deliveryFailureFields } from '../domain/delivery-error.ts';
import { claimLinkSeed, linkHash, linkIdFromSeed, newLinkSeed } from '../domain/ids.ts';
import { type Decider, exclusionOf, samePerson } from '../domain/parties.ts';
import type { Approver } from '../domain/registry.ts';
import { log } from '../logging/logger.ts';
import {
  type ApprovalLink,
  type ApprovalRequest,
  type ClaimChange,
  ClaimConflictError,
} from '../ports/claims-store.ts';
import type { Delegation } from '../ports/delegations-store.ts';
import type { OutboundMessage } from '../ports/notifier.ts';
import { handDecisionOn } from './approval-handoff.ts';
import { approvalMessages } from './approval-messages.ts';
import { delegationActiveOn } from './delegations.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { decidersOf } from './separation.ts';
import { smsReminder } from './sms-texts.ts';
import { ClaimNotFoundError, changeOnce, loadClaim, StepStateError, TransientError } from './step-support.ts';

/**
 * No approver of the unit may decide this claim (none registered, or all excluded by four-eyes: the
 * claimant, the submitter, the payee, whoever decided another level). The level escalates at once.
 */
export class NoEligibleApproverError extends Error {
  override readonly name = 'NoEligibleApprover';
}

/** The level closed without a decision (it was escalated): the workflow hands it to EscalateApproval. */
export class ApprovalLevelClosedError extends Error {
  override readonly name = 'ApprovalLevelClosed';
}

export interface ApprovalTaskOutput {
  readonly decision: 'approve' | 'reject';
  readonly level: number;
  readonly approverId: string;
  /** The level that must approve next, or null when this approval was the last one needed. */
  readonly nextLevel: number | null;
}

/** The unit that approves a level of a claim's chain (a claim without a chain: its own unit). */
export function approvalStep(claim: Claim, level: number): { unitCode: string; levels: number } | null {
  const chain = claim.approvalChain ?? [];
  if (chain.length === 0)
    return level === 1 && claim.unitCode !== null ? { unitCode: claim.unitCode, levels: 1 } : null;
  const step = chain[level - 1];
  return step === undefined ? null : { unitCode: step.unitCode, levels: chain.length };
}

export function taskOutput(claim: Claim, decision: ApprovalOutcome): ApprovalTaskOutput {
  const levels = approvalStep(claim, decision.level)?.levels ?? decision.level;
  return {
    decision: decision.decision,
    level: decision.level,
    approverId: decision.approverId,
    nextLevel: decision.decision === 'approve' && decision.level < levels ? decision.level + 1 : null,
  };
}

/**
 * Four-eyes: an approver never decides a claim of which they are the claimant, the submitter (under their
 * approver id or their membership) or the payee (functions/domain/parties.ts).
 */
export function mayDecide(
  claim: Pick<Claim, 'memberId' | 'submittedBy'> & Partial<Pick<Claim, 'parties' | 'payee'>>,
  approver: Pick<Approver, 'approverId' | 'memberId'> & Partial<Pick<Approver, 'name'>>,
): boolean {
  return exclusionOf(claim, approver) === null;
}

/**
 * A delegation counts only when its deputy is another person of the absent approver's own unit; one set
 * before that rule (a deputy elsewhere) is ignored, and the absent approver keeps their link.
 */
export function deputyStandsIn(absent: Approver, deputy: Approver): boolean {
  return deputy.unitCode === absent.unitCode && !samePerson(deputy, absent);
}

export interface RoutedApprover {
  readonly approver: Approver;
  /** The absent approver this deputy stands in for, or null for the unit's own approver. */
  readonly onBehalfOf: string | null;
}

/**
 * Who gets a link when a level opens on `day` (Beijing date). An approver whose delegation covers the
 * day is absent: their deputy gets a link *instead of* them (never both, so an absent approver's inbox
 * holds no live link). Four-eyes applies to everyone, deputies too, and so does one person, one level:
 * whoever decided another level of the claim (`deciders`) gets no link; nobody gets two links.
 */
export function routeLevel(
  claim: Pick<Claim, 'memberId' | 'submittedBy'> & Partial<Pick<Claim, 'parties' | 'payee'>>,
  unitApprovers: readonly Approver[],
  delegations: ReadonlyMap<string, Delegation>,
  day: string,
  deciders: readonly Decider[] = [],
): RoutedApprover[] {
  const routed: RoutedApprover[] = [];
  const seen = new Set<string>();
  const add = (approver: Approver, onBehalfOf: string | null) => {
    if (seen.has(approver.approverId) || exclusionOf(claim, approver, deciders) !== null) return;
    seen.add(approver.approverId);
    routed.push({ approver, onBehalfOf });
  };
  const absent = (approver: Approver) => {
    const delegation = delegations.get(approver.approverId);
    return delegation !== undefined &&
      delegationActiveOn(delegation, day) &&
      deputyStandsIn(approver, delegation.deputy)
      ? delegation
      : null;
  };
  for (const approver of unitApprovers) if (absent(approver) === null) add(approver, null);
  for (const approver of unitApprovers) {
    const delegation = absent(approver);
    if (delegation !== null) add(delegation.deputy, approver.approverId);
  }
  return routed;
}

/**
 * The first e-mail of an approver who is not the level's assigned one, sent with the reminder: the claim
 * is still waiting and was first sent to `assignedName` (the link in it is their own, unchanged).
 */
export function asFirstReminder(message: OutboundMessage, assignedName: string): OutboundMessage {
  return {
    ...message,
    subject: `【提醒 Reminder】${message.subject}`,
    text: `【提醒 Reminder】此审批仍在等待，最初已发给 ${assignedName}；您也可以审批。 / This approval is still waiting; it was first sent to ${assignedName}, and you may decide it too.\n\n${message.text}`,
  };
}

/** The timeline's words for a level that opened: whom it was sent to, and how many may decide it. */
export function openedReason(
  request: Pick<ApprovalRequest, 'level' | 'unitCode' | 'approverIds' | 'assignedTo'>,
): string {
  const { level, unitCode, approverIds, assignedTo } = request;
  return assignedTo === undefined
    ? `level ${level}: no approver of ${unitCode} could be e-mailed yet; ${approverIds.length} approver(s) may decide`
    : `level ${level}: ${assignedTo} of ${unitCode} asked; ${approverIds.length} approver(s) may decide`;
}

/** The same message, marked as a reminder (the link in it is unchanged). */
export function asReminder(message: OutboundMessage): OutboundMessage {
  return {
    ...message,
    subject: `【提醒 Reminder】${message.subject}`,
    text:
      message.channel === 'sms'
        ? smsReminder(message.text)
        : `【提醒 Reminder】此审批尚未处理 / This approval is still waiting for you.\n\n${message.text}`,
  };
}

type ApprovalDeps = Pick<
  Deps,
  | 'claims'
  | 'registry'
  | 'delegations'
  | 'workflow'
  | 'notifier'
  | 'now'
  | 'linkBaseUrl'
  | 'linkKey'
  | 'approvalTtlSeconds'
>;

export interface ApprovalStepRequest {
  readonly claimId: string;
  readonly level: number;
  readonly taskToken: string;
  /** `open`: open the level and notify its approvers; `remind`: remind them of the same links. */
  readonly mode?: 'open' | 'remind' | undefined;
  /** How long the level stays open before it escalates (the links expire with it). */
  readonly escalateAfterSeconds?: number | undefined;
  /** How a decision resumes this task (`outcome`; absent: the earlier definition), kept with its token. */
  readonly handOff?: ApprovalRequest['handOff'] | undefined;
}

/**
 * Workflow callback step (RequestApproval and RemindApprovers). `open` routes the level (each eligible
 * approver or their deputy gets their own link) and e-mails its assigned approver their link (see
 * notify), then opens the approval level with every link and whom it was sent to in one write, and
 * keeps the task token where the link's POST will find it. `remind` sends the level's approvers their
 * links, once (a reminder to the assigned approver, a first e-mail to the others), and records it on the
 * timeline. Either run again (a retry or a redrive) reuses the
 * level: it keeps the links, sends nothing twice, stores the new token, and hands on a decision that was
 * already taken; a level already escalated is handed back to EscalateApproval.
 */
export async function requestApproval(deps: ApprovalDeps, input: ApprovalStepRequest): Promise<void> {
  const { claimId, level, taskToken } = input;
  // The claim and its levels in one read of its partition.
  const stored = await deps.claims.getWithApprovals(claimId);
  if (stored.claim === null) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
  let claim = stored.claim;
  let approvals = stored.approvals;
  let request = approvals.find((a) => a.level === level) ?? null;
  // A reminder for a level not opened yet (its opening run was slower than the reminder's timeout): open it.
  const mode = request === null ? 'open' : (input.mode ?? 'open');
  let opened = false;

  // The level opens once its approvers were e-mailed: the level, its links, its timeline event and
  // `notified` are then written in one transaction. The links' seeds are derived from the claim's link
  // seed and version as read, so a run that dies after the e-mails and before the transaction is run
  // again and e-mails the same links (at least once); a claim changed since gets new ones, and the
  // earlier ones were never stored. A claim changed meanwhile (a fraud flag raised) is read again and
  // the same level tried again (its e-mails went out); a level another run opened first is taken.
  let pending: PendingLevel | null = null;
  for (let attempt = 0; request === null; attempt++) {
    const expected = level === 1 ? 'RULES_PASSED' : 'AWAITING_APPROVAL';
    if (claim.status !== expected)
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not ${expected}`);
    pending ??= await emailNewLevel(deps, claim, approvals, input);
    try {
      claim = await deps.claims.changeSteps(claim, pending.changes(deps.now().toISOString()), [
        { kind: 'openApproval', request: pending.request, links: pending.links },
      ]);
      opened = true;
      request = pending.request;
    } catch (error) {
      if (!(error instanceof ClaimConflictError) || attempt >= 4) throw error;
      const again = await deps.claims.getWithApprovals(claimId);
      if (again.claim === null) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
      claim = again.claim;
      approvals = again.approvals;
      request = approvals.find((a) => a.level === level) ?? null;
    }
  }
  if (opened && pending?.undelivered) {
    // The level is stored with `notified` false: the step fails, and its retry sends the messages.
    throw new TransientError(`no approval message for level ${level} could be delivered`);
  }

  if (request.closed && request.decision === null) {
    throw new ApprovalLevelClosedError(
      `approval level ${level} of claim ${claimId} closed without a decision`,
    );
  }

  if (request.taskToken !== taskToken) {
    await deps.claims.replaceTaskToken(claimId, level, taskToken, input.handOff);
    // Read again after storing the token: a decision recorded before it is seen here, one recorded
    // after it reads the new token. Either way the execution hears of it.
    request = (await deps.claims.getApprovalRequest(claimId, level)) ?? request;
  }

  if (request.decision !== null) {
    // This run's token, resumed as this run's definition expects (the read may hold another run's).
    await handDecisionOn(deps.workflow, taskToken, taskOutput(claim, request.decision), input.handOff);
    return;
  }

  if (mode === 'remind') {
    await remind(deps, claim, request);
    return;
  }

  // A level opened before its timeline event rode in the same transaction: the event follows here (a
  // redrive that finds the level open adds nothing).
  if (!opened && claim.status === 'RULES_PASSED') {
    claim = await changeOnce(deps.claims, claim, {
      to: 'AWAITING_APPROVAL',
      actor: SYSTEM('request-approval'),
      action: `approval-requested-level-${level}`,
      reason: openedReason(request),
      at: deps.now().toISOString(),
    });
  }

  if (!request.notified) {
    const assignedTo = await notify(deps, claim, request, false);
    await deps.claims.markNotified(claimId, level, assignedTo ?? undefined);
  }
}

/** A level whose approvers were e-mailed, to be stored in one transaction with what it records. */
interface PendingLevel {
  readonly request: ApprovalRequest;
  readonly links: readonly ApprovalLink[];
  /** The level's timeline event and, if a message was not delivered, the event that says which. */
  readonly changes: (at: string) => ClaimChange[];
  /** No message of the level could be delivered: it is stored with `notified` false, and the step fails. */
  readonly undelivered: boolean;
}

/**
 * The seed of an approver's link at a level of a claim: derived from the claim's link seed, the level,
 * the approver and the claim's version as read, so the same run again derives the same link and a level
 * opened on a claim changed since gets a new one; nobody without the claim's item (the link key and the
 * claim id alone) computes it. A claim submitted before link seeds gets a fresh random one on each run.
 */
export function approvalLinkSeed(
  claim: Pick<Claim, 'claimId' | 'linkSeed' | 'version'>,
  level: number,
  approverId: string,
): string {
  return claim.linkSeed === undefined
    ? newLinkSeed()
    : claimLinkSeed(claim.linkSeed, ['approval', claim.claimId, level, approverId, claim.version]);
}

/**
 * Routes a level that is not open yet and e-mails its approvers their links (before anything is
 * written): what the step then stores, in one transaction.
 */
async function emailNewLevel(
  deps: ApprovalDeps,
  claim: Claim,
  approvals: readonly ApprovalRequest[],
  input: ApprovalStepRequest,
): Promise<PendingLevel> {
  const { claimId, level, taskToken } = input;
  const step = approvalStep(claim, level);
  if (step === null) throw new StepStateError(`claim ${claimId} has no approval level ${level}`);
  const unitApprovers = await deps.registry.listApprovers(step.unitCode);
  const delegations = await deps.delegations.getMany(unitApprovers.map((a) => a.approverId));
  const now = deps.now();
  // Who decided the other levels, from the levels read with the claim.
  const deciders = await decidersOf(deps, claim, level, approvals);
  const routed = routeLevel(claim, unitApprovers, delegations, beijingDate(now), deciders);
  if (routed.length === 0) {
    throw new NoEligibleApproverError(
      `unit ${step.unitCode} has no approver who may decide claim ${claimId}`,
    );
  }
  // What the page shows of the member, as Assess kept it (a claim verified before it was kept: read).
  const member = claim.memberShown ?? (await deps.registry.getMember(claim.memberId));
  const ttlSeconds = input.escalateAfterSeconds ?? deps.approvalTtlSeconds;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  const linkKey = await deps.linkKey();
  const links: ApprovalLink[] = routed.map(({ approver }) => {
    const seed = approvalLinkSeed(claim, level, approver.approverId);
    return {
      linkHash: linkHash(linkIdFromSeed(linkKey, seed)),
      seed,
      claimId,
      level,
      approverId: approver.approverId,
      createdAt: now.toISOString(),
      expiresAt,
    };
  });
  const request: ApprovalRequest = {
    claimId,
    level,
    unitCode: step.unitCode,
    approverIds: routed.map((r) => r.approver.approverId),
    linkSeeds: links.map((l) => l.seed),
    taskToken,
    ...(input.handOff === undefined ? {} : { handOff: input.handOff }),
    createdAt: now.toISOString(),
    expiresAt,
    decision: null,
    closed: false,
    notified: false,
    member: member === null ? null : { name: member.name, idNumberMasked: member.idNumberMasked },
  };
  const { delivered, failures, assignedTo } = await deliver(deps, claim, request, false, {
    unitApprovers,
    delegations,
  });
  const undelivered = delivered === 0 && failures.length > 0;
  const opened: ApprovalRequest = {
    ...request,
    notified: !undelivered,
    ...(assignedTo === null ? {} : { assignedTo }),
  };
  return {
    request: opened,
    links,
    undelivered,
    changes: (at) => [
      // The timeline shows each level as it opens.
      {
        to: 'AWAITING_APPROVAL',
        actor: SYSTEM('request-approval'),
        action: `approval-requested-level-${level}`,
        reason: openedReason(opened),
        at,
      },
      ...(failures.length === 0
        ? []
        : [
            {
              to: 'AWAITING_APPROVAL' as const,
              actor: SYSTEM('notify-approvers'),
              at,
              ...deliveryFailedEvent(level, delivered, failures),
            },
          ]),
    ],
  };
}

/** Records the reminder once (timeline + request, in one transaction), then sends it once. */
async function remind(deps: ApprovalDeps, claim: Claim, request: ApprovalRequest): Promise<void> {
  const { claimId, level } = request;
  let current = request;
  if (current.reminder === undefined) {
    const at = deps.now().toISOString();
    await changeOnce(
      deps.claims,
      claim,
      {
        to: claim.status,
        actor: SYSTEM('remind-approvers'),
        action: `approval-reminded-level-${level}`,
        reason:
          current.assignedTo === undefined
            ? `level ${level}: no decision yet; ${current.approverIds.length} approver(s) of ${current.unitCode} reminded`
            : `level ${level}: no decision yet; ${current.assignedTo} reminded, ${current.approverIds.length - 1} other approver(s) of ${current.unitCode} e-mailed`,
        at,
      },
      [{ kind: 'remindApproval', level, at }],
    );
    current = (await deps.claims.getApprovalRequest(claimId, level)) ?? current;
    // A decision that closed the level meanwhile resumed the execution with the stored token.
    if (current.reminder === undefined) return;
  }
  if (!current.reminder.sent) {
    await notify(deps, await loadClaim(deps.claims, claimId), current, true);
    await deps.claims.markReminderSent(claimId, level);
  }
}

/** The level's unit approvers and their delegations, as the run that opened the level read them. */
interface ApproversRead {
  readonly unitApprovers: Approver[];
  readonly delegations: Awaited<ReturnType<ApprovalDeps['delegations']['getMany']>>;
}

/**
 * When a level opens, one approver gets their own link (the one stored with the level) by e-mail: the
 * level's assigned approver (functions/domain/assignment.ts), or, when that e-mail cannot be delivered,
 * the next routed approver after them, and so on until one is delivered; the others find the claim in
 * their queue (GET /approvals) and may decide it at once. The reminder goes to every approver of the
 * level: the assigned one gets it as a reminder, the others their first e-mail. An SMS goes only with
 * the reminder, and to one approver: the assigned one if they have a mobile on record, else the first
 * of the level, in its stored order, with one (the same one on every run, so a retry never texts a
 * second person). The messages go out at least once: a run that dies after sending and before the
 * level records them sent (its `notified` or `reminder.sent`) is run again and sends the same messages
 * again. Returns whom the opening e-mail reached (null for a reminder, or when none was delivered).
 */
async function notify(
  deps: ApprovalDeps,
  claim: Claim,
  request: ApprovalRequest,
  reminder: boolean,
): Promise<string | null> {
  const { delivered, failures, assignedTo } = await deliver(deps, claim, request, reminder);
  if (failures.length > 0) {
    // The timeline says which message never went out; with none delivered the step fails and is retried.
    await recordEvent(deps, claim.claimId, deliveryFailedEvent(request.level, delivered, failures));
    if (delivered === 0) {
      throw new TransientError(`no approval message for level ${request.level} could be delivered`);
    }
  }
  return assignedTo;
}

/** The timeline event of messages of a level that could not be delivered (the errors' names only). */
function deliveryFailedEvent(
  level: number,
  delivered: number,
  failures: readonly string[],
): { action: string; reason: string } {
  return {
    action: `delivery-failed-level-${level}`,
    reason: `${delivered} message(s) delivered, ${failures.length} failed: ${failures.join('; ')}`.slice(
      0,
      900,
    ),
  };
}

/** One approver of a level, with their own link and, for a deputy, the absent approver's name. */
interface Recipient {
  readonly approver: Approver;
  readonly url: string;
  readonly absent: string | undefined;
}

/**
 * Sends the level's messages (see notify): how many went out, which could not be delivered, and whom
 * the opening e-mail reached (null for a reminder, or when none was delivered).
 */
async function deliver(
  deps: ApprovalDeps,
  claim: Claim,
  request: ApprovalRequest,
  reminder: boolean,
  read?: ApproversRead,
): Promise<{ delivered: number; failures: string[]; assignedTo: string | null }> {
  const unitApprovers = read?.unitApprovers ?? (await deps.registry.listApprovers(request.unitCode));
  const known = new Map(unitApprovers.map((a) => [a.approverId, a]));
  const delegations =
    read?.delegations ?? (await deps.delegations.getMany(unitApprovers.map((a) => a.approverId)));
  /** Deputy id → the name of the absent approver they stand in for on the day the level opened. */
  const standsInFor = new Map<string, string>();
  const opened = beijingDate(new Date(request.createdAt));
  for (const delegation of delegations.values()) {
    const absent = known.get(delegation.approverId);
    if (
      absent === undefined ||
      request.approverIds.includes(delegation.approverId) ||
      !delegationActiveOn(delegation, opened) ||
      !deputyStandsIn(absent, delegation.deputy)
    ) {
      continue;
    }
    if (!known.has(delegation.deputy.approverId)) known.set(delegation.deputy.approverId, delegation.deputy);
    standsInFor.set(delegation.deputy.approverId, absent.name);
  }
  const recipient = async (approverId: string): Promise<Recipient | null> => {
    const approver = known.get(approverId) ?? (await deps.delegations.findApprover(approverId));
    const seed = request.linkSeeds?.[request.approverIds.indexOf(approverId)];
    if (approver === null || approver === undefined || seed === undefined) return null;
    const url = `${deps.linkBaseUrl}/a/${linkIdFromSeed(await deps.linkKey(), seed)}`;
    return { approver, url, absent: standsInFor.get(approverId) };
  };
  const messagesOf = ({ approver, url, absent }: Recipient): OutboundMessage[] =>
    approvalMessages(claim, approver, url, request.expiresAt, request.level).map((message) =>
      absent === undefined || message.channel !== 'email'
        ? message
        : { ...message, text: `代 ${absent} 审批 / As deputy for ${absent}.\n\n${message.text}` },
    );
  let delivered = 0;
  const failures: string[] = [];
  // No message log of its own: the level's `notified` (or `reminder.sent`), written once the messages
  // went out, is the record that keeps a later run from sending them again.
  const send = async (approverId: string, message: OutboundMessage): Promise<boolean> => {
    try {
      await sendWithRetry(deps.notifier, message);
      delivered++;
      return true;
    } catch (error) {
      // The timeline (which the member sees) gets the error's name; the operator log its text, redacted.
      log.warn(
        'message not delivered',
        deliveryFailureFields(error, {
          claimId: claim.claimId,
          level: request.level,
          channel: message.channel,
          approverId,
        }),
      );
      failures.push(`${message.channel} to ${approverId}: ${deliveryErrorName(error)}`);
      return false;
    }
  };

  if (!reminder) {
    // One e-mail: to the assigned approver, or the next routed one whose e-mail can be delivered.
    for (const approverId of assignmentOrder(claim.claimId, request.level, request.approverIds)) {
      const to = await recipient(approverId);
      const email = to === null ? undefined : messagesOf(to).find((m) => m.channel === 'email');
      if (email !== undefined && (await send(approverId, email)))
        return { delivered, failures, assignedTo: approverId };
    }
    return { delivered, failures, assignedTo: null };
  }

  const everyone: Recipient[] = [];
  for (const approverId of request.approverIds) {
    const to = await recipient(approverId);
    if (to !== null) everyone.push(to);
  }
  // A level opened before assignment e-mailed everyone: each of them is reminded.
  const assigned = request.assignedTo;
  const assignedName = known.get(assigned ?? '')?.name ?? assigned ?? '';
  const texted =
    everyone.find((r) => r.approver.approverId === assigned && r.approver.mobile !== '') ??
    everyone.find((r) => r.approver.mobile !== '');
  for (const to of everyone) {
    const owner = assigned === undefined || to.approver.approverId === assigned;
    for (const message of messagesOf(to)) {
      if (message.channel === 'sms' && to !== texted) continue;
      const outbound =
        message.channel === 'email' && !owner ? asFirstReminder(message, assignedName) : asReminder(message);
      await send(to.approver.approverId, outbound);
    }
  }
  return { delivered, failures, assignedTo: null };
}

const SEND_ATTEMPTS = 3;

/** A message is tried a few times with a short backoff before its failure is recorded. */
async function sendWithRetry(notifier: ApprovalDeps['notifier'], message: OutboundMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await notifier.send(message);
      return;
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
    }
  }
}

/** Appends an event to a claim's timeline without changing its status, whatever else changed meanwhile. */
async function recordEvent(
  deps: Pick<ApprovalDeps, 'claims' | 'now'>,
  claimId: string,
  event: { action: string; reason: string },
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await loadClaim(deps.claims, claimId);
    try {
      await deps.claims.change(claim, {
        to: claim.status,
        actor: SYSTEM('notify-approvers'),
        at: deps.now().toISOString(),
        ...event,
      });
      return;
    } catch (error) {
      if (!(error instanceof ClaimConflictError && error.conflict === 'stale-claim')) throw error;
    }
  }
}
