import type { Actor, Claim } from './claim.ts';
import type { Identity } from './identity.ts';
import type { Approver } from './registry.ts';

/**
 * The people of a claim, as identities (not raw token subjects), recorded when it is submitted so every
 * later separation-of-duties check compares persons: a Cognito `sub` is a UUID that equals no member id
 * and no approver id, so the submitter is recorded with every id their token carried.
 */
export interface ClaimParties {
  /** The member the benefit is for. */
  readonly claimant: { readonly memberId: string };
  /** Who submitted: the token's subject and the member and approver ids its claims carried. */
  readonly submitter: {
    readonly kind: Actor['kind'];
    readonly subject: string;
    readonly memberId: string | null;
    readonly approverId: string | null;
  };
  /** Who is paid, by name (the account number stays in the claim's payee item). */
  readonly payee: { readonly name: string };
}

export function partiesOf(
  identity: Identity,
  actor: Actor,
  claimantMemberId: string,
  payeeName: string,
): ClaimParties {
  return {
    claimant: { memberId: claimantMemberId },
    submitter: {
      kind: actor.kind,
      subject: identity.subject,
      memberId: identity.memberId,
      approverId: identity.approverId ?? null,
    },
    payee: { name: payeeName },
  };
}

/** An approver as a person: one person may hold several approver ids, tied by their membership. */
export type Person = Pick<Approver, 'approverId' | 'memberId'>;

/** Same approver id, or two approver registrations of the same member. */
export function samePerson(a: Person, b: Person): boolean {
  return a.approverId === b.approverId || (a.memberId !== null && a.memberId === b.memberId);
}

/** Names compare without spaces and in Unicode compatibility form (全角/半角 alike). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Why an approver may not decide a level of a claim. */
export type Exclusion =
  | { readonly kind: 'claimant' | 'submitter' | 'payee' }
  | { readonly kind: 'decided-level'; readonly level: number };

export interface Decider {
  readonly level: number;
  readonly person: Person;
}

type PartiesView = Pick<Claim, 'memberId' | 'submittedBy'> & Partial<Pick<Claim, 'parties' | 'payee'>>;

/** The claim's parties; a claim stored before they were recorded has only `submittedBy` to go by. */
function partiesOfStored(claim: PartiesView): ClaimParties {
  if (claim.parties !== undefined) return claim.parties;
  const id = claim.submittedBy.id;
  return {
    claimant: { memberId: claim.memberId },
    submitter: { kind: claim.submittedBy.kind, subject: id, memberId: id, approverId: id },
    payee: { name: claim.payee?.name ?? '' },
  };
}

/**
 * Separation of duties: an approver decides no level of a claim they claim for, submitted (under their
 * approver id or their membership), or are the payee of (by name: the registry holds no accounts of
 * approvers, and a namesake is sent to a colleague, never the other way round), and no level when they
 * (as the same person, deputies resolved to whoever holds the link) decided another level of the claim.
 */
export function exclusionOf(
  claim: PartiesView,
  approver: Person & Partial<Pick<Approver, 'name'>>,
  deciders: readonly Decider[] = [],
): Exclusion | null {
  const parties = partiesOfStored(claim);
  const memberId = approver.memberId;
  if (memberId !== null && memberId === parties.claimant.memberId) return { kind: 'claimant' };
  const { submitter } = parties;
  if (
    approver.approverId === submitter.approverId ||
    (memberId !== null && memberId === submitter.memberId)
  ) {
    return { kind: 'submitter' };
  }
  if (approver.name !== undefined && sameName(approver.name, parties.payee.name)) return { kind: 'payee' };
  const decided = deciders.find((d) => samePerson(d.person, approver));
  return decided === undefined ? null : { kind: 'decided-level', level: decided.level };
}

export function exclusionText(exclusion: Exclusion): string {
  switch (exclusion.kind) {
    case 'claimant':
      return 'you are the claimant of this claim';
    case 'submitter':
      return 'you submitted this claim';
    case 'payee':
      return 'you are the payee of this claim';
    case 'decided-level':
      return `you decided level ${exclusion.level} of this claim; one person decides at most one level`;
  }
}
