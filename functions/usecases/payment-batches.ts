import { beijingDate } from '../domain/calendar.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { type BatchLine, batchFile, controlTotal } from '../domain/payments/batch-file.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { isInSubtree, type Unit } from '../domain/registry.ts';
import type { PaymentBatch, PayoutRecord } from '../ports/payments-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { flagRefusedPayout, type RefusedLine, type ScreeningDeps, screenPayout } from './payout-screening.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BATCH_ID = /^B-[A-Z0-9-]{1,40}-\d{8}-\d{2}$/;

/** A paying unit's batches of a Beijing date are numbered from 1 in the order they were cut. */
export const batchIdOf = (unitCode: string, date: string, seq: number) =>
  `B-${unitCode}-${date.replaceAll('-', '')}-${String(seq).padStart(2, '0')}`;

const MAX_BATCHES_A_DAY = 99;

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
  if (unit === null) throw new NotFound(`no union unit ${unitCode}`);
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || !isInSubtree(unit.path, scope))
      throw new Forbidden(`payments of unit ${unit.code} are for its staff, the staff above it and admins`);
  }
  return unit;
}

export interface BatchView extends PaymentBatch {
  /** Where the bank file of the batch is downloaded. */
  readonly file: string;
}

/** Payout lines screened once per cut: the reasons each is refused (none: it may go to the bank). */
function screener(deps: ScreeningDeps) {
  const seen = new Map<string, { payout: PayoutRecord; reasons: string[] }>();
  return {
    async passes(payout: PayoutRecord): Promise<boolean> {
      let entry = seen.get(payout.payoutId);
      if (entry === undefined) {
        entry = { payout, reasons: await screenPayout(deps, payout) };
        seen.set(payout.payoutId, entry);
      }
      return entry.reasons.length === 0;
    },
    refused(): RefusedLine[] {
      return [...seen.values()]
        .filter((e) => e.reasons.length > 0)
        .map(({ payout, reasons }) => ({
          payoutId: payout.payoutId,
          claimId: payout.claimId,
          amountFen: payout.amountFen,
          reasons,
        }));
    },
  };
}

const viewOf = (batch: PaymentBatch): BatchView => ({ ...batch, file: `/payment-batches/${batch.batchId}` });

/**
 * POST /payment-batches `{unitCode, date}`: cuts a batch of a paying unit for a Beijing date, taking its
 * payouts that are in no batch yet and were paid by the end of that day. Each payout is assigned once
 * (a conditional write), so cutting again, or concurrently, never puts a payout in two batches; a
 * batch left half-cut is finished first. With nothing new to send, the date's latest batch is returned
 * as it is (`created: false`); with none at all, 404.
 */
export async function cutBatch(
  deps: Pick<Deps, 'payments' | 'registry' | 'now'> & ScreeningDeps,
  request: { identity: Identity; body: unknown },
): Promise<{ created: boolean; batch: BatchView; refused: RefusedLine[] }> {
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
  if (errors.length > 0) throw new Invalid(errors);
  const unit = await payingUnit(deps, request.identity, String(body.unitCode));
  const actor = actorOf(request.identity);
  const paidBefore = endOfBeijingDay(date);
  const screen = screener(deps);
  // Refused lines stay out of every batch (they are screened again at each cut), and each is a fraud
  // signal: a review flag on its claim, and an event on the batch's trail.
  const report = async (batchId: string | null): Promise<RefusedLine[]> => {
    const refused = screen.refused();
    const at = deps.now().toISOString();
    for (const line of refused) {
      await flagRefusedPayout(deps, line, actor, at);
      if (batchId !== null)
        await deps.payments.recordBatchEvent(batchId, {
          at,
          actor,
          action: 'batch-line-refused',
          reason: `payout ${line.payoutId} of claim ${line.claimId} (${line.amountFen} fen) left out: ${line.reasons.join('; ')}`,
        });
    }
    return refused;
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    // The date's batches so far; one left half-cut (a crash, or a cut running now) is finished first.
    let latest: PaymentBatch | null = null;
    let seq = 1;
    for (; seq <= MAX_BATCHES_A_DAY; seq++) {
      const batch = await deps.payments.getBatch(batchIdOf(unit.code, date, seq));
      if (batch === null) break;
      latest = batch.status === 'cut' ? batch : await fillBatch(deps, batch, paidBefore, screen);
    }
    const pending: PayoutRecord[] = [];
    for (const payout of await deps.payments.unbatched(unit.code, paidBefore))
      if (await screen.passes(payout)) pending.push(payout);
    if (pending.length === 0) {
      const refused = await report(latest?.batchId ?? null);
      if (latest === null && refused.length > 0)
        throw new Conflict(
          `no payout of ${unit.code} paid by the end of ${date} passes the checks against the audit chain`,
          {
            title: 'Payouts refused',
            errors: refused.map((line) => ({ field: line.payoutId, message: line.reasons.join('; ') })),
          },
        );
      if (latest === null)
        throw new NotFound(`no payouts of ${unit.code} paid by the end of ${date} wait for a batch`);
      return { created: false, batch: viewOf(latest), refused };
    }
    if (seq > MAX_BATCHES_A_DAY)
      throw new Conflict(`${unit.code} has cut ${MAX_BATCHES_A_DAY} batches on ${date}`);
    const batchId = batchIdOf(unit.code, date, seq);
    const created = await deps.payments.createBatch({
      batchId,
      unitCode: unit.code,
      unitPath: unit.path,
      date,
      status: 'cutting',
      createdAt: now.toISOString(),
      createdBy: actor.id,
      count: 0,
      totalFen: 0,
    });
    // Another cut took this number first: look again.
    if (!created) continue;
    const batch = await fillBatch(deps, await mustGet(deps, batchId), paidBefore, screen);
    const refused = await report(batchId);
    await deps.payments.recordBatchEvent(batchId, {
      at: deps.now().toISOString(),
      actor,
      action: 'batch-cut',
      reason: `payment batch ${batchId} of ${unit.code}: ${batch.count} payouts, ${batch.totalFen} fen`,
      after: { batchId, unitCode: unit.code, date, count: batch.count, totalFen: batch.totalFen },
    });
    return { created: true, batch: viewOf(batch), refused };
  }
  throw new Conflict(`batches of ${unit.code} kept being cut meanwhile; try again`);
}

