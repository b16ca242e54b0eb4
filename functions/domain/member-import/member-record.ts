/** From a checked row to the registry's member record, and the member id format. */
import type { Member } from '../registry.ts';
import type { MemberRow } from './row.ts';

const MEMBER_ID = /^M(\d{6,})$/;

/** `M` and at least six digits: 505 → `M000505`, 1234567 → `M1234567`. */
export function formatMemberId(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('a member number is a positive integer');
  return `M${String(n).padStart(6, '0')}`;
}

/** The number in a member id, or null for an id of another form. */
export function memberIdNumber(memberId: string): number | null {
  const match = MEMBER_ID.exec(memberId);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * The member a row describes. An existing member keeps their id, and whatever the file has no column
 * for (status and leaving date, the hardship and model-worker flags); a new member is active and has
 * neither flag unless the file says otherwise.
 */
export function memberFromRow(
  row: MemberRow,
  memberId: string,
  idNumberHash: string,
  existing: Member | null,
): Member {
  const statusKnown = row.status !== null;
  return {
    memberId,
    name: row.name,
    idNumberHash,
    idNumberMasked: row.idNumberMasked,
    mobile: row.mobile,
    sex: row.sex,
    unitCode: row.unitCode,
    status: row.status ?? existing?.status ?? 'active',
    joinedOn: row.joinedOn,
    leftOn: statusKnown ? row.leftOn : (existing?.leftOn ?? null),
    hardship: row.hardship ?? existing?.hardship ?? false,
    modelWorker: row.modelWorker ?? existing?.modelWorker ?? false,
  };
}
