import { createHash } from 'node:crypto';
import type { Actor } from '../domain/claim.ts';
import { Conflict, Forbidden, Gone, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { LINK_ID_PATTERN, newLinkId } from '../domain/ids.ts';
import {
  type BankResult,
  type BankResultLine,
  judgeLine,
  parseBankResult,
  type RefusedLine,
} from '../domain/payments/bank-result.ts';
import {
  hasExpired,
  pendingExpiresAt,
  RECONCILIATION_EXPIRY_DAYS,
  reconciliationExpiresAt,
} from '../domain/payments/pending-expiry.ts';
import { fenToYuan } from '../domain/payments/yuan.ts';
import { isInSubtree } from '../domain/registry.ts';
import { UPLOAD_RETENTION_DAYS, uploadObjectKey } from '../domain/uploads/upload.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { PayoutRecord, PendingReconciliation } from '../ports/payments-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { reversePayout } from './ledger.ts';
import { notifyMember } from './member-notify.ts';
import { loadClaim } from './step-support.ts';

export interface AppliedLine {
  readonly row: number;
  readonly payoutId: string;
  readonly claimId: string;
  readonly result: BankResult;
  readonly amountFen: number;
}

/**
 * Where a bank result comes from. `bank`: the bank integration (its S3 drop in AWS, the operator's
 * command line locally) applies every line. `api`: a file uploaded by staff applies its CONFIRMED lines,
 * while its RETURNED lines wait for a second person (`confirmed`: that person applies them).
 */
export type BankChannel =
  /** `source`: where the bank's file came from (its S3 object), for the events. */
  | { readonly kind: 'bank'; readonly source?: string }
  | { readonly kind: 'api' }
  | { readonly kind: 'confirmed'; readonly uploadedBy: Actor; readonly reconciliationId: string };

/** What an import did: lines applied now, lines applied by an earlier import, and lines refused. */
export interface ReconciliationReport {
  readonly applied: AppliedLine[];
  /** RETURNED lines of a file uploaded over the API, waiting for a second person to confirm them. */
  readonly waiting: AppliedLine[];
  /** The file's SHA-256, as recorded on the events it caused. */
  readonly fileSha256: string;
  /** Set when lines wait: the pending reconciliation a second person confirms. */
  readonly reconciliationId: string | null;
  readonly unchanged: AppliedLine[];
  readonly refused: RefusedLine[];
  /** Problems of the file as a whole: when there are any, no line is applied. */
  readonly fileErrors: string[];
  readonly summary: {
    readonly lines: number;
    readonly confirmed: number;
    readonly returned: number;
    readonly unchanged: number;
    readonly refused: number;
    readonly waiting: number;
  };
}

type ReconcileDeps = Pick<
  Deps,
  'claims' | 'payments' | 'registry' | 'notifier' | 'feedback' | 'now' | 'linkBaseUrl' | 'linkKey'
>;

/**
 * Applies one line in one transaction with the claim's audit event: all of it, or nothing. Returns null
 * when the payout was settled meanwhile (another import of the same line).
 */
async function applyLine(
  deps: ReconcileDeps,
  identity: Identity,
  line: BankResultLine,
  payout: PayoutRecord,
  source: string,
): Promise<'applied' | RefusedLine | null> {
  const actor = actorOf(identity);
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await loadClaim(deps.claims, payout.claimId);
    const at = deps.now().toISOString();
    const yuan = `CNY ${fenToYuan(payout.amountFen)}`;
    try {
      if (line.result === 'CONFIRMED') {
        await deps.claims.change(
          claim,
          {
            to: claim.status,
            actor,
            action: 'payout-confirmed',
            reason: `the bank confirmed payout ${payout.payoutId} of ${yuan} (batch ${payout.batchId}; ${source})`,
            at,
          },
          [{ kind: 'confirmPayout', payoutId: payout.payoutId, at }],
        );
        return 'applied';
      }
      if (claim.status !== 'PAID' || claim.payout?.payoutId !== payout.payoutId) {
        return {
          row: line.row,
          payoutId: line.payoutId,
          code: 'conflicting-result',
          reason: `claim ${claim.claimId} is ${claim.status}; payout ${payout.payoutId} is not the payout it stands on`,
        };
      }
      await deps.claims.change(
        claim,
        {
          to: 'PAYOUT_RETURNED',
          actor,
          action: 'payout-returned',
          reason:
            `the bank returned payout ${payout.payoutId} of ${yuan} (batch ${payout.batchId}; ${source}): ${line.reason}; ` +
            'the budget and the annual limit get it back, and the claim waits for corrected payee details',
          at,
          set: { payout: { ...claim.payout, returned: { at, reason: line.reason } } },
        },
        reversePayout(claim, payout, at, line.reason),
      );
      return 'applied';
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      // The payout was settled by a concurrent import of the same line: nothing more to do.
      if (error.conflict === 'already-decided') return null;
      if (error.conflict !== 'stale-claim') throw error;
    }
  }
  throw new Error(`claim ${payout.claimId} kept changing while its payout was reconciled; import again`);
}

