import type { RecordEvent } from '../domain/audit.ts';

/** A unit's budget for one program and year, with what is committed (approved, unpaid) and paid. */
export interface BudgetView {
  readonly unitCode: string;
  readonly programId: string;
  readonly year: number;
  readonly allocatedFen: number;
  readonly committedFen: number;
  /** Paid and not returned by the bank. */
  readonly paidFen: number;
  /** Paid, then returned by the bank (wrong or closed accounts): the amount went back to available. */
  readonly returnedFen: number;
  /** allocated − paid: what payouts may still draw. */
  readonly availableFen: number;
}

export interface BudgetsStore {
  listForUnit(unitCode: string, year: number): Promise<BudgetView[]>;
  get(unitCode: string, programId: string, year: number): Promise<BudgetView | null>;
  /**
   * Every unit's budgets of a year. Budgets live in one partition per unit and the registry has no list
   * of units, so this reads the whole registry (a filtered scan): for scheduled jobs, not for requests.
   */
  listYear(year: number): Promise<BudgetView[]>;
  /**
   * Sets the allocation, keeping paid and committed; refuses (returns 'below-spent') an allocation below
   * what is already paid. Appends the audit event.
   */
  setAllocation(
    key: { unitCode: string; programId: string; year: number },
    allocatedFen: number,
    event: RecordEvent,
  ): Promise<'set' | 'below-spent'>;
  history(unitCode: string): Promise<RecordEvent[]>;
}
