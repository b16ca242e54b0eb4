import type { Claim } from '../domain/claim.ts';
import { deliveryFailureFields } from '../domain/delivery-error.ts';
import type { ClaimDocument } from '../domain/documents/document.ts';
import { claimLinkSeed, linkHash, linkIdFromSeed, newLinkSeed } from '../domain/ids.ts';
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
import {
  ClaimNotFoundError,
  changeOnce,
  loadClaim,
  resumeWithStoredToken,
  StepStateError,
} from './step-support.ts';

/** A required document is not stored yet: the workflow catches this and waits (AWAITING_DOCUMENTS). */
export class ClaimAwaitingDocumentsError extends Error {
  override readonly name = 'Claim.AwaitingDocuments';
}

/**
 * Every required document is stored by the time the wait would begin (a member who uploads quickly):
 * the workflow catches this and goes back to Assess, with no wait, no callback and no SMS.
 */
export class ClaimDocumentsReadyError extends Error {
  override readonly name = 'Claim.DocumentsReady';
}

const DAY_MS = 86_400_000;

/**
 * The seed of a claim's upload link: derived from the claim's own random link seed (kept only on the
 * claim's item), so every run of RequestDocuments (a retry after the SMS went out and before the wait
 * was stored) sends the same link, while the link key and the claim id alone compute none. The claim's
 * version is left out: a document stored between the SMS and the retry must not change the link. A
 * claim submitted before it had a link seed gets a fresh random seed on each run. The link's token is
 * derived from the seed with the link key (domain/ids.ts linkIdFromSeed), and only the token's hash
 * keys the link.
 */
export const documentsLinkSeed = (claim: Pick<Claim, 'claimId' | 'linkSeed'>): string =>
  claim.linkSeed === undefined
    ? newLinkSeed()
    : claimLinkSeed(claim.linkSeed, ['documents-wait', claim.claimId]);

async function benefitOf(deps: Pick<Deps, 'programs'>, claim: Claim): Promise<BenefitDef | null> {
  const version = await claimVersion(deps.programs, claim);
  return version?.benefits.find((b) => b.id === claim.benefit) ?? null;
}

/** The kinds of the claim's documents whose bytes were checked and kept. */
export async function storedKinds(deps: Pick<Deps, 'documents'>, claimId: string): Promise<string[]> {
  return storedKindsOf(await deps.documents.listDocuments(claimId));
}

const storedKindsOf = (documents: readonly ClaimDocument[]) =>
  documents.filter((d) => d.status === 'STORED').map((d) => d.kind);

/** The required kinds of `benefit` none of `documents` (as read) is a STORED one of. */
const missingIn = (benefit: BenefitDef | null, documents: readonly ClaimDocument[]): string[] =>
  (benefit?.requiredDocuments ?? []).length === 0 ? [] : missingDocuments(benefit, storedKindsOf(documents));

/** The claim with its documents and its wait, in one read of its partition. */
export async function loadClaimWithDocuments(
  deps: Pick<Deps, 'documentWaits'>,
  claimId: string,
): Promise<{ claim: Claim; documents: ClaimDocument[]; wait: DocumentWait | null }> {
  const { claim, documents, wait } = await deps.documentWaits.getWithClaim(claimId);
  if (claim === null) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
  return { claim, documents, wait };
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

/**
 * The required kinds the claim has no STORED document of: among `documents` when the step read them
 * with the claim, else read (none read when its benefit requires none).
 */
export async function missingFor(
  deps: Pick<Deps, 'programs' | 'documents'>,
  claim: Claim,
  documents?: readonly ClaimDocument[],
): Promise<string[]> {
  const benefit = await benefitOf(deps, claim);
  return documents === undefined ? missingOf(deps, claim.claimId, benefit) : missingIn(benefit, documents);
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
    await changeOnce(deps.claims, claim, documentsReceivedChange('assess', deps.now().toISOString()));
  }
}

