import { createHash } from 'node:crypto';

/**
 * Which of a level's `count` routed approvers (in routed order) the level is assigned to: a hash of the
 * claim id and the level, modulo the count. The same claim and level always give the same approver (a
 * retry of the step picks the same one), and over many claims each approver gets about an even share.
 * No randomness and no read: the routed approvers are the only candidates.
 */
export function assignedIndex(claimId: string, level: number, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('there is no approver to assign');
  const digest = createHash('sha256').update(`${claimId}#${level}`).digest();
  return digest.readUInt32BE(0) % count;
}

/**
 * The order in which a level's approvers are tried for its one opening e-mail: the assigned approver
 * first, then the others in routed order after them, wrapping round (the next is tried only when the
 * e-mail to the one before could not be delivered).
 */
export function assignmentOrder<T>(claimId: string, level: number, routed: readonly T[]): T[] {
  if (routed.length === 0) return [];
  const first = assignedIndex(claimId, level, routed.length);
  return [...routed.slice(first), ...routed.slice(0, first)];
}
