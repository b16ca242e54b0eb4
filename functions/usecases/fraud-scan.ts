import { createHmac } from 'node:crypto';
import { FINAL_STATUSES } from '../domain/claim.ts';
import {
  DEFAULT_FRAUD_OPTIONS,
  FRAUD_RULES,
  type FraudApprover,
  type FraudClaim,
  type FraudFlag,
  type FraudMember,
  scanForFraud,
} from '../domain/fraud/index.ts';
import { evidenceKey } from '../domain/rules.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { ScanClaim, StoredFlag } from '../ports/fraud-store.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';

type ScanDeps = Pick<Deps, 'claims' | 'registry' | 'fraud' | 'now'>;

/** Changes are read from a little before the cursor: an event stamped before it may commit just after. */
export const CURSOR_OVERLAP_MS = 5 * 60_000;
/** Changed claims judged together (with what they relate to). */
const BATCH = 100;
const WEEK_MS = 7 * 86_400_000;
/** Index partitions read at once. */
const READS_AT_ONCE = 16;
const BATCH_RULES = FRAUD_RULES.map((r) => r.id).filter((id) => id !== 'unit-velocity');

export interface FraudScanSummary {
  /** The cursor read from (null: the first scan, which reads every claim). */
  readonly since: string | null;
  readonly until: string;
  /** Changed claims judged. */
  readonly claims: number;
  /** Flag items written now (one per flagged claim); a flag already stored is not written again. */
  readonly raised: number;
  /** Of those, on claims in flight (held from payout) and on paid claims (the auditors' review list). */
  readonly holding: number;
  readonly review: number;
  readonly rules: Record<string, number>;
}

/** Keyed hash of a bank account or mobile (digits only), so the rules compare without seeing them. */
export function piiHash(value: string, key: string): string {
  return createHmac('sha256', key).update(value.replace(/\D/g, ''), 'utf8').digest('hex');
}

/**
 * The fraud scan (scheduled, or run now): judges the claims changed since the last successful scan, each
 * with the claims and members it relates to (same member, payee account, evidence number, mobile, unit),
 * through the scan's own index; raises each flag once per claim; advances the cursor only at the end.
 */
export async function runFraudScan(
  deps: ScanDeps,
  input: { hashKey: string; full?: boolean; overlapMs?: number },
): Promise<FraudScanSummary> {
  const until = deps.now().toISOString();
  const cursor = input.full === true ? null : await deps.fraud.getCursor();
  const overlap = input.overlapMs ?? CURSOR_OVERLAP_MS;
  const since = cursor === null ? null : new Date(Date.parse(cursor) - overlap).toISOString();
  const hash = (value: string) => piiHash(value, input.hashKey);
  const seen = new Set<string>();
  const units = new Set<string>();
  const approvers = new Map<string, FraudApprover[]>();
  const tally = { claims: 0, raised: 0, holding: 0, review: 0, rules: {} as Record<string, number> };

  await deps.fraud.changedClaims(since, until, async (page) => {
    // A claim changed several times comes up more than once in a delta; the first scan lists each once.
    const fresh = since === null ? page : page.filter((id) => !seen.has(id));
    if (since !== null) for (const id of fresh) seen.add(id);
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = await deps.fraud.readClaims(fresh.slice(i, i + BATCH), hash);
      tally.claims += batch.length;
      for (const c of batch) if (c.fraud.unitCode) units.add(c.fraud.unitCode);
      const flags = await judgeBatch(deps, batch, hash, approvers, until);
      for (const flag of flags) await raise(deps, flag, until, tally);
    }
  });
  for (const unit of [...units].sort()) {
    const from = new Date(
      Date.parse(until) - (DEFAULT_FRAUD_OPTIONS.unitVelocityBaselineWeeks + 1) * WEEK_MS,
    );
    const claims = await deps.fraud.claimsUnder(`FRAUD#UNIT#${unit}`, from.toISOString());
    const flags = scanForFraud(
      { claims, members: [], approvers: [], now: until },
      { rules: ['unit-velocity'] },
    );
    for (const flag of flags) await raise(deps, flag, until, tally);
  }
  const summary: FraudScanSummary = { since: cursor, until, ...tally };
  await deps.fraud.setCursor(until, { ...summary });
  return summary;
}

