import { createHmac, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  DEFAULT_FRAUD_OPTIONS,
  FRAUD_RULES,
  type FraudApprover,
  type FraudClaim,
  type FraudFlag,
  type FraudMember,
  scanForFraud,
} from '../domain/fraud/index.ts';
import { UNIT_WEEK_COUNTERS_FROM } from '../domain/fraud/unit-weeks.ts';
import { evidenceKey } from '../domain/rules.ts';
import type { ScanClaim } from '../ports/fraud-store.ts';
import type { Deps } from './deps.ts';
import { raiseFlagOn } from './raise-flag.ts';

type ScanDeps = Pick<Deps, 'claims' | 'registry' | 'fraud' | 'now'>;

/** Changes are read from a little before the cursor: an event stamped before it may commit just after. */
export const CURSOR_OVERLAP_MS = 5 * 60_000;
/** Changed claims judged together (with what they relate to). */
const BATCH = 100;
const WEEK_MS = 7 * 86_400_000;
const BATCH_RULES = FRAUD_RULES.map((r) => r.id).filter((id) => id !== 'unit-velocity');

export interface FraudScanSummary {
  /** The cursor read from (null: the first scan, which reads every claim). */
  readonly since: string | null;
  readonly until: string;
  /** Changed claims judged. */
  readonly claims: number;
  /** Index items written: of the claims and members whose snapshot changed, and the directories they joined. */
  readonly filed: number;
  /** Flag items written now (one per flagged claim); a flag already stored is not written again. */
  readonly raised: number;
  /** Of those, on claims in flight (held from payout) and on paid claims (the auditors' review list). */
  readonly holding: number;
  readonly review: number;
  readonly rules: Record<string, number>;
}

export interface FraudScanInput {
  readonly hashKey: string;
  readonly full?: boolean;
  readonly overlapMs?: number;
  /** The first week the units' weekly counters count in full (domain/fraud/unit-weeks.ts); earlier weeks are counted in the index. */
  readonly countersFrom?: string;
  /** After each batch of claims judged: how many so far (the command line shows it). */
  readonly onProgress?: (progress: { readonly claims: number }) => void;
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
export async function runFraudScan(deps: ScanDeps, input: FraudScanInput): Promise<FraudScanSummary> {
  const owner = randomUUID();
  const now = deps.now();
  if (
    !(await deps.fraud.takeLease(owner, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()))
  ) {
    throw new FraudScanBusyError();
  }
  try {
    return await scan(deps, input);
  } finally {
    await deps.fraud.releaseLease(owner);
  }
}

/** Another scan holds the lease: this one reads and writes nothing. */
export class FraudScanBusyError extends Error {
  override readonly name = 'FraudScanBusyError';
  constructor() {
    super('another fraud scan is running; this one did nothing (try again when it has finished)');
  }
}

/** How long a scan's lease lasts: a scan that died holding it blocks the next ones no longer than this. */
const LEASE_MS = 2 * 3_600_000;

async function scan(deps: ScanDeps, input: FraudScanInput): Promise<FraudScanSummary> {
  const until = deps.now().toISOString();
  const cursor = input.full === true ? null : await deps.fraud.getCursor();
  const overlap = input.overlapMs ?? CURSOR_OVERLAP_MS;
  const since = cursor === null ? null : new Date(Date.parse(cursor) - overlap).toISOString();
  const hash = (value: string) => piiHash(value, input.hashKey);
  const seen = new Set<string>();
  const units = new Set<string>();
  const approvers = new Map<string, FraudApprover[]>();
  const tally = {
    claims: 0,
    filed: 0,
    raised: 0,
    holding: 0,
    review: 0,
    rules: {} as Record<string, number>,
  };

  await deps.fraud.changedClaims(since, until, async (page) => {
    // A claim changed several times comes up more than once in a delta; the first scan lists each once.
    const fresh = since === null ? page : page.filter((id) => !seen.has(id));
    if (since !== null) for (const id of fresh) seen.add(id);
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = await deps.fraud.readClaims(fresh.slice(i, i + BATCH), hash);
      tally.claims += batch.length;
      for (const c of batch) if (c.fraud.unitCode) units.add(c.fraud.unitCode);
      const flags = await judgeBatch(deps, batch, hash, approvers, until, tally);
      for (const flag of flags) await raise(deps, flag, until, tally);
      input.onProgress?.({ claims: tally.claims });
    }
  });
  for (const unit of [...units].sort()) {
    for (const flag of await unitFlags(deps, unit, until, input.countersFrom ?? UNIT_WEEK_COUNTERS_FROM))
      await raise(deps, flag, until, tally);
  }
  const summary: FraudScanSummary = { since: cursor, until, ...tally };
  await deps.fraud.setCursor(until, { ...summary });
  return summary;
}

/**
 * The batch's claims with everything they relate to, through the scan's index; flags naming the batch.
 * The index is read with a few batch reads: the partitions' directories (the ids filed under each), then
 * the related snapshots by id; only claims and members whose snapshot changed are filed again.
 */
