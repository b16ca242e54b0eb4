import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { CLAIM_METRICS, type ClaimMetric, TIER_DIMENSION } from '../../metrics/names.ts';
import type { ClaimChange, ClaimsStore, LinkedWrite } from '../../ports/claims-store.ts';
import type { MetricSink } from '../../ports/metrics.ts';

/** The statuses whose reaching is counted, by metric. */
const REACHED: Partial<Record<ClaimStatus, ClaimMetric>> = {
  APPROVED: CLAIM_METRICS.approved,
  REJECTED: CLAIM_METRICS.rejected,
  PAID: CLAIM_METRICS.paid,
  FAILED: CLAIM_METRICS.failed,
  ON_HOLD: CLAIM_METRICS.held,
};

/**
 * The claims store, counting the claim events as they commit: a claim created (submitted), a change
 * that moves a claim into APPROVED, REJECTED, PAID (with the fen paid), FAILED or ON_HOLD, a fraud flag
 * raised, and an approver's decision (seconds from the level's opening, by the tier of its unit). A
 * change that does not commit (a conflict, a replay that finds the claim moved on) counts nothing, so
 * a retried step counts once. Every other method passes through unchanged.
 */
export function meteredClaimsStore(inner: ClaimsStore, sink: MetricSink): ClaimsStore {
  const metered: Partial<ClaimsStore> = {
    async create(input) {
      const result = await inner.create(input);
      if (result.created) sink.emit({ name: CLAIM_METRICS.submitted, unit: 'Count', value: 1 });
      return result;
    },
    async change(claim, change, linked = []) {
      const after = await inner.change(claim, change, linked);
      countChange(sink, claim, change, linked);
      await approvalLatency(inner, sink, claim, linked);
      return after;
    },
    async changeSteps(claim, changes, linked = []) {
      const after = await inner.changeSteps(claim, changes, linked);
      let before = claim;
      for (const [index, change] of changes.entries()) {
        countChange(sink, before, change, index === changes.length - 1 ? linked : []);
        before = { ...before, status: change.to };
      }
      await approvalLatency(inner, sink, claim, linked);
      return after;
    },
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      const own = metered[property as keyof ClaimsStore];
      if (own !== undefined) return own;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function countChange(
  sink: MetricSink,
  claim: Claim,
  change: ClaimChange,
  linked: readonly LinkedWrite[],
): void {
  const reached = change.to === claim.status ? undefined : REACHED[change.to];
  if (reached !== undefined) sink.emit({ name: reached, unit: 'Count', value: 1 });
  if (reached === CLAIM_METRICS.paid) {
    const fen = change.set?.payout?.amountFen ?? change.event?.amountFen;
    if (fen !== undefined) sink.emit({ name: CLAIM_METRICS.paidFen, unit: 'Count', value: fen });
  }
  const flags = linked.filter((write) => write.kind === 'raiseFlag').length;
  if (flags > 0) sink.emit({ name: CLAIM_METRICS.fraudFlagsRaised, unit: 'Count', value: flags });
}

/** An approver decided a level: the seconds since it opened, with the tier of the level's unit. */
async function approvalLatency(
  inner: ClaimsStore,
  sink: MetricSink,
  claim: Claim,
  linked: readonly LinkedWrite[],
): Promise<void> {
  for (const write of linked) {
    if (write.kind !== 'decideApproval') continue;
    const tier = claim.approvalChain?.find((step) => step.level === write.level)?.tier;
    // The metric must never fail a decision that has committed.
    // When the level opened: as the decider read it, else read again (never failing the decision).
    const openedAt =
      write.openedAt ??
      (await inner.getApprovalRequest(claim.claimId, write.level).catch(() => null))?.createdAt;
    if (tier === undefined || openedAt === undefined) continue;
    const seconds = (Date.parse(write.decision.decidedAt) - Date.parse(openedAt)) / 1000;
    if (!Number.isFinite(seconds) || seconds < 0) continue;
    sink.emit({
      name: CLAIM_METRICS.approvalLatency,
      unit: 'Seconds',
      value: seconds,
      dimensions: { [TIER_DIMENSION]: tier },
    });
  }
}
