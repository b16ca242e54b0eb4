import type { EvaluationRow } from '../domain/evaluation/rows.ts';

/** The plan's figures of one unit, district or the city for a year, as the hourly job computed them. */
export interface StoredPlanFigures {
  readonly year: number;
  /** When the job computed them. */
  readonly computedAt: string;
  /** The evaluation's row of all programs together (domain/evaluation/reducer.ts), unsuppressed. */
  readonly row: EvaluationRow;
}

/** The hourly snapshot of the plan's figures (claims table, `FIGURES#<year>`), read by GET /plan-figures. */
export interface PlanFiguresStore {
  /** Stores the rows of a year's snapshot (the rows of all programs together, each level). */
  put(year: number, computedAt: string, rows: readonly EvaluationRow[]): Promise<void>;
  get(year: number, level: EvaluationRow['level'], unitCode: string): Promise<StoredPlanFigures | null>;
}