/** The change of a waiting claim whose required documents are all stored: back to RULES_PASSED. */
export function documentsReceivedChange(step: string, at: string): ClaimChange {
  return {
    to: 'RULES_PASSED',
    actor: SYSTEM(step),
    action: 'documents-received',
    reason: 'every required document is stored',
    at,
  };
}

/**
 * Whether storing `document` completes the required documents of a claim waiting for them, judged on
 * its documents as read with the claim (a document seen STORED stays so; one stored meanwhile by
 * another upload changes the claim's version, and the store is tried again on the claim read anew).
 */
export async function completesWait(
  deps: Pick<Deps, 'programs'>,
  claim: Claim,
  documents: readonly ClaimDocument[],
  document: ClaimDocument,
): Promise<boolean> {
  if (claim.status !== 'AWAITING_DOCUMENTS') return false;
  const benefit = await benefitOf(deps, claim);
  if ((benefit?.requiredDocuments ?? []).length === 0) return false;
  const others = documents.filter((d) => d.documentId !== document.documentId);
  return missingIn(benefit, [...others, { ...document, status: 'STORED' }]).length === 0;
}

/**
 * Resumes the wait of a claim that its last document just took back to RULES_PASSED: with the token
 * read with the claim, or (none kept yet then) the one kept since. A wait with no token yet needs
 * none: its callback step finds the claim no longer waiting and resumes itself.
 */
export async function resumeReceived(
  deps: Pick<Deps, 'documentWaits' | 'workflow'>,
  claimId: string,
  read: DocumentWait | null,
): Promise<void> {
  const wait = read?.taskToken ? read : await deps.documentWaits.get(claimId);
  if (wait !== null) await resume(deps, wait, false);
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
 * upload link. Returns the seconds left of the window, which the AwaitDocuments step waits. The claim,
 * its documents and its wait are one read. A claim whose documents are all stored by now (or that no
 * longer waits) opens no wait and sends nothing: Claim.DocumentsReady takes it back to Assess.
 *
 * The SMS goes out before the wait is stored, and the wait records it (`notified`) as it is stored: one
 * write. A run that dies between the two is run again and sends the same link again (its seed is
 * derived from the claim's link seed): at least once, as the approval levels' messages are. A message that could not be sent
 * leaves the wait stored with `notified` false; a later run of the step sends it, then marks it.
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
  const { claim, documents, wait: stored } = await loadClaimWithDocuments(deps, input.claimId);
  const benefit = await benefitOf(deps, claim);
  const missing = missingIn(benefit, documents);
  if (claim.status !== 'AWAITING_DOCUMENTS' || missing.length === 0) {
    throw new ClaimDocumentsReadyError(`claim ${claim.claimId} is ${claim.status}, missing no document`);
  }
  const now = deps.now();
  const key = await deps.linkKey();
  if (stored !== null) {
    // A wait opened before (a later wait of the claim keeps its window): its SMS once.
    if (!stored.notified && (await sendDocumentsSms(deps, claim, linkIdFromSeed(key, stored.seed)))) {
      await deps.documentWaits.markNotified(claim.claimId);
    }
    return windowLeft(stored, now, missing);
  }
  const seed = documentsLinkSeed(claim);
  const linkId = linkIdFromSeed(key, seed);
  const notified = await sendDocumentsSms(deps, claim, linkId);
  const wait = await deps.documentWaits.open({
    claimId: claim.claimId,
    memberId: claim.memberId,
    missing,
    startedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + documentsWindowDays(benefit) * DAY_MS).toISOString(),
    seed,
    linkHash: linkHash(linkId),
    taskToken: null,
    resumedToken: null,
    notified,
  });
  // Another run opened it first, before its SMS went out: this one's is the record.
  if (notified && !wait.notified) await deps.documentWaits.markNotified(claim.claimId);
  return windowLeft(wait, now, missing);
}

/**
 * The member's SMS with the upload link; true once it is done (sent, or the member has no mobile to
 * send it to). A message that cannot be sent never fails the claim: it waits all the same (its union
 * can upload for the member), and a later run of the step tries the SMS again.
 */
