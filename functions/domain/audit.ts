import type { Actor } from './claim.ts';

/** An audit event of a record other than a claim (a program, a budget, a member, a ticket). */
export interface RecordEvent {
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly reason: string;
  /** What changed: the fields before and after (never personal data in clear). */
  readonly before?: Readonly<Record<string, unknown>> | null;
  readonly after?: Readonly<Record<string, unknown>> | null;
}
