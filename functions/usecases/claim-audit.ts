import { type ChainVerification, verifyChain } from '../domain/audit-chain.ts';
import type { AuditEvent, Claim } from '../domain/claim.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import { canRead } from './access.ts';
import type { Deps } from './deps.ts';
import { problems } from './problem.ts';

export interface ClaimAuditView {
  readonly claimId: string;
  /** Every audit event of the claim in order, each with its prevHash and hash. */
  readonly events: readonly AuditEvent[];
  readonly verification: ChainVerification;
}

/** What the claim item says of its chain: the head a verification must end at. */
export type ChainHead = Pick<Claim, 'claimId' | 'version' | 'lastEventHash'>;

/** Verifies a claim's events against the head its claim item records. */
export function verifyClaimChain(head: ChainHead, events: readonly AuditEvent[]): ChainVerification {
  return verifyChain(events, { lastSeq: head.version, lastHash: head.lastEventHash ?? null });
}

/**
 * GET /claims/{claimId}/audit: the hash chain of the claim's audit events and whether it verifies.
 * Read as GET /claims/{claimId}: members their own claims, staff their subtree's, auditors and admins all.
 */
export async function claimAudit(
  deps: Pick<Deps, 'claims' | 'registry'>,
  request: { identity: Identity; claimId: string },
): Promise<ClaimAuditView> {
  if (!CLAIM_ID_PATTERN.test(request.claimId)) throw problems.notFound(`no claim ${request.claimId}`);
  const claim = await deps.claims.get(request.claimId);
  // A claim the caller may not see is reported exactly like one that does not exist.
  if (claim === null || !(await canRead(deps.registry, request.identity, claim))) {
    throw problems.notFound(`no claim ${request.claimId}`);
  }
  const events = await deps.claims.timeline(claim.claimId);
  return { claimId: claim.claimId, events, verification: verifyClaimChain(claim, events) };
}

/** Where every claim's chain can be read from, one claim at a time (a scan of the claims table). */
export interface AuditChainSource {
  chains(): AsyncIterable<{ readonly head: ChainHead; readonly events: readonly AuditEvent[] }>;
}

export interface AllChainsReport {
  readonly verified: number;
  /** Chains that do not verify, with their first broken event. */
  readonly broken: readonly {
    readonly claimId: string;
    readonly seq: number;
    readonly reason: string;
  }[];
  /** Claims whose first events were written before chaining and otherwise verify. */
  readonly unchained: readonly string[];
}

/** Verifies every claim's chain: the core of `npm run verify-audit`. */
export async function verifyAllChains(source: AuditChainSource): Promise<AllChainsReport> {
  let verified = 0;
  const broken: { claimId: string; seq: number; reason: string }[] = [];
  const unchained: string[] = [];
  for await (const { head, events } of source.chains()) {
    verified++;
    const result = verifyClaimChain(head, events);
    if (result.firstBroken !== null) broken.push({ claimId: head.claimId, ...result.firstBroken });
    else if (result.unchained > 0) unchained.push(head.claimId);
  }
  broken.sort((a, b) => a.claimId.localeCompare(b.claimId));
  unchained.sort();
  return { verified, broken, unchained };
}