/** How the claim's events name the file and its channel (the file's checksum, never its content). */
function sourceOf(channel: BankChannel, fileSha256: string, identity: Identity): string {
  switch (channel.kind) {
    case 'bank':
      return `channel bank, file sha256 ${fileSha256}${channel.source === undefined ? '' : ` (${channel.source})`}`;
    case 'api':
      return `uploaded over the API by ${identity.subject}, file sha256 ${fileSha256}`;
    case 'confirmed':
      return (
        `uploaded over the API by ${channel.uploadedBy.kind} ${channel.uploadedBy.id} as reconciliation ` +
        `${channel.reconciliationId}, file sha256 ${fileSha256}, confirmed by ${identity.subject}`
      );
  }
}

/**
 * POST /payment-batches/reconciliations (text/csv, channel `api`), `npm run payments -- reconcile` and
 * the bank-drop bucket (channel `bank`): imports the bank's result. Each readable line whose payout was
 * sent in a batch, with the same amount, is applied on its own (CONFIRMED: the payout is confirmed;
 * RETURNED: the payout is returned, its budget and the member's annual usage get the amount back, the
 * claim becomes PAYOUT_RETURNED and the member is told). Over the API, RETURNED lines are not applied:
 * the file is kept as a pending reconciliation that a second person confirms. A line already applied
 * changes nothing, so the same file twice is harmless; every other line is refused with its reason and
 * writes nothing. A file whose control line does not add up applies nothing.
 */
