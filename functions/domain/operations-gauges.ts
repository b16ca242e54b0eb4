/**
 * What an operator must act on that no AWS metric shows: approval levels waiting too long and budgets
 * running out. Pure rules; the operations-gauge job reads the levels and budgets and emits the gauges.
 */

/** An approval level opened more than this long ago, still without a decision, waits too long. */
export const STALE_APPROVAL_SECONDS = 3 * 86_400;

/** A budget with less than this share of its allocation available is running out (a tenth: 10%). */
export const LOW_BUDGET_DIVISOR = 10;

/** How many stale levels or low budgets a gauge names in its log line (the counts are complete). */
export const NAMED_AT_MOST = 20;

export interface OpenLevel {
  readonly claimId: string;
  readonly level: number;
  readonly unitCode: string;
  /** When the level opened (ISO instant). */
  readonly createdAt: string;
}

export interface ApprovalGauges {
  /** Age of the oldest open level in whole seconds; 0 when none is open. */
  readonly oldestOpenAgeSeconds: number;
  readonly olderThanThreeDays: number;
  /** The stale levels, oldest first (at most {@link NAMED_AT_MOST}). */
  readonly stale: readonly { readonly claimId: string; readonly level: number; readonly unitCode: string }[];
}

/** The open levels' gauges at `now`: a level counts once it is strictly older than three days. */
export function approvalGauges(levels: readonly OpenLevel[], now: Date): ApprovalGauges {
  const ageOf = (level: OpenLevel) =>
    Math.max(0, Math.floor((now.getTime() - Date.parse(level.createdAt)) / 1000));
  const aged = levels
    .map((level) => ({ level, age: ageOf(level) }))
    .sort((a, b) => b.age - a.age || a.level.claimId.localeCompare(b.level.claimId));
  const stale = aged.filter(({ age }) => age > STALE_APPROVAL_SECONDS);
  return {
    oldestOpenAgeSeconds: aged[0]?.age ?? 0,
    olderThanThreeDays: stale.length,
    stale: stale
      .slice(0, NAMED_AT_MOST)
      .map(({ level }) => ({ claimId: level.claimId, level: level.level, unitCode: level.unitCode })),
  };
}

export interface BudgetFigures {
  readonly unitCode: string;
  readonly programId: string;
  readonly allocatedFen: number;
  readonly availableFen: number;
}

export interface BudgetGauges {
  /** The lowest available share of any allocated budget, in percent (two decimals, rounded down); null when none. */
  readonly lowestAvailablePercent: number | null;
  readonly underTenPercent: number;
  /** The low budgets, lowest share first (at most {@link NAMED_AT_MOST}). */
  readonly low: readonly {
    readonly unitCode: string;
    readonly programId: string;
    readonly availablePercent: number;
  }[];
}

/** Available share in percent, rounded down to two decimals (integer arithmetic on fen). */
const percentOf = (b: BudgetFigures) => Math.floor((b.availableFen * 10_000) / b.allocatedFen) / 100;

/** Less than a tenth of the allocation available (integer fen: 9.99% is low, 10% is not). */
export function isLowBudget(b: BudgetFigures): boolean {
  return b.allocatedFen > 0 && b.availableFen * LOW_BUDGET_DIVISOR < b.allocatedFen;
}

/** The budgets' gauges; a budget with nothing allocated has no share and is left out. */
export function budgetGauges(budgets: readonly BudgetFigures[]): BudgetGauges {
  const allocated = budgets
    .filter((b) => b.allocatedFen > 0)
    .map((b) => ({ budget: b, percent: percentOf(b) }))
    .sort(
      (a, b) =>
        a.budget.availableFen * b.budget.allocatedFen - b.budget.availableFen * a.budget.allocatedFen ||
        a.budget.unitCode.localeCompare(b.budget.unitCode) ||
        a.budget.programId.localeCompare(b.budget.programId),
    );
  const low = allocated.filter(({ budget }) => isLowBudget(budget));
  return {
    lowestAvailablePercent: allocated[0]?.percent ?? null,
    underTenPercent: low.length,
    low: low.slice(0, NAMED_AT_MOST).map(({ budget, percent }) => ({
      unitCode: budget.unitCode,
      programId: budget.programId,
      availablePercent: percent,
    })),
  };
}
