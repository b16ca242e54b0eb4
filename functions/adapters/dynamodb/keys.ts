/** Item keys of the two tables (single-table layout within each). */
export const claimKeys = {
  meta: (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'META' }),
  event: (claimId: string, seq: number) => ({
    pk: `CLAIM#${claimId}`,
    sk: `EVT#${String(seq).padStart(6, '0')}`,
  }),
  /**
   * The payee details (bank account) of a payout round: the submission's (round 1), then each
   * correction's. A partition of their own, outside the claim's, so that IAM can keep the public link
   * functions away from them (`dynamodb:LeadingKeys`, infra/tables.ts).
   */
  payee: (claimId: string, round = 1) => ({
    pk: `PAYEE#${claimId}`,
    sk: round === 1 ? 'PAYEE' : `PAYEE#${String(round).padStart(2, '0')}`,
  }),
  /** The full details of a proposed payee change, in the payee partition (public functions are denied it). */
  payeeOfChange: (claimId: string, changeId: string) => ({
    pk: `PAYEE#${claimId}`,
    sk: `CHANGE#${changeId}`,
  }),
  /** Where payee details were kept before they had a partition of their own (read as a fallback). */
  payeeInClaim: (claimId: string, round = 1) => ({
    pk: `CLAIM#${claimId}`,
    sk: round === 1 ? 'PAYEE' : `PAYEE#${String(round).padStart(2, '0')}`,
  }),
  approval: (claimId: string, level: number) => ({
    pk: `CLAIM#${claimId}`,
    sk: `APPROVAL#${String(level).padStart(2, '0')}`,
  }),
  /** A claim's payout of a round (a round after the bank returned the one before). */
  payout: (claimId: string, round = 1) => ({
    pk: `CLAIM#${claimId}`,
    sk: round === 1 ? 'PAYOUT' : `PAYOUT#${String(round).padStart(2, '0')}`,
  }),
  /** byMember index partition of a paying unit's payouts in no batch yet (sorted by paidAt). */
  unbatched: (unitCode: string) => `PAYABLE#${unitCode}`,
  /** A payment batch, its audit events (sk EVT#…), and the index partition of its payouts. */
  batch: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' }),
  batchEvent: (batchId: string, at: string, id: string) => ({
    pk: `BATCH#${batchId}`,
    sk: `EVT#${at}#${id}`,
  }),
  batchPayouts: (batchId: string) => `BATCHED#${batchId}`,
  /** byUnit and byMonth index partitions of the payment batches (GET /payment-batches). */
  unitBatches: (unitCode: string) => `UNITBATCHES#${unitCode}`,
  monthBatches: (month: string) => `MONTHBATCHES#${month}`,
  /** New payee details proposed by staff, waiting for a second person. */
  payeeChange: (claimId: string, changeId: string) => ({
    pk: `CLAIM#${claimId}`,
    sk: `PAYEECHANGE#${changeId}`,
  }),
  /** The member's SMS link to confirm a payee change, by the SHA-256 of its token. */
  payeeLink: (linkHash: string) => ({ pk: `PAYEELINK#${linkHash}`, sk: 'PAYEELINK' }),
  /** A bank result uploaded over the API, its RETURNED lines waiting for a second person. */
  reconciliation: (reconciliationId: string) => ({ pk: `RECON#${reconciliationId}`, sk: 'RECON' }),
  ticket: (claimId: string, round: number) => ({
    pk: `CLAIM#${claimId}`,
    sk: `TICKET#${String(round).padStart(2, '0')}`,
  }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),
  /** An approval link, under the SHA-256 of its id (the id is never stored). */
  link: (linkHash: string) => ({ pk: `LINK#${linkHash}`, sk: 'LINK' }),
  /** An outbound message by its idempotency key: PENDING before it goes to the provider, SENT after. */
  message: (key: string) => ({ pk: `MSG#${key}`, sk: 'MSG' }),
  visit: (visitId: string) => ({ pk: `VISIT#${visitId}`, sk: 'VISIT' }),
  /** A member's committed and paid usage of a program (benefit null) or of one benefit, in a year. */
  usage: (memberId: string, program: string, benefit: string | null, year: number) => ({
    pk: `USAGE#${memberId}`,
    sk: benefit === null ? `${program}#*#${year}` : `${program}#${benefit}#${year}`,
  }),
  /** The claim that holds an evidence number (kind#NUMBER). */
  evidence: (key: string) => ({ pk: `EVIDENCE#${key}`, sk: 'EVIDENCE' }),
  byMember: (memberId: string) => `MEMBER#${memberId}`,
  /** byUnit index partition of a unit's claims (sorted by submittedAt#claimId); `-` for claims of no unit. */
  unitClaims: (unitCode: string | null) => `UNITCLAIMS#${unitCode ?? '-'}`,
  /** byMonth index partition of every claim submitted in a UTC month (`YYYY-MM`), sorted as byUnit. */
  monthClaims: (month: string) => `MONTHCLAIMS#${month}`,
  /** byMember index partition of the approval levels still open (sorted by opening time); left when closed. */
  openApprovals: () => 'APPROVALS#OPEN',
  /** A member's satisfaction link (after a payout or a service visit) and its answer. */
  feedback: (tokenHash: string) => ({ pk: `FEEDBACK#${tokenHash}`, sk: 'FEEDBACK' }),
  /** The one satisfaction link of a claim or visit. */
  feedbackOf: (kind: string, id: string) => ({ pk: `FEEDBACKOF#${kind}#${id}`, sk: 'FEEDBACKOF' }),
  /** byMember index partition of a program-year's answered ratings (sorted by answeredAt). */
  feedbackRatings: (program: string, year: number) => `FEEDBACK#${program}#${year}`,
  /** A fraud flag on a claim (the evaluation export reads these: keep the layout). */
  flag: (claimId: string, flagKey: string) => ({ pk: `CLAIM#${claimId}`, sk: `FLAG#${flagKey}` }),
  /** byMember index partition of the flags in a state; `review` for flags raised on paid claims. */
  flagsIn: (state: string, review: boolean) => (review ? `FLAGS#REVIEW#${state}` : `FLAGS#${state}`),
  /** The task token of a claim waiting ON_HOLD (it never leaves the server). */
  hold: (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'HOLD' }),
  /** byMember index partition of the audit events of a Beijing day: what changed, for the fraud scan. */
  changes: (day: string) => `CHANGES#${day}`,
  /** The fraud scan's own index of claim snapshots (hashes only) by member, payee, evidence and unit. */
  fraudIndex: (kind: 'MEMBER' | 'PAYEE' | 'EVIDENCE' | 'UNIT' | 'MOBILE', value: string) =>
    `FRAUD#${kind}#${value}`,
  /** A unit's count of claims submitted in an ISO week (UTC), kept as claims are stored. */
  unitWeek: (unitCode: string, isoWeek: string) => ({
    pk: `FRAUD#UNITWEEK#${unitCode}`,
    sk: `WEEK#${isoWeek}`,
  }),
  /** Where the last successful fraud scan got to. */
  fraudCursor: () => ({ pk: 'FRAUDSCAN', sk: 'CURSOR' }),
  /** The lease of the scan running now: one scan at a time. */
  fraudLease: () => ({ pk: 'FRAUDSCAN', sk: 'LEASE' }),
};