export async function reconcilePayments(
  deps: ReconcileDeps,
  request: {
    identity: Identity;
    text: string;
    channel: BankChannel;
    /** The upload the file came by: a pending reconciliation keeps it rather than the text. */
    uploadId?: string;
  },
): Promise<ReconciliationReport> {
  const parsed = parseBankResult(request.text);
  const fileSha256 = createHash('sha256').update(request.text).digest('hex');
  const source = sourceOf(request.channel, fileSha256, request.identity);
  const hold = request.channel.kind === 'api';
  let reconciliationId: string | null = null;
  const waiting: AppliedLine[] = [];
  const applied: AppliedLine[] = [];
  const unchanged: AppliedLine[] = [];
  const refused: RefusedLine[] = [...parsed.refused];
  const report = (): ReconciliationReport => ({
    applied,
    waiting,
    fileSha256,
    reconciliationId,
    unchanged,
    refused: refused.sort((a, b) => a.row - b.row),
    fileErrors: parsed.fileErrors,
    summary: {
      lines: parsed.lines.length + parsed.refused.length,
      confirmed: applied.filter((l) => l.result === 'CONFIRMED').length,
      returned: applied.filter((l) => l.result === 'RETURNED').length,
      unchanged: unchanged.length,
      refused: refused.length,
      waiting: waiting.length,
    },
  });
  if (parsed.fileErrors.length > 0) return report();
  const { identity } = request;
  const admin = identity.roles.includes('admin');
  const scope = admin ? null : await staffScope(deps.registry, identity);
  const unitPaths = new Map<string, string | null>();
  const inScope = async (unitCode: string) => {
    if (admin) return true;
    if (scope === null) return false;
    if (!unitPaths.has(unitCode))
      unitPaths.set(unitCode, (await deps.registry.getUnit(unitCode))?.path ?? null);
    const path = unitPaths.get(unitCode);
    return path !== null && path !== undefined && isInSubtree(path, scope);
  };
  const perBatch = new Map<string, Record<BankResult, number>>();
  for (const line of parsed.lines) {
    const payout = await deps.payments.getPayout(line.payoutId);
    if (payout !== null && !(await inScope(payout.unitCode))) {
      refused.push({
        row: line.row,
        payoutId: line.payoutId,
        code: 'outside-scope',
        reason: `payout ${line.payoutId} was paid by ${payout.unitCode}, outside your scope`,
      });
      continue;
    }
    const verdict = judgeLine(line, payout);
    if (verdict.kind === 'refuse') {
      refused.push({ row: line.row, payoutId: line.payoutId, code: verdict.code, reason: verdict.reason });
      continue;
    }
    if (payout === null) continue;
    const done: AppliedLine = {
      row: line.row,
      payoutId: payout.payoutId,
      claimId: payout.claimId,
      result: line.result,
      amountFen: payout.amountFen,
    };
    if (verdict.kind === 'already') {
      unchanged.push(done);
      continue;
    }
    if (hold && line.result === 'RETURNED') {
      waiting.push(done);
      continue;
    }
    const outcome = await applyLine(deps, identity, line, payout, source);
    if (outcome === null) unchanged.push(done);
    else if (outcome !== 'applied') refused.push(outcome);
    else {
      applied.push(done);
      if (payout.batchId !== null) {
        const counts = perBatch.get(payout.batchId) ?? { CONFIRMED: 0, RETURNED: 0 };
        counts[line.result]++;
        perBatch.set(payout.batchId, counts);
      }
      if (line.result === 'RETURNED') {
        // The member is told; a message that cannot go out never undoes the reconciliation.
        await notifyMember(deps, { claimId: payout.claimId, notice: 'returned' }).catch(() => undefined);
      }
    }
  }
  // Each batch keeps, among its audit events, what the bank's results applied to it, and from which file.
  for (const [batchId, counts] of perBatch) {
    await deps.payments.recordBatchEvent(batchId, {
      at: deps.now().toISOString(),
      actor: actorOf(identity),
      action: 'bank-result-applied',
      reason: `the bank's result applied: ${counts.CONFIRMED} confirmed, ${counts.RETURNED} returned (${source})`,
      after: {
        confirmed: counts.CONFIRMED,
        returned: counts.RETURNED,
        fileSha256,
        channel: request.channel.kind === 'bank' ? 'bank' : 'api',
      },
    });
  }
  if (waiting.length > 0) {
    reconciliationId = newLinkId();
    const uploadedAt = deps.now().toISOString();
    await deps.payments.createReconciliation({
      reconciliationId,
      ...(request.uploadId === undefined ? { text: request.text } : { text: '', uploadId: request.uploadId }),
      fileSha256,
      uploadedBy: actorOf(identity),
      uploadedAt,
      expiresAt: pendingExpiresAt(uploadedAt, RECONCILIATION_EXPIRY_DAYS),
      waiting: waiting.map(({ row, payoutId, claimId, amountFen }) => ({
        row,
        payoutId,
        claimId,
        amountFen,
      })),
      status: 'PENDING',
    });
  }
  return report();
}

