import { AUTHORITY_LIMITS } from '../authority.ts';
import type {
  FraudApprover,
  FraudContext,
  FraudInput,
  FraudMember,
  FraudOptions,
  IndexedClaim,
} from './types.ts';

export const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export const DEFAULT_FRAUD_OPTIONS: FraudOptions = {
  soonAfterJoiningDays: 30,
  sharedPayeeMinMembers: 3,
  sharedMobileMinMembers: 3,
  deathBenefits: [{ program: 'accident-protection', benefit: 'death' }],
  splitLimitsFen: AUTHORITY_LIMITS.flatMap((l) => (l.upToFen === null ? [] : [l.upToFen])),
  splitMarginPercent: 10,
  splitWindowDays: 30,
  memberVelocityMax: 4,
  memberVelocityWindowDays: 30,
  unitVelocityMultiplier: 3,
  unitVelocityBaselineWeeks: 12,
  unitVelocityMinCount: 10,
};

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; NaN if it is not one. */
export function dayOf(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) return Number.NaN;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** Day number of the Beijing calendar day of an instant (NaN stays NaN). */
export function beijingDayOfMs(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number (`?` if it is not a number). */
export function dateOfDay(day: number): string {
  if (!Number.isFinite(day)) return '?';
  const d = new Date(day * DAY_MS);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(0, 10);
}

export function buildContext(input: FraudInput, options: FraudOptions): FraudContext {
  const claims: IndexedClaim[] = input.claims.map((claim) => {
    const submittedMs = Date.parse(claim.submittedAt);
    return {
      claim,
      submittedMs,
      submittedDay: beijingDayOfMs(submittedMs),
      incidentDay: dayOf(claim.incidentDate),
    };
  });
  const membersById = new Map<string, FraudMember>();
  for (const m of input.members) membersById.set(m.memberId, m);
  const approversById = new Map<string, FraudApprover>();
  for (const a of input.approvers) approversById.set(a.approverId, a);
  const claimsByMember = new Map<string, IndexedClaim[]>();
  for (const c of claims) pushTo(claimsByMember, c.claim.memberId, c);
  for (const list of claimsByMember.values()) list.sort(bySubmission);
  return { input, options, nowMs: Date.parse(input.now), claims, membersById, approversById, claimsByMember };
}

/** By submission time, unreadable times last, then by claim id (a total, deterministic order). */
export function bySubmission(a: IndexedClaim, b: IndexedClaim): number {
  const ta = Number.isNaN(a.submittedMs) ? Number.POSITIVE_INFINITY : a.submittedMs;
  const tb = Number.isNaN(b.submittedMs) ? Number.POSITIVE_INFINITY : b.submittedMs;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.claim.claimId < b.claim.claimId ? -1 : a.claim.claimId > b.claim.claimId ? 1 : 0;
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Runs of items (sorted by time, all times finite) where some window of `windowMs` qualifies; windows that
 * overlap merge into one run. Linear: two pointers with a running count and sum.
 */
export function windowClusters<T>(
  items: readonly T[],
  timeOf: (item: T) => number,
  windowMs: number,
  qualifies: (count: number, sum: number) => boolean,
  amountOf: (item: T) => number = () => 0,
): T[][] {
  const runs: { start: number; end: number }[] = [];
  let start = 0;
  let sum = 0;
  for (let end = 0; end < items.length; end++) {
    const last = items[end] as T;
    sum += amountOf(last);
    while (start < end && timeOf(last) - timeOf(items[start] as T) > windowMs) {
      sum -= amountOf(items[start] as T);
      start++;
    }
    if (!qualifies(end - start + 1, sum)) continue;
    const current = runs.at(-1);
    if (current !== undefined && start <= current.end) current.end = end;
    else runs.push({ start, end });
  }
  return runs.map((r) => items.slice(r.start, r.end + 1));
}

export function clampScore(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score)));
}

export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** A list of ids for a text: at most `max`, then how many more. */
export function idList(ids: readonly string[], lang: 'zh' | 'en', max = 10): string {
  const shown = ids.slice(0, max).join(lang === 'zh' ? '、' : ', ');
  const more = ids.length - max;
  if (more <= 0) return shown;
  return lang === 'zh' ? `${shown} 等 ${ids.length} 件` : `${shown} and ${more} more`;
}

/** A keyed hash shortened for a text (the full hash stays in the key). */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

/** `123456` → `1234.56` for texts; never throws. */
export function yuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) return String(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}
