import type { RecordEvent } from '../domain/audit.ts';
import type { Approver } from '../domain/registry.ts';

/**
 * An approver's deputy for a date range (Beijing calendar days, both inclusive): a level that opens in
 * the range sends the deputy a link instead of the absent approver.
 */
export interface Delegation {
  readonly approverId: string;
  /** The deputy as registered when the delegation was set, so a level can reach them without a lookup. */
  readonly deputy: Approver;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly setAt: string;
}

export interface DelegationsStore {
  /** An approver by id, whichever unit they serve; null if none is registered. */
  findApprover(approverId: string): Promise<Approver | null>;
  /** The delegations of these approvers (one each at most); absent ones are left out. */
  getMany(approverIds: readonly string[]): Promise<Map<string, Delegation>>;
  get(approverId: string): Promise<Delegation | null>;
  /** Sets (or, with null, removes) an approver's delegation and appends its audit event in one transaction. */
  put(approverId: string, delegation: Delegation | null, event: RecordEvent): Promise<void>;
  history(approverId: string): Promise<RecordEvent[]>;
}