async function mustGet(deps: Pick<Deps, 'payments'>, batchId: string): Promise<PaymentBatch> {
  const batch = await deps.payments.getBatch(batchId);
  if (batch === null) throw new Error(`batch ${batchId} vanished`);
  return batch;
}

/** Puts the waiting payouts that pass the checks in a batch being cut, then fixes its lines and control total. */
async function fillBatch(
  deps: Pick<Deps, 'payments'>,
  batch: PaymentBatch,
  paidBefore: string,
  screen: { passes(payout: PayoutRecord): Promise<boolean> },
): Promise<PaymentBatch> {
  for (const payout of await deps.payments.unbatched(batch.unitCode, paidBefore)) {
    if (await screen.passes(payout)) await deps.payments.assignToBatch(payout.payoutId, batch.batchId);
  }
  await deps.payments.finishBatch(
    batch.batchId,
    controlTotal(await deps.payments.batchPayouts(batch.batchId)),
  );
  return mustGet(deps, batch.batchId);
}

/** A cut batch the caller may download: its unit's finance office (staff of it or above) and admins. */
async function readableBatch(
  deps: Pick<Deps, 'payments' | 'registry'>,
  identity: Identity,
  batchId: string,
): Promise<PaymentBatch> {
  if (!BATCH_ID.test(batchId)) throw new NotFound(`no payment batch ${batchId}`);
  const batch = await deps.payments.getBatch(batchId);
  if (batch === null) throw new NotFound(`no payment batch ${batchId}`);
  await payingUnit(deps, identity, batch.unitCode);
  if (batch.status !== 'cut')
    throw new Conflict(`batch ${batchId} is still being cut: cut it again to finish it`, {
      title: 'Batch not cut',
    });
  return batch;
}

/**
 * GET /payment-batches/{batchId}: the bank file (CSV, UTF-8 with BOM) of a cut batch, the same on every
 * download: its payouts in the order they were paid, each with the payee details of its round. Every
 * download is an audit event of the batch.
 */
export async function downloadBatch(
  deps: Pick<Deps, 'payments' | 'registry' | 'claims' | 'now'> & ScreeningDeps,
  request: { identity: Identity; batchId: string },
): Promise<{ batch: PaymentBatch; fileName: string; text: string }> {
  const batch = await readableBatch(deps, request.identity, request.batchId);
  const payouts = (await deps.payments.batchPayouts(batch.batchId)).sort(
    (a, b) => a.paidAt.localeCompare(b.paidAt) || a.payoutId.localeCompare(b.payoutId),
  );
  // The lines are checked again as the file is made: a payee or amount edited after the cut never
  // reaches the bank. A mismatch refuses the whole file (its control total is fixed), flagged and audited.
  const screen = screener(deps);
  for (const payout of payouts) await screen.passes(payout);
  const refused = screen.refused();
  if (refused.length > 0) {
    const actor = actorOf(request.identity);
    const at = deps.now().toISOString();
    for (const line of refused) {
      await flagRefusedPayout(deps, line, actor, at);
      await deps.payments.recordBatchEvent(batch.batchId, {
        at,
        actor,
        action: 'batch-download-refused',
        reason: `payout ${line.payoutId} of claim ${line.claimId} (${line.amountFen} fen) no longer matches its chain: ${line.reasons.join('; ')}`,
      });
    }
    throw new Conflict(
      `${refused.length} line(s) of ${batch.batchId} no longer match their claims' audit chains: the file is not made`,
      {
        title: 'Batch lines refused',
        errors: refused.map((line) => ({ field: line.payoutId, message: line.reasons.join('; ') })),
      },
    );
  }
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

/** A batch line as the finance office follows it up: no bank details, the bank's answer so far. */
export type BatchLineStatus = Pick<
  PayoutRecord,
  'payoutId' | 'claimId' | 'amountFen' | 'paidAt' | 'status' | 'settledAt' | 'returnReason'
>;

/**
 * GET /payment-batches/{batchId} with `Accept: application/json`: the batch, its lines' state (pending,
 * confirmed or returned, with the bank's reason) and the totals of each, without the payees' bank details.
 */
export async function batchStatus(
  deps: Pick<Deps, 'payments' | 'registry'>,
  request: { identity: Identity; batchId: string },
): Promise<{
  batch: BatchView;
  totals: Record<PayoutRecord['status'], { count: number; totalFen: number }>;
  lines: BatchLineStatus[];
}> {
  const batch = await readableBatch(deps, request.identity, request.batchId);
  const payouts = await deps.payments.batchPayouts(batch.batchId);
  const lines = payouts.map(({ payoutId, claimId, amountFen, paidAt, status, settledAt, returnReason }) => ({
    payoutId,
    claimId,
    amountFen,
    paidAt,
    status,
    settledAt,
    returnReason,
  }));
  const totalOf = (status: PayoutRecord['status']) => controlTotal(lines.filter((l) => l.status === status));
  return {
    batch: viewOf(batch),
    totals: { PENDING: totalOf('PENDING'), CONFIRMED: totalOf('CONFIRMED'), RETURNED: totalOf('RETURNED') },
    lines,
  };
}
