import { beijingDate } from '../domain/calendar.ts';
import type { Identity } from '../domain/identity.ts';
import { type BatchLine, batchFile, controlTotal } from '../domain/payments/batch-file.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { isInSubtree, type Unit } from '../domain/registry.ts';
import type { PaymentBatch } from '../ports/payments-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { HttpProblem, problems } from './problem.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BATCH_ID = /^B-([A-Z0-9-]{1,40})-(\d{8})$/;

/** One batch per paying unit and Beijing date. */
export const batchIdOf = (unitCode: string, date: string) => `B-${unitCode}-${date.replaceAll('-', '')}`;

/** The first instant after a Beijing date, as an ISO string (payouts before it belong to that day or earlier). */
function endOfBeijingDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
}

/** The finance office of a unit: its staff and the staff of the units above it, and admins. */
export async function payingUnit(
  deps: Pick<Deps, 'registry'>,
  identity: Identity,
  unitCode: string,
): Promise<Unit> {
  const unit = await deps.registry.getUnit(unitCode);
  if (unit === null) throw problems.notFound(`no union unit ${unitCode}`);
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || !isInSubtree(unit.path, scope))
      throw problems.forbidden(
        `payments of unit ${unit.code} are for its staff, the staff above it and admins`,
      );
  }
  return unit;
}

export interface BatchView extends PaymentBatch {
  /** Where the bank file of the batch is downloaded. */
  readonly file: string;
}

const viewOf = (batch: PaymentBatch): BatchView => ({ ...batch, file: `/payment-batches/${batch.batchId}` });

/**
 * POST /payment-batches `{unitCode, date}`: cuts the day's batch of a paying unit, taking its payouts
 * that are in no batch yet and were paid by the end of that Beijing day. Each payout is assigned once
 * (a conditional write), so cutting again, or concurrently, never puts a payout in two batches; a batch
 * already cut is returned as it is.
 */
export async function cutBatch(
  deps: Pick<Deps, 'payments' | 'registry' | 'now'>,
  request: { identity: Identity; body: unknown },
): Promise<{ created: boolean; batch: BatchView }> {
  const body = (request.body ?? {}) as { unitCode?: unknown; date?: unknown };
  const now = deps.now();
  const today = beijingDate(now);
  const date = typeof body.date === 'string' ? body.date : '';
  const errors = [
    ...(typeof body.unitCode === 'string' && body.unitCode !== ''
      ? []
      : [{ field: 'unitCode', message: 'must name the paying unit' }]),
    ...(DATE.test(date) && beijingDate(new Date(`${date}T12:00:00+08:00`)) === date && date <= today
      ? []
      : [{ field: 'date', message: `must be a date (YYYY-MM-DD), ${today} or earlier` }]),
  ];
  if (errors.length > 0) throw problems.invalid(errors);
  const unit = await payingUnit(deps, request.identity, String(body.unitCode));
  const batchId = batchIdOf(unit.code, date);
  const actor = actorOf(request.identity);
  const created = await deps.payments.createBatch({
    batchId,
    unitCode: unit.code,
    date,
    status: 'cutting',
    createdAt: now.toISOString(),
    createdBy: actor.id,
    count: 0,
    totalFen: 0,
  });
  const existing = await deps.payments.getBatch(batchId);
  if (existing === null) throw new Error(`batch ${batchId} vanished after it was created`);
  if (existing.status === 'cutting') {
    // This cut, or one that stopped half-way: the payouts not yet in a batch go in, then the lines are fixed.
    for (const payout of await deps.payments.unbatched(unit.code, endOfBeijingDay(date))) {
      await deps.payments.assignToBatch(payout.payoutId, batchId);
    }
    const total = controlTotal(await deps.payments.batchPayouts(batchId));
    await deps.payments.finishBatch(batchId, total);
    if (created) {
      await deps.payments.recordBatchEvent(batchId, {
        at: deps.now().toISOString(),
        actor,
        action: 'batch-cut',
        reason: `the ${date} payment batch of ${unit.code}: ${total.count} payouts, ${total.totalFen} fen`,
        after: { batchId, unitCode: unit.code, date, ...total },
      });
    }
  }
  const batch = await deps.payments.getBatch(batchId);
  if (batch === null) throw new Error(`batch ${batchId} vanished`);
  return { created, batch: viewOf(batch) };
}

/** GET /payment-batches/{batchId} as JSON: the batch without its file. */
async function readableBatch(
  deps: Pick<Deps, 'payments' | 'registry'>,
  identity: Identity,
  batchId: string,
): Promise<PaymentBatch> {
  if (!BATCH_ID.test(batchId)) throw problems.notFound(`no payment batch ${batchId}`);
  const batch = await deps.payments.getBatch(batchId);
  if (batch === null) throw problems.notFound(`no payment batch ${batchId}`);
  await payingUnit(deps, identity, batch.unitCode);
  if (batch.status !== 'cut')
    throw new HttpProblem(
      409,
      'Batch not cut',
      `batch ${batchId} is still being cut: cut it again to finish it`,
    );
  return batch;
}

/**
 * GET /payment-batches/{batchId}: the bank file (CSV, UTF-8 with BOM) of a cut batch, the same on every
 * download: its payouts in the order they were paid, each with the payee details of its round. Every
 * download is an audit event of the batch.
 */
export async function downloadBatch(
  deps: Pick<Deps, 'payments' | 'registry' | 'claims' | 'now'>,
  request: { identity: Identity; batchId: string },
): Promise<{ batch: PaymentBatch; fileName: string; text: string }> {
  const batch = await readableBatch(deps, request.identity, request.batchId);
  const payouts = (await deps.payments.batchPayouts(batch.batchId)).sort(
    (a, b) => a.paidAt.localeCompare(b.paidAt) || a.payoutId.localeCompare(b.payoutId),
  );
  const lines: BatchLine[] = [];
  for (const payout of payouts) {
    const payee = await deps.claims.getPayee(payout.claimId, parsePayoutId(payout.payoutId)?.round ?? 1);
    if (payee === null) throw new Error(`payout ${payout.payoutId} has no payee details`);
    lines.push({
      payoutId: payout.payoutId,
      claimId: payout.claimId,
      programId: payout.programId,
      payeeName: payee.name,
      bankName: payee.bankName,
      accountNumber: payee.accountNumber,
      amountFen: payout.amountFen,
    });
  }
  const text = batchFile(batch.batchId, lines);
  await deps.payments.recordBatchEvent(batch.batchId, {
    at: deps.now().toISOString(),
    actor: actorOf(request.identity),
    action: 'batch-downloaded',
    reason: `bank file of ${batch.batchId} downloaded: ${batch.count} payouts, ${batch.totalFen} fen`,
  });
  return { batch, fileName: `${batch.batchId}.csv`, text };
}