async function sendDocumentsSms(
  deps: Pick<Deps, 'registry' | 'notifier' | 'linkBaseUrl'>,
  claim: Claim,
  linkId: string,
): Promise<boolean> {
  const member = await deps.registry.getMember(claim.memberId);
  if (member === null || member.mobile === '') return true;
  const link = `${deps.linkBaseUrl}/u/${linkId}`;
  try {
    // No message log of its own: the wait's `notified` keeps a later run from sending it again.
    await deps.notifier.send({
      channel: 'sms',
      to: member.mobile,
      // The subject is not sent with an SMS: it names the claim in the outbox and the delivery log.
      subject: `claim documents ${claim.claimId}`,
      text: smsTexts.documents(link),
      links: [link],
    });
    return true;
  } catch (error) {
    log.warn(
      'message not delivered',
      deliveryFailureFields(error, { claimId: claim.claimId, notice: 'documents', channel: 'sms' }),
    );
    return false;
  }
}

function windowLeft(wait: DocumentWait, now: Date, missing: readonly string[]): DocumentsRequested {
  const left = Math.ceil((Date.parse(wait.dueAt) - now.getTime()) / 1000);
  return { documentsWindowSeconds: Math.max(1, left), dueAt: wait.dueAt, missing };
}

/**
 * Resumes the AwaitDocuments step with the token stored now, once per token: the wait was read with
 * (or after) the documents, so its token is the first one tried; a token gone stale is read again.
 * `record`: the token is recorded resumed (`resumedToken`), so that no later call sends it again.
 */
async function resume(
  deps: Pick<Deps, 'documentWaits' | 'workflow'>,
  wait: DocumentWait,
  record: boolean,
): Promise<void> {
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
  if (record && sent.token !== null) await deps.documentWaits.markResumed(wait.claimId, sent.token);
}

/**
 * Workflow callback step (AwaitDocuments): keeps the task token with the claim's wait, then reads the
 * claim with its documents (one read), so a document stored before the token was kept never leaves the
 * claim waiting: it resumes itself then, and records the token resumed. A claim no longer waiting is
 * resumed at once.
 */
export async function awaitDocuments(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'workflow'>,
  input: { claimId: string; taskToken: string },
): Promise<void> {
  const kept = await deps.documentWaits.setTaskToken(input.claimId, input.taskToken);
  const { claim, documents, wait } = await loadClaimWithDocuments(deps, input.claimId);
  if (claim.status !== 'AWAITING_DOCUMENTS') {
    await deps.workflow.sendTaskSuccess(input.taskToken, { received: false });
    return;
  }
  if (!kept || wait === null) throw new StepStateError(`claim ${claim.claimId} waits with no wait opened`);
  if (missingIn(await benefitOf(deps, claim), documents).length === 0) await resume(deps, wait, true);
}

/**
 * When the claim waits and none of its required documents is missing any more, resumes its execution
 * (which goes back to Assess, and on to approval). The documents and the wait are one read, after the
 * document that called it was stored. Harmless to call again: the token the callback step resumed
 * itself is recorded and not sent again; one this call resumed is not recorded (a write saved), and a
 * later call finds the claim gone on (Assess moves it out of AWAITING_DOCUMENTS) or, in the moment
 * before, sends it again and Step Functions refuses it as stale, which is ignored.
 */
export async function documentsComplete(
  deps: Pick<Deps, 'programs' | 'documents' | 'documentWaits' | 'workflow'>,
  claim: Claim,
): Promise<boolean> {
  if (claim.status !== 'AWAITING_DOCUMENTS') return false;
  const benefit = await benefitOf(deps, claim);
  const { documents, wait } = await deps.documentWaits.getWithDocuments(claim.claimId);
  if (missingIn(benefit, documents).length > 0) return false;
  if (wait !== null) await resume(deps, wait, false);
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
