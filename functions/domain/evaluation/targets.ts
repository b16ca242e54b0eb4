/**
 * The plan's real-name service coverage target (members served ÷ registered members), in basis points
 * (1/100 of a percent) so that no float decides whether a unit met it: 20% in 2015 rising linearly to
 * 80% by 2019, 80% in later years. A federation may set its own ramp or fix single years.
 */
export interface CoverageTargets {
  readonly startYear: number;
  readonly startBp: number;
  readonly fullYear: number;
  readonly fullBp: number;
  /** Years the plan sets explicitly, overriding the ramp. */
  readonly overrides?: Readonly<Record<number, number>>;
}

export const DEFAULT_COVERAGE_TARGETS: CoverageTargets = {
  startYear: 2015,
  startBp: 2000,
  fullYear: 2019,
  fullBp: 8000,
};

/** The target of a year in basis points; before the plan's first year, its first year's target. */
export function coverageTargetBp(year: number, targets: CoverageTargets = DEFAULT_COVERAGE_TARGETS): number {
  const fixed = targets.overrides?.[year];
  if (fixed !== undefined) return fixed;
  if (year <= targets.startYear) return targets.startBp;
  if (year >= targets.fullYear) return targets.fullBp;
  const step = (targets.fullBp - targets.startBp) / (targets.fullYear - targets.startYear);
  return Math.round(targets.startBp + step * (year - targets.startYear));
}

/** The plan's floor: at least 70% of the retained funds allocated to member services are spent on them. */
export const SERVICE_SPEND_FLOOR_BP = 7000;

/** A ratio in basis points, rounded half up; null when there is nothing to divide by. */
export function ratioBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.floor((part * 10_000) / whole + 0.5);
}
