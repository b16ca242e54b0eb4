import type { Claim } from '../domain/claim.ts';
import { deliveryFailureFields } from '../domain/delivery-error.ts';
import { linkHash, linkIdFromSeed, newLinkSeed } from '../domain/ids.ts';
import {
  documentsNotReceivedReason,
  documentsWindowDays,
  missingDocuments,
} from '../domain/required-documents.ts';
import { log } from '../logging/logger.ts';
import type { ClaimChange } from '../ports/claims-store.ts';
import type { DocumentWait } from '../ports/document-waits.ts';
import type { BenefitDef } from '../schemas/programs.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { release } from './ledger.ts';
import { smsTexts } from './sms-texts.ts';
import { changeOnce, loadClaim, resumeWithStoredToken } from './step-support.ts';

/** A required document is not stored yet: the workflow catches this and waits (AWAITING_DOCUMENTS). */
export class ClaimAwaitingDocumentsError extends Error {
  override readonly name = 'Claim.AwaitingDocuments';
}

const DAY_MS = 86_400_000;

async function benefitOf(deps: Pick<Deps, 'programs'>, claim: Claim): Promise<BenefitDef | null> {
  const version = await claimVersion(deps.programs, claim);
  return version?.benefits.find((b) => b.id === claim.benefit) ?? null;
}

/** The kinds of the claim's documents whose bytes were checked and kept. */
export async function storedKinds(deps: Pick<Deps, 'documents'>, claimId: string): Promise<string[]> {
  const documents = await deps.documents.listDocuments(claimId);
  return documents.filter((d) => d.status === 'STORED').map((d) => d.kind);
}

/** The required kinds the claim has no STORED document of (none read when its benefit requires none). */
async function missingOf(
  deps: Pick<Deps, 'documents'>,
  claimId: string,
  benefit: BenefitDef | null,
): Promise<string[]> {
  if ((benefit?.requiredDocuments ?? []).length === 0) return [];
  return missingDocuments(benefit, await storedKinds(deps, claimId));
}

/** The required kinds the claim has no STORED document of (none read when its benefit requires none). */
export async function missingFor(
  deps: Pick<Deps, 'programs' | 'documents'>,
  claim: Claim,
): Promise<string[]> {
  return missingOf(deps, claim.claimId, await benefitOf(deps, claim));
}

/** The change of a claim whose rules passed and that lacks `missing`: it waits for them. */
export function awaitingDocumentsChange(missing: readonly string[], at: string): ClaimChange {
  return {
    to: 'AWAITING_DOCUMENTS',
    actor: SYSTEM('assess'),
    action: 'awaiting-documents',
    reason: `waiting for required documents: ${missing.join(', ')}`,
    at,
  };
}

/**
 * Part of the Assess step, after the rules passed: a claim whose benefit requires documents not all
 * STORED goes to AWAITING_DOCUMENTS (its timeline names them) and the step leaves by
 * Claim.AwaitingDocuments; once they are all stored (the workflow comes back here after the wait) it
 * returns to RULES_PASSED and goes on to approval. A benefit that requires nothing reads no document.
 */
export async function holdForDocuments(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'now'>,
  /** The claim as the step just stored it, or its id (read again). */
  claimOrId: Claim | string,
  /** What the step found missing just before it stored the claim (the documents are not read again). */
  known?: readonly string[],
): Promise<void> {
  const claim = typeof claimOrId === 'string' ? await loadClaim(deps.claims, claimOrId) : claimOrId;
  const { claimId } = claim;
  if (claim.status !== 'RULES_PASSED' && claim.status !== 'AWAITING_DOCUMENTS') return;
  const missing = known ?? (await missingOf(deps, claimId, await benefitOf(deps, claim)));
  if (missing.length > 0) {
    if (claim.status === 'RULES_PASSED') {
      await changeOnce(deps.claims, claim, awaitingDocumentsChange(missing, deps.now().toISOString()));
    }
    throw new ClaimAwaitingDocumentsError(`claim ${claimId} waits for ${missing.join(', ')}`);
  }
  if (claim.status === 'AWAITING_DOCUMENTS') {
    await changeOnce(deps.claims, claim, {
      to: 'RULES_PASSED',
      actor: SYSTEM('assess'),
      action: 'documents-received',
      reason: 'every required document is stored',
      at: deps.now().toISOString(),
    });
  }
}

/**
 * What the RequestDocuments step hands on (as `$.timeouts`): the seconds left of the window, the
 * AwaitDocuments step's timeout (TimeoutSecondsPath), and what it waits for.
 */
export interface DocumentsRequested {
  readonly documentsWindowSeconds: number;
  readonly dueAt: string;
  readonly missing: readonly string[];
}

/**
 * Workflow step (RequestDocuments): opens the claim's wait with its window (the benefit's
 * documentsWindowDays, counted from the first time it waits) and sends the member one SMS with the
 * upload link, once. Returns the seconds left of the window, which the AwaitDocuments step waits.
 */
