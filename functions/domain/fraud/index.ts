/** Pure fraud rules over a snapshot of claims, members and approvers; `scanForFraud` runs them all. */
import { splitUnderLimit } from './amounts.ts';
import { buildContext, DEFAULT_FRAUD_OPTIONS } from './context.ts';
import { evidenceReuse } from './evidence.ts';
import { approverConflict, sharedMobile, sharedPayee } from './shared-identity.ts';
import { claimAfterDeath, soonAfterJoining } from './timing.ts';
import type { FraudFlag, FraudInput, FraudOptions, FraudRule } from './types.ts';
import { memberVelocity, unitVelocity } from './velocity.ts';

export { DEFAULT_FRAUD_OPTIONS } from './context.ts';
export type {
  FraudApprover,
  FraudClaim,
  FraudDecision,
  FraudFlag,
  FraudInput,
  FraudMember,
  FraudOptions,
  FraudRule,
} from './types.ts';
export { fraudClaimOf } from './types.ts';
export {
  approverConflict,
  claimAfterDeath,
  evidenceReuse,
  memberVelocity,
  sharedMobile,
  sharedPayee,
  soonAfterJoining,
  splitUnderLimit,
  unitVelocity,
};

export const FRAUD_RULES: readonly FraudRule[] = [
  evidenceReuse,
  sharedPayee,
  sharedMobile,
  soonAfterJoining,
  claimAfterDeath,
  splitUnderLimit,
  memberVelocity,
  unitVelocity,
  approverConflict,
];

export interface ScanOptions extends Partial<FraudOptions> {
  /** Run only these rules (ids of FRAUD_RULES); all by default. */
  readonly rules?: readonly string[];
}

/** Runs every rule over the snapshot; flags by score (highest first), then rule and key. */
export function scanForFraud(input: FraudInput, options: ScanOptions = {}): FraudFlag[] {
  const { rules: only, ...overrides } = options;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const context = buildContext(input, { ...DEFAULT_FRAUD_OPTIONS, ...defined });
  const rules = only === undefined ? FRAUD_RULES : FRAUD_RULES.filter((r) => only.includes(r.id));
  const flags = rules.flatMap((rule) => rule.run(context));
  return flags.sort((a, b) => b.score - a.score || compare(a.rule, b.rule) || compare(a.key, b.key));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
