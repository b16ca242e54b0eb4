/**
 * The daily fraud scan's table as it stands before a day's scan (bench/fraud-scan.ts --daily): the items
 * the earlier scans filed for every claim but today's (`indexItems`, the partitions' directories, members
 * by mobile), the units' weekly counters the claims' transactions kept, the cursor at yesterday's scan,
 * and today's claims' audit events in the change index. Directories are built from the bench's planted
 * patterns (a member's claims are i ≡ m mod members; a duplicate certificate pairs i with i−1 every 1,000;
 * one account is shared by i mod 2,000 < 3), not held in memory.
 */

import { indexItems } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import type { Claim } from '../../functions/domain/claim.ts';
import { type FraudMember, fraudClaimOf } from '../../functions/domain/fraud/index.ts';
import { isoWeekOf } from '../../functions/domain/fraud/unit-weeks.ts';
import type { Member } from '../../functions/domain/registry.ts';
import { evidenceKey } from '../../functions/domain/rules.ts';
import { piiHash } from '../../functions/usecases/fraud-scan.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';

type Item = Record<string, unknown>;
const DIRECTORY = '#IDS';
const DAY_MS = 86_400_000;

export function dailyItems(o: {
  readonly claims: number;
  readonly changed: number;
  readonly members: number;
  readonly member: (i: number) => Member;
  readonly claimItems: (i: number) => Item[];
  readonly now: number;
}) {
  const filedUpTo = o.claims - o.changed;
  const filed = (i: number) => i >= 0 && i < filedUpTo;
  const hash = (value: string) => piiHash(value, LOCAL_PII_HASH_KEY);
  const stored = (i: number) => {
    const [meta, payee] = o.claimItems(i) as [Claim & Item, Item];
    return { claim: meta, account: String(payee.accountNumber) };
  };
  const memberIdOf = (i: number) => o.member(i % o.members).memberId;
  const entry = (i: number): [string, string] => [String(stored(i).claim.claimId), memberIdOf(i)];
  const directory = (pk: string, ids: number[]): Item => ({
    pk,
    sk: DIRECTORY,
    type: 'fraud-directory',
    filed: ids.filter(filed).map(entry),
  });
  const counters = new Map<string, number>();
  const changedEvents: Item[] = [];

  function ofClaim(i: number): Item[] {
    const { claim, account } = stored(i);
    if (claim.unitCode) {
      const key = `${claim.unitCode} ${isoWeekOf(Date.parse(claim.submittedAt))}`;
      counters.set(key, (counters.get(key) ?? 0) + 1);
    }
    if (!filed(i)) {
      // Submitted today: its first audit event, in today's change index.
      const at = claim.submittedAt;
      changedEvents.push({
        ...claimKeys.event(claim.claimId, 1),
        type: 'event',
        gsi1pk: claimKeys.changes(beijingDate(new Date(at))),
        gsi1sk: `${at}#${claim.claimId}#000001`,
        claimId: claim.claimId,
        seq: 1,
        at,
        actor: { kind: 'member', id: claim.memberId },
        action: 'submitted',
        from: null,
        to: 'SUBMITTED',
        reason: 'claim submitted',
      });
      return [];
    }
    const snapshot = fraudClaimOf(claim, hash(account), []);
    const items = indexItems(snapshot);
    // The member's directory, with the first of its claims.
    if (i < o.members) {
      const mine: number[] = [];
      for (let k = i; k < o.claims; k += o.members) mine.push(k);
      items.push(directory(claimKeys.fraudIndex('MEMBER', claim.memberId), mine));
    }
    // The account's directory: the shared one with its first claim, every other with its one claim.
    if (i % 2000 >= 3)
      items.push(directory(claimKeys.fraudIndex('PAYEE', snapshot.payeeAccountHash ?? ''), [i]));
    else if (i === 0) {
      const sharing: number[] = [];
      for (let k = 0; k < o.claims; k += 2000)
        for (const d of [0, 1, 2]) if (k + d < o.claims) sharing.push(k + d);
      items.push(
        directory(claimKeys.fraudIndex('PAYEE', snapshot.payeeAccountHash ?? ''), sharing.slice(-2000)),
      );
    }
    // The certificate's directory: a planted duplicate (i, i+1) with the first of the two.
    const evidence = claimKeys.fraudIndex(
      'EVIDENCE',
      evidenceKey(snapshot.evidence[0] ?? { kind: '', number: '' }),
    );
    if (i % 1000 === 0) items.push(directory(evidence, [i, i + 1]));
    else if (i % 1000 !== 1) items.push(directory(evidence, [i]));
    return items;
  }

  function ofMember(i: number): Item[] {
    const m = o.member(i);
    if (!m.mobile) return [];
    const fraudMember: FraudMember = {
      memberId: m.memberId,
      joinedOn: m.joinedOn,
      mobileHash: hash(m.mobile),
      unitCode: m.unitCode,
    };
    const pk = claimKeys.fraudIndex('MOBILE', fraudMember.mobileHash ?? '');
    return [
      { pk, sk: `MEMBER#${m.memberId}`, type: 'fraud-index', m: fraudMember },
      { pk, sk: DIRECTORY, type: 'fraud-directory', filed: [[m.memberId, m.memberId]] },
    ];
  }

  /** The counters, today's events and the cursor: after every claim went through `ofClaim`. */
  function rest(): Item[] {
    const items: Item[] = [...changedEvents];
    for (const [key, n] of counters) {
      const [unit = '', week = ''] = key.split(' ');
      items.push({ ...claimKeys.unitWeek(unit, week), type: 'unit-week', claims: n });
    }
    items.push({ ...claimKeys.fraudCursor(), type: 'cursor', at: new Date(o.now - DAY_MS).toISOString() });
    return items;
  }

  return { ofClaim, ofMember, rest };
}
