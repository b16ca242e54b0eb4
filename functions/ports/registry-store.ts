import type { Approver, Budget, Member, Unit } from '../domain/registry.ts';

export interface RegistryStore {
  getMember(memberId: string): Promise<Member | null>;
  getUnit(code: string): Promise<Unit | null>;
  listApprovers(unitCode: string): Promise<Approver[]>;
  getBudget(unitCode: string, programId: string, year: number): Promise<Budget | null>;
  /** Loads registry records (demo data, tests); upserts. */
  putAll(records: {
    units?: readonly Unit[];
    approvers?: readonly Approver[];
    members?: readonly Member[];
    budgets?: readonly Budget[];
  }): Promise<void>;
}
