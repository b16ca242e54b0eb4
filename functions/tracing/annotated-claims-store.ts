import type { Claim } from '../domain/claim.ts';
import type { ClaimsStore } from '../ports/claims-store.ts';
import { annotate } from './tracer.ts';

/** The tier of the approval level a claim is at or last decided (the chain's first before any decision). */
export function tierOf(claim: Pick<Claim, 'approvalChain' | 'approval' | 'status'>): string | undefined {
  const chain = claim.approvalChain ?? [];
  const decided = claim.approval?.level ?? 0;
  const level =
    claim.status === 'AWAITING_APPROVAL' && claim.approval?.decision !== 'reject' ? decided + 1 : decided;
  return chain.find((step) => step.level === Math.max(1, level))?.tier;
}

/**
 * The claims store, annotating the invocation's trace with the claim it reads (`claimId`, `program`,
 * `tier`), so X-Ray finds the traces of a program or tier. Wired only where tracing is on.
 */
export function annotatedClaimsStore(inner: ClaimsStore): ClaimsStore {
  const get: ClaimsStore['get'] = async (claimId) => {
    const claim = await inner.get(claimId);
    if (claim !== null) await annotate({ claimId, program: claim.program, tier: tierOf(claim) });
    return claim;
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'get') return get;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