/** GET /payment-batches/reconciliations/{id}: a file's waiting lines, for the second person (staff, admins). */
export async function viewReconciliation(
  deps: Pick<Deps, 'payments' | 'registry'>,
  request: { identity: Identity; reconciliationId: string },
): Promise<Omit<PendingReconciliation, 'text'> & { expiresAt: string }> {
  await requireFinance(deps, request.identity);
  const found = LINK_ID_PATTERN.test(request.reconciliationId)
    ? await deps.payments.getReconciliation(request.reconciliationId)
    : null;
  if (found === null) throw new NotFound(`no reconciliation ${request.reconciliationId}`);
  const { text: _text, ...view } = found;
  return { ...view, expiresAt: reconciliationExpiresAt(found) };
}

export async function requireFinance(deps: Pick<Deps, 'registry'>, identity: Identity): Promise<void> {
  if (identity.roles.includes('admin')) return;
  if ((await staffScope(deps.registry, identity)) === null)
    throw new Forbidden('bank results are confirmed by union staff and admins');
}

/** The bytes of an uploaded file as text, the byte order mark kept (so its SHA-256 is the file's). */
export function uploadText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** The file of a reconciliation that came by upload, as it was when it was reconciled. */
async function uploadedText(
  deps: Pick<Deps, 'documentFiles'>,
  found: PendingReconciliation,
  uploadId: string,
): Promise<string> {
  const bytes = await deps.documentFiles.read(uploadObjectKey(uploadId));
  const text = bytes === null ? null : uploadText(bytes);
  if (text === null || createHash('sha256').update(text).digest('hex') !== found.fileSha256) {
    throw new Conflict(
      `the bank's result of reconciliation ${found.reconciliationId} is no longer kept (uploads are kept ${UPLOAD_RETENTION_DAYS} days): upload it again`,
    );
  }
  return text;
}

/**
 * POST /payment-batches/reconciliations/{id}/confirm: a second person (staff or admin, not the uploader)
 * applies the RETURNED lines of a file uploaded over the API, before the reconciliation expires
 * (RECONCILIATION_EXPIRY_DAYS after the upload; later: 410, nothing applied); lines outside their scope
 * are refused.
 */
export async function confirmReconciliation(
  deps: ReconcileDeps & Pick<Deps, 'documentFiles'>,
  request: { identity: Identity; reconciliationId: string },
): Promise<ReconciliationReport> {
  const { identity } = request;
  await requireFinance(deps, identity);
  const found = LINK_ID_PATTERN.test(request.reconciliationId)
    ? await deps.payments.getReconciliation(request.reconciliationId)
    : null;
  if (found === null) throw new NotFound(`no reconciliation ${request.reconciliationId}`);
  if (found.uploadedBy.id === identity.subject) {
    throw new Forbidden('the person who uploaded a bank result cannot confirm it: another person must');
  }
  if (found.status !== 'PENDING')
    throw new Conflict(`reconciliation ${found.reconciliationId} is ${found.status}`);
  const expiresAt = reconciliationExpiresAt(found);
  if (hasExpired(expiresAt, deps.now())) {
    throw new Gone(
      `reconciliation ${found.reconciliationId} expired at ${expiresAt} (returned lines wait ` +
        `${RECONCILIATION_EXPIRY_DAYS} days for a second person): it can no longer be confirmed; upload the bank's result again`,
      { title: 'Reconciliation expired' },
    );
  }
  const text = found.uploadId === undefined ? found.text : await uploadedText(deps, found, found.uploadId);
  const at = deps.now().toISOString();
  if (!(await deps.payments.settleReconciliation(found.reconciliationId, actorOf(identity), at))) {
    throw new Conflict(`reconciliation ${found.reconciliationId} was confirmed meanwhile`);
  }
  return reconcilePayments(deps, {
    identity,
    text,
    channel: { kind: 'confirmed', uploadedBy: found.uploadedBy, reconciliationId: found.reconciliationId },
  });
}