export async function requestDocuments(
  deps: Pick<
    Deps,
    | 'claims'
    | 'programs'
    | 'registry'
    | 'documents'
    | 'documentWaits'
    | 'notifier'
    | 'now'
    | 'linkBaseUrl'
    | 'linkKey'
  >,
  input: { claimId: string },
): Promise<DocumentsRequested> {
  const claim = await loadClaim(deps.claims, input.claimId);
  const benefit = await benefitOf(deps, claim);
  const missing = await missingOf(deps, claim.claimId, benefit);
  const now = deps.now();
  const seed = newLinkSeed();
  const key = await deps.linkKey();
  const wait = await deps.documentWaits.open({
    claimId: claim.claimId,
    memberId: claim.memberId,
    missing,
    startedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + documentsWindowDays(benefit) * DAY_MS).toISOString(),
    seed,
    linkHash: linkHash(linkIdFromSeed(key, seed)),
    taskToken: null,
    resumedToken: null,
    notified: false,
  });
  if (!wait.notified && claim.status === 'AWAITING_DOCUMENTS') {
    const member = await deps.registry.getMember(claim.memberId);
    if (member !== null && member.mobile !== '') {
      const link = `${deps.linkBaseUrl}/u/${linkIdFromSeed(key, wait.seed)}`;
      try {
        await deps.notifier.send({
          idempotencyKey: `documents:${claim.claimId}:${claim.memberId}:sms`,
          channel: 'sms',
          to: member.mobile,
          // The subject is not sent with an SMS: it names the claim in the outbox and the delivery log.
          subject: `claim documents ${claim.claimId}`,
          text: smsTexts.documents(link),
          links: [link],
        });
      } catch (error) {
        // A message that cannot be sent never fails the claim: it waits all the same (its union can
        // upload for the member), and a redrive of the step tries the SMS again.
        log.warn(
          'message not delivered',
          deliveryFailureFields(error, { claimId: claim.claimId, notice: 'documents', channel: 'sms' }),
        );
        return windowLeft(wait, now, missing);
      }
    }
    await deps.documentWaits.markNotified(claim.claimId);
  }
  return windowLeft(wait, now, missing);
}

function windowLeft(wait: DocumentWait, now: Date, missing: readonly string[]): DocumentsRequested {
  const left = Math.ceil((Date.parse(wait.dueAt) - now.getTime()) / 1000);
  return { documentsWindowSeconds: Math.max(1, left), dueAt: wait.dueAt, missing };
}

/**
 * Resumes the AwaitDocuments step with the token stored now, once per token: the wait was read after
 * the documents were, so its token is the first one tried; a token gone stale is read again.
 */
async function resume(deps: Pick<Deps, 'documentWaits' | 'workflow'>, wait: DocumentWait): Promise<void> {
  if (wait.taskToken === null || wait.resumedToken === wait.taskToken) return;
  const sent: { token: string | null; reads: number } = { token: null, reads: 0 };
  await resumeWithStoredToken(
    deps.workflow,
    async () => {
      sent.token =
        sent.reads++ === 0
          ? wait.taskToken
          : ((await deps.documentWaits.get(wait.claimId))?.taskToken ?? null);
      return sent.token;
    },
    { received: true },
  );
  if (sent.token !== null) await deps.documentWaits.markResumed(wait.claimId, sent.token);
}

/**
 * Workflow callback step (AwaitDocuments): keeps the task token with the claim's wait, then looks at
 * the claim's documents again, so a document stored before the token was kept never leaves the claim
 * waiting. A claim no longer waiting is resumed at once.
 */
export async function awaitDocuments(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'workflow'>,
  input: { claimId: string; taskToken: string },
): Promise<void> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (claim.status !== 'AWAITING_DOCUMENTS') {
    await deps.workflow.sendTaskSuccess(input.taskToken, { received: false });
    return;
  }
  await deps.documentWaits.setTaskToken(claim.claimId, input.taskToken);
  await documentsComplete(deps, claim);
}

/**
 * When the claim waits and none of its required documents is missing any more, resumes its execution
 * (which goes back to Assess, and on to approval). Harmless to call again: a token resumed once is not
 * resumed twice, and a stale one is ignored.
 */
export async function documentsComplete(
  deps: Pick<Deps, 'programs' | 'documents' | 'documentWaits' | 'workflow'>,
  claim: Claim,
): Promise<boolean> {
  if (claim.status !== 'AWAITING_DOCUMENTS') return false;
  const missing = await missingOf(deps, claim.claimId, await benefitOf(deps, claim));
  if (missing.length > 0) return false;
  const wait = await deps.documentWaits.get(claim.claimId);
  if (wait !== null) await resume(deps, wait);
  return true;
}

/**
 * Workflow step after the window closed (ExpireDocuments): a claim still missing a required document
 * is rejected with the kinds it lacks, and gives back what it reserved; one whose documents all arrived
 * meanwhile goes on (the workflow returns to Assess).
 */
export async function expireDocuments(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'now'>,
  input: { claimId: string },
): Promise<{ status: string }> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (claim.status !== 'AWAITING_DOCUMENTS') return { status: claim.status };
  const missing = await missingOf(deps, claim.claimId, await benefitOf(deps, claim));
  if (missing.length === 0) return { status: claim.status };
  const after = await changeOnce(
    deps.claims,
    claim,
    {
      to: 'REJECTED',
      actor: SYSTEM('expire-documents'),
      action: 'rejected-documents-missing',
      reason: documentsNotReceivedReason(missing),
      at: deps.now().toISOString(),
    },
    release(claim),
  );
  return { status: after.status };
}
