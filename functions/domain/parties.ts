import type { Actor, Claim, ClaimParties } from './claim.ts';
import type { Identity } from './identity.ts';
import { sameName } from './membership.ts';
import type { Approver } from './registry.ts';

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
  if (
    approver.name !== undefined &&
    parties.payee.name !== '' &&
    sameName(approver.name, parties.payee.name)
  ) {
    return { kind: 'payee' };
  }
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

/**
 * Why this identity may not act as the second person of a maker-checker step on a claim (clear or confirm
 * its fraud flag, confirm its payee change) — null: it may. It submitted the claim (token subject, member
 * id or approver id as recorded), claims it, is its payee (by the caller's registered name), or decided a
 * level of it (`decidedBy`: the approver ids of every level's decision). Identities are compared kind to
 * kind, never a token subject with a registry id.
 */
export function conflictOfInterest(
  identity: Pick<Identity, 'subject' | 'memberId' | 'approverId'>,
  claim: PartiesView,
  decidedBy: readonly string[],
  callerName: string | null = null,
): string | null {
  const { claimant, submitter, payee } = partiesOfStored(claim);
  const memberId = identity.memberId;
  const approverId = identity.approverId ?? null;
  if (
    identity.subject === submitter.subject ||
    (memberId !== null && memberId === submitter.memberId && memberId !== claimant.memberId) ||
    (approverId !== null && approverId === submitter.approverId)
  ) {
    return 'you submitted this claim';
  }
  if (memberId !== null && memberId === claimant.memberId) return 'this is your own claim';
  if (callerName !== null && payee.name !== '' && sameName(callerName, payee.name)) {
    return 'you are the payee of this claim';
  }
  if ((approverId !== null && decidedBy.includes(approverId)) || decidedBy.includes(identity.subject)) {
    return 'you decided a level of this claim';
  }
  return null;
}