/** The batch's claims with everything they relate to, through the scan's index; flags naming the batch. */
async function judgeBatch(
  deps: ScanDeps,
  batch: readonly ScanClaim[],
  hash: (value: string) => string,
  approverCache: Map<string, FraudApprover[]>,
  now: string,
): Promise<FraudFlag[]> {
  const registryMembers = await deps.registry.getMembers(batch.map((c) => c.fraud.memberId));
  const members = new Map<string, FraudMember>();
  for (const m of registryMembers.values()) {
    members.set(m.memberId, {
      memberId: m.memberId,
      joinedOn: m.joinedOn,
      mobileHash: m.mobile ? hash(m.mobile) : null,
      unitCode: m.unitCode,
    });
  }
  await deps.fraud.index(
    batch.map((c) => c.fraud),
    [...members.values()],
  );

  const claims = new Map<string, FraudClaim>();
  const add = (list: readonly FraudClaim[]) => {
    for (const c of list) claims.set(c.claimId, c);
  };
  const partitions = new Set<string>();
  for (const { fraud } of batch) {
    partitions.add(`FRAUD#MEMBER#${fraud.memberId}`);
    if (fraud.payeeAccountHash) partitions.add(`FRAUD#PAYEE#${fraud.payeeAccountHash}`);
    for (const e of fraud.evidence) partitions.add(`FRAUD#EVIDENCE#${evidenceKey(e)}`);
  }
  const mobiles = [...new Set([...members.values()].flatMap((m) => (m.mobileHash ? [m.mobileHash] : [])))];
  const sharing = await eachLimited(mobiles, READS_AT_ONCE, (h) =>
    deps.fraud.membersUnder(`FRAUD#MOBILE#${h}`),
  );
  for (const list of sharing) {
    if (list.length < DEFAULT_FRAUD_OPTIONS.sharedMobileMinMembers) continue;
    for (const other of list) {
      members.set(other.memberId, other);
      partitions.add(`FRAUD#MEMBER#${other.memberId}`);
    }
  }
  for (const list of await eachLimited([...partitions], READS_AT_ONCE, (p) => deps.fraud.claimsUnder(p)))
    add(list);
  for (const { fraud } of batch) claims.set(fraud.claimId, fraud);

  const approvers = await approversOf(deps, batch, hash, approverCache, members);
  const ids = new Set(batch.map((c) => c.fraud.claimId));
  const memberIds = new Set(batch.map((c) => c.fraud.memberId));
  const flags = scanForFraud(
    { claims: [...claims.values()], members: [...members.values()], approvers, now },
    { rules: BATCH_RULES },
  );
  return flags.filter(
    (f) => f.claimIds.some((id) => ids.has(id)) || f.memberIds.some((id) => memberIds.has(id)),
  );
}

/** The approvers who decided the batch's claims, with their mobile's hash and their own account's. */
async function approversOf(
  deps: ScanDeps,
  batch: readonly ScanClaim[],
  hash: (value: string) => string,
  cache: Map<string, FraudApprover[]>,
  members: Map<string, FraudMember>,
): Promise<FraudApprover[]> {
  const wanted = new Set(batch.flatMap((c) => c.fraud.decisions.map((d) => d.approverId)));
  if (wanted.size === 0) return [];
  const units = new Set(batch.filter((c) => c.fraud.decisions.length > 0).flatMap((c) => c.approverUnits));
  const out: FraudApprover[] = [];
  for (const unit of units) {
    let list = cache.get(unit);
    if (list === undefined) {
      list = [];
      for (const a of await deps.registry.listApprovers(unit)) {
        const own = a.memberId === null ? [] : await deps.fraud.claimsUnder(`FRAUD#MEMBER#${a.memberId}`);
        list.push({
          approverId: a.approverId,
          memberId: a.memberId,
          mobileHash: a.mobile ? hash(a.mobile) : null,
          payeeAccountHash: own.find((c) => c.payeeAccountHash)?.payeeAccountHash ?? null,
        });
      }
      cache.set(unit, list);
    }
    out.push(...list.filter((a) => wanted.has(a.approverId)));
  }
  // The approver's own membership, so a shared mobile shows on either side.
  for (const a of out) {
    if (a.memberId !== null && !members.has(a.memberId)) {
      const m = (await deps.registry.getMembers([a.memberId])).get(a.memberId);
      if (m !== undefined) {
        members.set(m.memberId, {
          memberId: m.memberId,
          joinedOn: m.joinedOn,
          mobileHash: m.mobile ? hash(m.mobile) : null,
          unitCode: m.unitCode,
        });
      }
    }
  }
  return out;
}

/**
 * Writes the flag on each claim it names, once: with the claim's audit event, under the claim's version.
 * On a claim in flight it counts as open (payout waits); on a paid claim it goes to the review list.
 */
async function raise(
  deps: ScanDeps,
  flag: FraudFlag,
  at: string,
  tally: { raised: number; holding: number; review: number; rules: Record<string, number> },
): Promise<void> {
  for (const claimId of flag.claimIds) {
    if ((await deps.fraud.getFlag(claimId, flag.key)) !== null) continue;
    for (let attempt = 0; attempt < 5; attempt++) {
      const claim = await deps.claims.get(claimId);
      if (claim === null) break;
      const review = claim.status === 'PAID';
      const holds = !FINAL_STATUSES.has(claim.status);
      const stored: StoredFlag = {
        claimId,
        key: flag.key,
        rule: flag.rule,
        score: flag.score,
        state: 'OPEN',
        raisedAt: at,
        what: flag.what,
        claimIds: flag.claimIds.slice(0, 50),
        memberIds: flag.memberIds.slice(0, 50),
        unitPath: claim.unitPath,
        claimStatus: claim.status,
        review,
        holds,
      };
      const hold = claim.fraudHold ?? { open: 0, confirmed: 0 };
      try {
        await deps.claims.change(
          claim,
          {
            to: claim.status,
            actor: SYSTEM('fraud-scan'),
            action: 'fraud-flagged',
            reason: `${flag.rule} (score ${flag.score}): ${flag.what.en}`.slice(0, 500),
            at,
            set: holds ? { fraudHold: { ...hold, open: hold.open + 1 } } : {},
          },
          [{ kind: 'raiseFlag', flag: stored }],
        );
        tally.raised++;
        if (holds) tally.holding++;
        if (review) tally.review++;
        tally.rules[flag.rule] = (tally.rules[flag.rule] ?? 0) + 1;
        break;
      } catch (error) {
        if (!(error instanceof ClaimConflictError)) throw error;
        if (error.conflict === 'flag-exists') break;
        if (error.conflict !== 'stale-claim') throw error;
      }
    }
  }
}

/** `work` on every item, at most `limit` at once; the results in the items' order. */
async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