export const registryKeys = {
  unit: (code: string) => ({ pk: `UNIT#${code}`, sk: 'UNIT' }),
  approver: (unitCode: string, approverId: string) => ({
    pk: `UNIT#${unitCode}`,
    sk: `APPROVER#${approverId}`,
  }),
  member: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }),
  /** All added program versions share one partition: the catalog is read in one query. */
  programs: (version?: { programId: string; effectiveFrom: string; version: string }) => ({
    pk: 'PROGRAMS',
    sk: version === undefined ? '' : `${version.programId}#${version.effectiveFrom}#${version.version}`,
  }),
  programEvent: (programId: string, at: string, id: string) => ({
    pk: `AUDIT#PROGRAM#${programId}`,
    sk: `${at}#${id}`,
  }),
  budgetEvent: (unitCode: string, at: string, id: string) => ({
    pk: `AUDIT#BUDGET#${unitCode}`,
    sk: `${at}#${id}`,
  }),
  memberEvent: (memberId: string, at: string, id: string) => ({
    pk: `AUDIT#MEMBER#${memberId}`,
    sk: `${at}#${id}`,
  }),
  budget: (unitCode: string, programId: string, year: number) => ({
    pk: `BUDGET#${unitCode}`,
    sk: `${programId}#${year}`,
  }),
  /** ID-number hash → memberId: finds a member by identity number without storing the number. */
  idNumber: (idNumberHash: string) => ({ pk: `IDNO#${idNumberHash}`, sk: 'IDNO' }),
  /** The member-id counter: `last`, the highest member number handed out. */
  memberCounter: () => ({ pk: 'COUNTER#member', sk: 'COUNTER' }),
};

/** Drops the key and index attributes from an item read back. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    ttl: _ttl,
    type: _type,
    ...rest
  } = item;
  return rest as T;
}

/** Evaluation export jobs (in the claims table), listed newest first through the byMember index. */
export const exportKeys = {
  job: (exportId: string) => ({ pk: `EXPORT#${exportId}`, sk: 'EXPORT' }),
  listPartition: 'EXPORTS',
};
