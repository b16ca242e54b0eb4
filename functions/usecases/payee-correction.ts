import { fieldErrors, PayeeDetails } from '../domain/claim-schema.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import { payeeHashOf } from '../domain/payments/payee-hash.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { versionInForce } from '../domain/programs/schema.ts';
import { ClaimConflictError, type LinkedWrite } from '../ports/claims-store.ts';
import { actorOf, canActFor } from './access.ts';
import { usageKey, usageLimits } from './check-rules.ts';
import type { Deps } from './deps.ts';
import { HttpProblem, problems } from './problem.ts';
import { maskAccount } from './submit-claim.ts';

/**
 * PUT /claims/{claimId}/payee: corrected bank details for a claim whose payout the bank returned (the
 * member, or staff of the member's unit or above). The new details are kept for the next payout round
 * (the earlier round's stay as they were sent), the member's annual usage is reserved again, and the
 * claim is APPROVED and paid again, exactly once, by an execution of the claim workflow that goes
 * straight to the payout step (a budget that cannot pay puts it in AWAITING_FUNDS as usual).
 */
export async function correctPayee(
  deps: Pick<Deps, 'claims' | 'registry' | 'programs' | 'workflow' | 'now'>,
  request: { identity: Identity; claimId: string; body: unknown },
): Promise<{ claimId: string; status: string; payoutRound: number; statusUrl: string }> {
  const { identity, claimId } = request;
  if (!CLAIM_ID_PATTERN.test(claimId)) throw problems.notFound(`no claim ${claimId}`);
  const claim = await deps.claims.get(claimId);
  if (claim === null || !(await canActFor(deps.registry, identity, claim.memberId, claim.unitPath))) {
    throw problems.notFound(`no claim ${claimId}`);
  }
  const parsed = PayeeDetails.safeParse(request.body);
  if (!parsed.success) throw problems.invalid(fieldErrors(parsed.error));
  const lastRound = claim.payout === undefined ? 0 : (parsePayoutId(claim.payout.payoutId)?.round ?? 1);
  const round = lastRound + 1;
  const answer = { claimId, status: 'APPROVED', payoutRound: round, statusUrl: `/claims/${claimId}` };
  if (claim.status === 'APPROVED' && claim.payout?.returned !== undefined) {
    // Corrected before, and its payment may not have started (a crash): start it; a running one stays.
    await deps.workflow.startClaim(claimId, round);
    return answer;
  }
  if (claim.status !== 'PAYOUT_RETURNED') {
    throw problems.conflict(
      `claim ${claimId} is ${claim.status}: only a claim whose payout was returned takes new payee details`,
    );
  }
  const consumes = claim.rules?.passed ? claim.rules.consumes : undefined;
  const version = versionInForce(await deps.programs.listVersions(), claim.program, claim.incidentDate);
  const linked: LinkedWrite[] = [
    { kind: 'putPayee', round, payee: parsed.data },
    ...(consumes === undefined
      ? []
      : [
          {
            kind: 'reserveUsage',
            key: usageKey(claim),
            consumes,
            limits: usageLimits(version, claim.benefit),
          } as const,
        ]),
  ];
  try {
    await deps.claims.change(
      claim,
      {
        to: 'APPROVED',
        actor: actorOf(identity),
        action: 'payee-corrected',
        reason: `payee details corrected after the bank returned payout ${claim.payout?.payoutId}; the claim is paid again (round ${round})`,
        at: deps.now().toISOString(),
        event: { payeeHash: payeeHashOf(claimId, parsed.data) },
        set: {
          payee: {
            name: parsed.data.name,
            bankName: parsed.data.bankName,
            accountMasked: maskAccount(parsed.data.accountNumber),
          },
        },
      },
      linked,
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    if (error.conflict === 'cap-reached') {
      throw new HttpProblem(
        409,
        'Annual limit used',
        "other claims used the member's annual limit since this payout was returned; it cannot be paid again",
      );
    }
    throw problems.conflict(`claim ${claimId} changed meanwhile (${error.message}); try again`);
  }
  await deps.workflow.startClaim(claimId, round);
  return answer;
}
