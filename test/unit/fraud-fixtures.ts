import type {
  FraudApprover,
  FraudClaim,
  FraudInput,
  FraudMember,
} from '../../functions/domain/fraud/index.ts';

export const NOW = '2026-06-30T04:00:00.000Z';

/** A paid claim of a long-standing member, nothing suspicious about it on its own. */
export function claim(claimId: string, overrides: Partial<FraudClaim> = {}): FraudClaim {
  return {
    claimId,
    memberId: 'M1',
    unitCode: 'BJ-HD-001',
    program: 'health-care',
    benefit: 'outpatient',
    status: 'PAID',
    amountFen: 500_00,
    submittedAt: '2026-03-02T02:00:00.000Z',
    incidentDate: '2026-03-01',
    evidence: [{ kind: 'invoice', number: `INV-${claimId}` }],
    payeeAccountHash: `acct-${overrides.memberId ?? 'M1'}`,
    decisions: [],
    ...overrides,
  };
}

export function member(memberId: string, overrides: Partial<FraudMember> = {}): FraudMember {
  return {
    memberId,
    joinedOn: '2015-01-01',
    mobileHash: `mob-${memberId}`,
    unitCode: 'BJ-HD-001',
    diedOn: null,
    ...overrides,
  };
}

export function approver(approverId: string, overrides: Partial<FraudApprover> = {}): FraudApprover {
  return {
    approverId,
    memberId: null,
    mobileHash: `mob-${approverId}`,
    payeeAccountHash: `acct-${approverId}`,
    ...overrides,
  };
}

/** A snapshot where every claim's member exists. */
export function snapshot(
  claims: FraudClaim[],
  extra: { members?: FraudMember[]; approvers?: FraudApprover[]; now?: string } = {},
): FraudInput {
  const members = new Map<string, FraudMember>();
  for (const c of claims) members.set(c.memberId, member(c.memberId));
  for (const m of extra.members ?? []) members.set(m.memberId, m);
  return { claims, members: [...members.values()], approvers: extra.approvers ?? [], now: extra.now ?? NOW };
}

/** `2026-03-02T02:00:00.000Z` plus `days` days. */
export function at(days: number, base = '2026-03-02T02:00:00.000Z'): string {
  return new Date(Date.parse(base) + days * 86_400_000).toISOString();
}
