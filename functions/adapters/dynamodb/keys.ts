/** Item keys of the two tables (single-table layout within each). */
export const claimKeys = {
  meta: (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'META' }),
  event: (claimId: string, seq: number) => ({
    pk: `CLAIM#${claimId}`,
    sk: `EVT#${String(seq).padStart(6, '0')}`,
  }),
  payee: (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'PAYEE' }),
  approval: (claimId: string, level: number) => ({
    pk: `CLAIM#${claimId}`,
    sk: `APPROVAL#${String(level).padStart(2, '0')}`,
  }),
  payout: (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'PAYOUT' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),
  link: (linkId: string) => ({ pk: `LINK#${linkId}`, sk: 'LINK' }),
  byMember: (memberId: string) => `MEMBER#${memberId}`,
};

export const registryKeys = {
  unit: (code: string) => ({ pk: `UNIT#${code}`, sk: 'UNIT' }),
  approver: (unitCode: string, approverId: string) => ({
    pk: `UNIT#${unitCode}`,
    sk: `APPROVER#${approverId}`,
  }),
  member: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }),
  budget: (unitCode: string, programId: string, year: number) => ({
    pk: `BUDGET#${unitCode}`,
    sk: `${programId}#${year}`,
  }),
};

/** Drops the key and index attributes from an item read back. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ttl: _ttl, type: _type, ...rest } = item;
  return rest as T;
}
