import type { RecordEvent } from './audit.ts';
import type { Actor } from './claim.ts';
import type { Member } from './registry.ts';

/** The member fields an audit event records, in this order. */
const AUDITED: readonly (keyof Member)[] = [
  'name',
  'idNumberMasked',
  'mobile',
  'sex',
  'unitCode',
  'status',
  'joinedOn',
  'leftOn',
  'hardship',
  'modelWorker',
  'renewalPending',
];

/** Keeps a name recognisable to staff without writing it out: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** 13812345678 → 138****5678; other lengths keep only their last four digits. */
export function maskMobile(mobile: string): string {
  if (mobile === '') return '';
  if (mobile.length === 11) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  return `${'*'.repeat(Math.max(0, mobile.length - 4))}${mobile.slice(-4)}`;
}

function audited(member: Member, field: keyof Member): unknown {
  const value = member[field] ?? null;
  if (field === 'name') return maskName(String(value));
  if (field === 'mobile') return maskMobile(String(value));
  return value;
}

/**
 * The audit event of a member record written by `actor`: the fields that changed, before and after
 * (a new member: all fields after). Names and mobiles appear masked; the ID number only as its mask.
 * Null when nothing audited changed.
 */
export function memberChangeEvent(
  before: Member | null,
  after: Member,
  actor: Actor,
  at: string,
  reason: string,
): RecordEvent | null {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const field of AUDITED) {
    const next = audited(after, field);
    const previous = before === null ? null : audited(before, field);
    if (before !== null && (before[field] ?? null) === (after[field] ?? null)) continue;
    if (before !== null) was[field] = previous;
    now[field] = next;
  }
  if (Object.keys(now).length === 0) return null;
  return {
    at,
    actor,
    action: before === null ? 'member-created' : 'member-updated',
    reason,
    before: before === null ? null : was,
    after: now,
  };
}
