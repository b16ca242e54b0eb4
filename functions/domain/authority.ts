import type { Fen } from './money.ts';
import type { Tier, Unit } from './registry.ts';

/**
 * Approval authority per tier (PROGRAMS.md, default): a grassroots union approves up to 2000 CNY; up to
 * 10000 the district or industry union approves as well; above that the city federation too.
 */
export const AUTHORITY_LIMITS: readonly { readonly tiers: readonly Tier[]; readonly upToFen: Fen | null }[] =
  [
    { tiers: ['grassroots'], upToFen: 2000_00 },
    { tiers: ['district', 'industry'], upToFen: 10000_00 },
    { tiers: ['city'], upToFen: null },
  ];

export interface ApprovalStep {
  readonly level: number;
  readonly tier: Tier;
  readonly unitCode: string;
}

/**
 * The approval chain of a claim: its grassroots union first, then each higher tier whose authority the
 * amount needs, found on the path of the member's unit (city → district/industry → grassroots).
 */
export function approvalChain(
  amountFen: Fen,
  unitPath: readonly Pick<Unit, 'code' | 'tier'>[],
): ApprovalStep[] {
  const chain: ApprovalStep[] = [];
  for (const [index, limit] of AUTHORITY_LIMITS.entries()) {
    const previous = AUTHORITY_LIMITS[index - 1];
    if (previous !== undefined && previous.upToFen !== null && amountFen <= previous.upToFen) break;
    const unit = [...unitPath].reverse().find((u) => limit.tiers.includes(u.tier));
    if (unit === undefined) continue;
    chain.push({ level: chain.length + 1, tier: unit.tier, unitCode: unit.code });
  }
  return chain;
}
