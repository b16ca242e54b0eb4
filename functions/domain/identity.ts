/** Who is calling, as the JWT authorizer (AWS) or the local server established it. */
export type Role = 'member' | 'staff' | 'auditor' | 'admin';

export const ROLES: readonly Role[] = ['member', 'staff', 'auditor', 'admin'];

/** JWT claim names, shared by the Cognito user pool, the local token command and the handlers. */
export const CLAIM_NAMES = {
  groups: 'cognito:groups',
  memberId: 'custom:member_id',
  unitCode: 'custom:unit_code',
  /** For union staff who approve claims: their approver id in the registry. */
  approverId: 'custom:approver_id',
} as const;

export interface Identity {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** For members: the member they are. */
  readonly memberId: string | null;
  /** For staff: the unit whose subtree they serve. */
  readonly unitCode: string | null;
  /** For approvers: the approver they are (their approval links are theirs to list). */
  readonly approverId?: string | null;
}