async function judgeBatch(
  deps: ScanDeps,
  batch: readonly ScanClaim[],
  hash: (value: string) => string,
  approverCache: Map<string, FraudApprover[]>,
  now: string,
  tally: { filed: number },
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
  const ownMembers = [...members.values()];
  const partitions = new Set<string>();
  for (const { fraud } of batch) {
    partitions.add(memberPartition(fraud.memberId));
    if (fraud.payeeAccountHash) partitions.add(`FRAUD#PAYEE#${fraud.payeeAccountHash}`);
    for (const e of fraud.evidence) partitions.add(`FRAUD#EVIDENCE#${evidenceKey(e)}`);
  }
  const mobiles = new Map<string, Set<string>>();
  for (const m of ownMembers) {
    if (m.mobileHash) mobiles.set(mobilePartition(m.mobileHash), new Set());
  }
  const filed = await deps.fraud.filedUnder([...partitions, ...mobiles.keys()]);

  // Members sharing a mobile (as filed, with the batch's own), and their claims' partitions.
  for (const m of ownMembers) if (m.mobileHash) mobiles.get(mobilePartition(m.mobileHash))?.add(m.memberId);
  const otherMembers: { partition: string; memberId: string }[] = [];
  for (const [partition, ids] of mobiles) {
    const sharing = new Set([...(filed.get(partition)?.keys() ?? []), ...ids]);
    if (sharing.size < DEFAULT_FRAUD_OPTIONS.sharedMobileMinMembers) continue;
    for (const memberId of sharing) if (!members.has(memberId)) otherMembers.push({ partition, memberId });
  }
  for (const other of await deps.fraud.membersAt(otherMembers)) members.set(other.memberId, other);
  const more = otherMembers.map((o) => memberPartition(o.memberId)).filter((p) => !filed.has(p));
  if (more.length > 0) for (const [p, ids] of await deps.fraud.filedUnder(more)) filed.set(p, ids);

  // The related claims' snapshots (each read once), and the batch's own as last filed.
  const ids = new Set(batch.map((c) => c.fraud.claimId));
  const wanted = new Map<string, string>();
  for (const { fraud } of batch) {
    if (filed.get(memberPartition(fraud.memberId))?.has(fraud.claimId) === true)
      wanted.set(fraud.claimId, memberPartition(fraud.memberId));
  }
  for (const partition of [...partitions, ...more]) {
    for (const [claimId, memberId] of filed.get(partition) ?? [])
      if (!wanted.has(claimId)) wanted.set(claimId, memberPartition(memberId));
  }
  const read = await deps.fraud.claimsAt([...wanted].map(([claimId, partition]) => ({ partition, claimId })));
  const claims = new Map<string, FraudClaim>();
  const filedBefore = new Map<string, FraudClaim>();
  for (const c of read) (ids.has(c.claimId) ? filedBefore : claims).set(c.claimId, c);
  for (const { fraud } of batch) claims.set(fraud.claimId, fraud);

  const filedMembers = new Map<string, FraudMember>();
  const ownFiled = ownMembers.flatMap((m) =>
    m.mobileHash && filed.get(mobilePartition(m.mobileHash))?.has(m.memberId) === true
      ? [{ partition: mobilePartition(m.mobileHash), memberId: m.memberId }]
      : [],
  );
  for (const m of await deps.fraud.membersAt(ownFiled)) filedMembers.set(m.memberId, m);
  const filedNow = await deps.fraud.index(
    batch.map((c) => c.fraud).filter((c) => !isDeepStrictEqual(filedBefore.get(c.claimId), c)),
    ownMembers.filter((m) => !isDeepStrictEqual(filedMembers.get(m.memberId), m)),
    filed,
  );

  const approvers = await approversOf(deps, batch, hash, approverCache, members);
  tally.filed += filedNow;
  const memberIds = new Set(batch.map((c) => c.fraud.memberId));
  const flags = scanForFraud(
    { claims: [...claims.values()], members: [...members.values()], approvers, now },
    { rules: BATCH_RULES },
  );
  return flags.filter(
    (f) => f.claimIds.some((id) => ids.has(id)) || f.memberIds.some((id) => memberIds.has(id)),
  );
}

const memberPartition = (memberId: string) => `FRAUD#MEMBER#${memberId}`;
const mobilePartition = (mobileHash: string) => `FRAUD#MOBILE#${mobileHash}`;

/**
 * Unit velocity over a unit's index: the last week's claims read; the baseline weeks before from the
 * units' weekly counters (a few items), so the read grows neither with the unit's history nor its volume.
 */
async function unitFlags(
  deps: ScanDeps,
  unit: string,
  now: string,
  countersFrom: string,
): Promise<FraudFlag[]> {
  const nowMs = Date.parse(now);
  const recentFrom = new Date(nowMs - WEEK_MS).toISOString();
  const baselineFrom = new Date(
    nowMs - (DEFAULT_FRAUD_OPTIONS.unitVelocityBaselineWeeks + 1) * WEEK_MS,
  ).toISOString();
  const partition = `FRAUD#UNIT#${unit}`;
  // The claims submitted after the baseline's first instant, before the last week's: whole weeks from the
  // units' weekly counters, the ends (and weeks before the counters) counted in the scan's unit index.
  const baseline = await deps.fraud.unitBaseline(unit, baselineFrom, recentFrom, countersFrom);
  const claims = await deps.fraud.claimsUnder(partition, recentFrom);
  return scanForFraud(
    { claims, members: [], approvers: [], now, unitBaselineCounts: { [unit]: baseline } },
    { rules: ['unit-velocity'] },
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
    const stored = await raiseFlagOn(deps, claimId, flag, 'fraud-scan', at);
    if (stored === null) continue;
    tally.raised++;
    if (stored.holds) tally.holding++;
    if (stored.review) tally.review++;
    tally.rules[flag.rule] = (tally.rules[flag.rule] ?? 0) + 1;
  }
}
