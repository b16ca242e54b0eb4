import type { Actor } from '../domain/claim.ts';

/** A real-name service visit (服务人次): a service program used by a member, counted for coverage. */
export interface ServiceVisit {
  readonly visitId: string;
  readonly program: string;
  readonly service: string;
  readonly memberId: string;
  /** The unit whose station or home served the member. */
  readonly unitCode: string;
  readonly unitPath: string;
  readonly visitedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly note: string;
}

export interface VisitsStore {
  /** Records a visit once per (caller, idempotency key); a repeat returns the first visit's id. */
  record(
    visit: ServiceVisit,
    idempotencyKey: string,
  ): Promise<{ recorded: true } | { recorded: false; visitId: string; sameBody: boolean }>;
  listForMember(memberId: string): Promise<ServiceVisit[]>;
}
