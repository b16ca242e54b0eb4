/**
 * Who may call which route: the one table of access rules. `docs/security.md` prints the same table and
 * `role-route-matrix.test.ts` checks both the running API and the page against it. Every route of
 * `infra/routes.ts` has exactly one row here; a route added without its row fails that test.
 *
 * The roles are seen from one grassroots unit U (the demo member's unit `BJ-HD-001`, under the district
 * `BJ-HD`): a member of U, staff of U, staff of the district above U, staff of another district, an approver
 * of U (staff of U whose token names their approver id), an auditor, an admin, and a caller with no token.
 */

export const MATRIX_ROLES = [
  'member',
  'unitStaff',
  'aboveStaff',
  'otherStaff',
  'approver',
  'auditor',
  'admin',
  'noToken',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** The column headings of the page's table, in {@link MATRIX_ROLES} order. */
export const ROLE_HEADINGS: Readonly<Record<MatrixRole, string>> = {
  member: 'member of U',
  unitStaff: 'staff of U',
  aboveStaff: 'staff above U',
  otherStaff: 'staff elsewhere',
  approver: 'approver of U',
  auditor: 'auditor',
  admin: 'admin',
  noToken: 'no token',
};

/**
 * - `allow`: access is granted (the answer is a 2xx, or a business 4xx such as 404/409/422, never 401/403).
 * - `own-only`: granted for the member the record belongs to; another member is refused (403, or 404 as
 *   if the record did not exist) and nothing is written.
 * - `deny-403`: refused with 403 `application/problem+json`; nothing is written.
 * - `hidden-404`: refused with 404 `application/problem+json`, exactly as for an id that does not exist
 *   (the caller does not learn the record exists); nothing is written.
 * - `deny-401`: no valid bearer token; the authorizer refuses with 401 before any function runs.
 * - `public-link`: no token needed; possessing the link (an unguessable id, or a signature) is the
 *   access, and any token is ignored. A made-up link answers the same refusal for every caller (404; a
 *   forged export download signature 403), with no data.
 */
export const OUTCOMES = ['allow', 'own-only', 'deny-403', 'hidden-404', 'deny-401', 'public-link'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AccessRow {
  /** The rule in words, as the page prints it. */
  readonly rule: string;
  readonly cells: Readonly<Record<MatrixRole, Outcome>>;
}

type Cells = Record<MatrixRole, Outcome>;

const ALL_SIGNED_IN: Cells = {
  member: 'allow',
  unitStaff: 'allow',
  aboveStaff: 'allow',
  otherStaff: 'allow',
  approver: 'allow',
  auditor: 'allow',
  admin: 'allow',
  noToken: 'deny-401',
};
const PUBLIC: Cells = {
  member: 'public-link',
  unitStaff: 'public-link',
  aboveStaff: 'public-link',
  otherStaff: 'public-link',
  approver: 'public-link',
  auditor: 'public-link',
  admin: 'public-link',
  noToken: 'public-link',
};
const ADMIN_ONLY: Cells = {
  member: 'deny-403',
  unitStaff: 'deny-403',
  aboveStaff: 'deny-403',
  otherStaff: 'deny-403',
  approver: 'deny-403',
  auditor: 'deny-403',
  admin: 'allow',
  noToken: 'deny-401',
};
/** Staff of the unit or above it (their subtree), and admins. */
const STAFF_OF_SUBTREE: Cells = { ...ADMIN_ONLY, unitStaff: 'allow', aboveStaff: 'allow', approver: 'allow' };
/** Staff of a unit strictly above the record's unit, and admins: never the unit's own staff. */
const STAFF_ABOVE: Cells = { ...ADMIN_ONLY, aboveStaff: 'allow' };
/** Every staff member (each sees or changes only their subtree's records), auditors and admins. */
const STAFF_SCOPED_AUDITOR: Cells = { ...ALL_SIGNED_IN, member: 'deny-403' };
/** The claim's member, staff of its unit or above, auditors, admins; others as if it did not exist. */
const CLAIM_READERS: Cells = { ...ALL_SIGNED_IN, member: 'own-only', otherStaff: 'hidden-404' };
const AUDITORS: Cells = { ...ADMIN_ONLY, auditor: 'allow' };

export const ACCESS_MATRIX: Readonly<Record<string, AccessRow>> = {
  'POST /claims': {
    rule: 'a member for themself; staff for members of their subtree; admins for anyone',
    cells: { ...STAFF_OF_SUBTREE, member: 'own-only' },
  },
  'GET /claims': {
    rule: 'a member their own claims; staff their subtree’s (a unit outside it: 403); auditors, admins every unit’s',
    cells: { ...ALL_SIGNED_IN, otherStaff: 'deny-403' },
  },
  'GET /claims/{claimId}': {
    rule: 'the claim’s member, staff of its unit or above, auditors, admins; others get 404',
    cells: CLAIM_READERS,
  },
  'POST /claims/{claimId}/documents': {
    rule: 'the claim’s member, staff of its unit or above, admins (never on a paid, rejected or failed claim); auditors get 403, others 404',
    cells: { ...CLAIM_READERS, auditor: 'deny-403' },
  },
  'POST /uploads': {
    rule: 'who may use the route the file is for: staff and admins (a bank result, a member list)',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'allow' },
  },
  'GET /claims/{claimId}/audit': {
    rule: 'as GET /claims/{claimId}',
    cells: CLAIM_READERS,
  },
  'GET /claims/{claimId}/payee': {
    rule: 'as PUT /claims/{claimId}/payee: the claim’s member, staff of its unit or above, admins; others (auditors too) get 404; the account masked, never its hash',
    cells: { ...CLAIM_READERS, auditor: 'hidden-404' },
  },
  'PUT /claims/{claimId}/payee': {
    rule: 'the claim’s member, staff of its unit or above, admins; others (auditors too) get 404',
    cells: { ...CLAIM_READERS, auditor: 'hidden-404' },
  },
  'POST /claims/{claimId}/payee/{changeId}/confirm': {
    rule: 'staff of the claim’s unit or above, admins, never the proposer nor the claimant; other staff get 404',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'hidden-404' },
  },
  'GET /p/{token}': {
    rule: 'whoever holds the payee confirmation link (SMS to the member); the details shown masked',
    cells: PUBLIC,
  },
  'HEAD /p/{token}': { rule: 'as GET, without a body (mail scanners check links with HEAD)', cells: PUBLIC },
  'POST /p/{token}': {
    rule: 'whoever holds the payee confirmation link, with the page’s form token',
    cells: PUBLIC,
  },
  'GET /u/{token}': {
    rule: 'whoever holds the upload link (SMS to the member of a claim waiting for documents): the kinds missing',
    cells: PUBLIC,
  },
  'HEAD /u/{token}': { rule: 'as GET, without a body (mail scanners check links with HEAD)', cells: PUBLIC },
  'POST /u/{token}': {
    rule: 'whoever holds the upload link, with the page’s form token: one missing document of the claim',
    cells: PUBLIC,
  },
  'GET /a/{linkId}': { rule: 'whoever holds the approval link (e-mail/SMS to the approver)', cells: PUBLIC },
  'HEAD /a/{linkId}': { rule: 'as GET, without a body (mail scanners check links with HEAD)', cells: PUBLIC },
  'GET /a/{linkId}/documents/{documentId}': {
    rule: 'whoever holds a pending approval link: a document of its claim, the view audited, by a 5-minute signed URL',
    cells: PUBLIC,
  },
  'POST /a/{linkId}': {
    rule: 'whoever holds the approval link, with the page’s form token (CSRF)',
    cells: PUBLIC,
  },
  'GET /approvals': {
    rule: 'an approver (the token names an approver id): their own open approval requests',
    cells: { ...ADMIN_ONLY, admin: 'deny-403', approver: 'allow' },
  },
  'PUT /approvers/{approverId}/deputy': {
    rule: 'staff of the approver’s unit or above, admins',
    cells: STAFF_OF_SUBTREE,
  },
  'DELETE /approvers/{approverId}/deputy': {
    rule: 'staff of the approver’s unit or above, admins',
    cells: STAFF_OF_SUBTREE,
  },
  'GET /units/{unitCode}/approvers': {
    rule: 'staff of the unit or above, admins, the unit’s own approvers; others get 403 (a made-up unit too)',
    cells: STAFF_OF_SUBTREE,
  },
  'GET /programs': { rule: 'anyone signed in (the benefit catalogue)', cells: ALL_SIGNED_IN },
  'POST /programs/{programId}/versions': { rule: 'admins', cells: ADMIN_ONLY },
  'POST /programs/{programId}/retire': { rule: 'admins', cells: ADMIN_ONLY },
  'DELETE /programs/{programId}/retire': { rule: 'admins', cells: ADMIN_ONLY },
  'GET /budgets/{unitCode}/{year}': {
    rule: 'staff of the unit or above, auditors, admins',
    cells: { ...STAFF_OF_SUBTREE, auditor: 'allow' },
  },
  'GET /budgets/{unitCode}/{year}/{programId}/waiting': {
    rule: 'staff of the unit or above, auditors, admins',
    cells: { ...STAFF_OF_SUBTREE, auditor: 'allow' },
  },
  'PUT /budgets/{unitCode}/{year}/{programId}': {
    rule: 'staff of a unit above (never the unit’s own staff), admins',
    cells: STAFF_ABOVE,
  },
  'POST /service-visits': { rule: 'staff of the visited unit or above, admins', cells: STAFF_OF_SUBTREE },
  'GET /tickets': {
    rule: 'staff (their subtree’s tickets), auditors and admins (all)',
    cells: STAFF_SCOPED_AUDITOR,
  },
  'POST /tickets/{ticketId}/resolve': {
    rule: 'staff of the claim’s unit or above, admins',
    cells: STAFF_OF_SUBTREE,
  },
  'POST /tickets/{ticketId}/documents': {
    rule: 'staff of the claim’s unit or above, admins: the member gets one SMS with an upload link',
    cells: STAFF_OF_SUBTREE,
  },
  'POST /members/import': {
    rule: 'staff (rows outside their subtree are refused row by row), admins',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'allow' },
  },
  'GET /members': {
    rule: 'staff of the member’s unit or above, admins (by ID number; each lookup audited); others get 404; members and auditors 403',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'hidden-404' },
  },
  'GET /f/{token}': { rule: 'whoever holds the feedback link (SMS to the member)', cells: PUBLIC },
  'HEAD /f/{token}': { rule: 'as GET, without a body (mail scanners check links with HEAD)', cells: PUBLIC },
  'POST /f/{token}': { rule: 'whoever holds the feedback link, with the page’s form token', cells: PUBLIC },
  'GET /audit/{record}/{id}': {
    rule: 'auditors, admins; staff of the record’s unit or above (programs: any staff); a member their own record; others get 404',
    cells: CLAIM_READERS,
  },
  'GET /payment-batches': {
    rule: 'staff (their subtree’s paying units; a unit outside it: 403), admins (every unit’s)',
    cells: STAFF_OF_SUBTREE,
  },
  'POST /payment-batches': { rule: 'staff of the paying unit or above, admins', cells: STAFF_OF_SUBTREE },
  'GET /payment-batches/{batchId}': {
    rule: 'staff of the paying unit or above, admins',
    cells: STAFF_OF_SUBTREE,
  },
  'POST /payment-batches/reconciliations': {
    rule: 'staff (lines of payouts outside their subtree are refused line by line), admins',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'allow' },
  },
  'GET /payment-batches/reconciliations/{reconciliationId}': {
    rule: 'staff, admins: a bank result’s lines waiting for a second person',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'allow' },
  },
  'POST /payment-batches/reconciliations/{reconciliationId}/confirm': {
    rule: 'staff other than the uploader (lines outside their subtree are refused line by line), admins',
    cells: { ...STAFF_OF_SUBTREE, otherStaff: 'allow' },
  },
  'GET /fraud/flags': {
    rule: 'staff (their subtree’s flags), auditors and admins (all, and the review list)',
    cells: STAFF_SCOPED_AUDITOR,
  },
  'POST /fraud/flags/{claimId}/{flagId}/clear': {
    rule: 'staff of a unit above the claim’s unit (never its own unit), admins',
    cells: STAFF_ABOVE,
  },
  'POST /fraud/flags/{claimId}/{flagId}/confirm': {
    rule: 'staff of a unit above the claim’s unit (never its own unit), admins',
    cells: STAFF_ABOVE,
  },
  'POST /exports': { rule: 'auditors, admins', cells: AUDITORS },
  'GET /exports': { rule: 'auditors, admins', cells: AUDITORS },
  'GET /exports/{exportId}': { rule: 'auditors, admins', cells: AUDITORS },
  'GET /exports/{exportId}/files/{name}': {
    rule: 'whoever holds the signed download link (15 minutes), given to auditors and admins',
    cells: PUBLIC,
  },
  'GET /plan-figures': {
    rule: 'staff (their unit’s figures, or a unit of their subtree; outside it: 403), auditors and admins (the city’s, or any unit’s)',
    cells: { ...STAFF_SCOPED_AUDITOR, otherStaff: 'deny-403' },
  },
  'GET /openapi.json': {
    rule: 'everyone: the OpenAPI document, generated from the code, no data',
    cells: PUBLIC,
  },
  'GET /docs': { rule: 'everyone: the OpenAPI document as a page, no data', cells: PUBLIC },
};
