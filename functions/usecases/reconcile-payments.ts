import { createHash } from 'node:crypto';
import type { Claim } from '../domain/claim.ts';
import type { Identity } from '../domain/identity.ts';
import {
  type BankResult,
  type BankResultLine,
  judgeLine,
  parseBankResult,
  type RefusedLine,
} from '../domain/payments/bank-result.ts';
import { fenToYuan } from '../domain/payments/yuan.ts';
import { isInSubtree } from '../domain/registry.ts';
import { ClaimConflictError, type LinkedWrite } from '../ports/claims-store.ts';
import type { PayoutRecord } from '../ports/payments-store.ts';
import { actorOf, staffScope } from './access.ts';
import { usageKey } from './check-rules.ts';
import type { Deps } from './deps.ts';
import { notifyMember } from './member-notify.ts';
import { loadClaim } from './step-support.ts';

export interface AppliedLine {
  readonly row: number;
  readonly payoutId: string;
  readonly claimId: string;
  readonly result: BankResult;
  readonly amountFen: number;
}

/** What an import did: lines applied now, lines applied by an earlier import, and lines refused. */
export interface ReconciliationReport {
  readonly applied: AppliedLine[];
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
  };
}

type ReconcileDeps = Pick<
  Deps,
  'claims' | 'payments' | 'registry' | 'notifier' | 'feedback' | 'now' | 'linkBaseUrl' | 'linkKey'
>;

/** The writes of a returned payout: the payout and its budget, and the member's annual usage. */
function returnWrites(claim: Claim, payout: PayoutRecord, at: string, reason: string): LinkedWrite[] {
  const budget = { unitCode: payout.unitCode, programId: payout.programId, year: payout.year };
  const consumes = claim.rules?.passed ? claim.rules.consumes : undefined;
  return [
    // The claim is owed the amount again (committed, unpaid) while it waits for corrected payee details.
    { kind: 'returnPayout', payoutId: payout.payoutId, budget, amountFen: payout.amountFen, at, reason },
    ...(consumes === undefined ? [] : [{ kind: 'releaseUsage', key: usageKey(claim), consumes } as const]),
  ];
}

/**
 * Applies one line in one transaction with the claim's audit event: all of it, or nothing. Returns null
 * when the payout was settled meanwhile (another import of the same line).
 */
async function applyLine(
  deps: ReconcileDeps,
  identity: Identity,
  line: BankResultLine,
  payout: PayoutRecord,
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
            reason: `the bank confirmed payout ${payout.payoutId} of ${yuan} (batch ${payout.batchId})`,
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
            `the bank returned payout ${payout.payoutId} of ${yuan} (batch ${payout.batchId}): ${line.reason}; ` +
            'the budget and the annual limit get it back, and the claim waits for corrected payee details',
          at,
          set: { payout: { ...claim.payout, returned: { at, reason: line.reason } } },
        },
        returnWrites(claim, payout, at, line.reason),
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

/**
 * POST /payment-batches/reconciliations (text/csv) and `npm run payments -- reconcile`: imports the
 * bank's result. Each readable line whose payout was sent in a batch, with the same amount, is applied
 * on its own (CONFIRMED: the payout is confirmed; RETURNED: the payout is returned, its budget and the
 * member's annual usage get the amount back, the claim becomes PAYOUT_RETURNED and the member is told).
 * A line already applied changes nothing, so the same file twice is harmless; every other line is
 * refused with its reason and writes nothing. A file whose control line does not add up applies nothing.
 */
export async function reconcilePayments(
  deps: ReconcileDeps,
  request: { identity: Identity; text: string },
): Promise<ReconciliationReport> {
  const parsed = parseBankResult(request.text);
  const applied: AppliedLine[] = [];
  const unchanged: AppliedLine[] = [];
  const refused: RefusedLine[] = [...parsed.refused];
  const report = (): ReconciliationReport => ({
    applied,
    unchanged,
    refused: refused.sort((a, b) => a.row - b.row),
    fileErrors: parsed.fileErrors,
    summary: {
      lines: parsed.lines.length + parsed.refused.length,
      confirmed: applied.filter((l) => l.result === 'CONFIRMED').length,
      returned: applied.filter((l) => l.result === 'RETURNED').length,
      unchanged: unchanged.length,
      refused: refused.length,
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
    const outcome = await applyLine(deps, identity, line, payout);
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
  const fileHash = createHash('sha256').update(request.text).digest('hex');
  for (const [batchId, counts] of perBatch) {
    await deps.payments.recordBatchEvent(batchId, {
      at: deps.now().toISOString(),
      actor: actorOf(identity),
      action: 'bank-result-applied',
      reason: `the bank's result applied: ${counts.CONFIRMED} confirmed, ${counts.RETURNED} returned`,
      after: { confirmed: counts.CONFIRMED, returned: counts.RETURNED, fileSha256: fileHash },
    });
  }
  return report();
}
