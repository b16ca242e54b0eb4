import type { RecordEvent } from '../domain/audit.ts';
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree } from '../domain/registry.ts';
import { staffScope } from './access.ts';
import type { Deps } from './deps.ts';

/** The records besides claims whose changes are audited. */
export const AUDITED_RECORDS = ['member', 'budget', 'program', 'approver'] as const;
export type AuditedRecord = (typeof AUDITED_RECORDS)[number];

export interface RecordAuditView {
  readonly record: AuditedRecord;
  readonly id: string;
  /** Every audit event of the record, oldest first: time, actor, action, reason, fields before and after. */
  readonly events: readonly RecordEvent[];
}

type AuditDeps = Pick<Deps, 'registry' | 'budgets' | 'programs' | 'delegations'>;

/** The unit whose subtree's staff may read the record's history; null: only auditors and admins. */
async function unitOf(deps: AuditDeps, record: AuditedRecord, id: string): Promise<string | null> {
  switch (record) {
    case 'member':
      return (await deps.registry.getMember(id))?.unitCode ?? null;
    case 'budget':
      return id;
    case 'approver':
      return (await deps.delegations.findApprover(id))?.unitCode ?? null;
    case 'program':
      return null;
  }
}

async function mayRead(deps: AuditDeps, identity: Identity, record: AuditedRecord, id: string) {
  if (identity.roles.includes('auditor') || identity.roles.includes('admin')) return true;
  if (record === 'member' && identity.roles.includes('member') && identity.memberId === id) return true;
  const scope = await staffScope(deps.registry, identity);
  if (scope === null) return false;
  if (record === 'program') return true;
  const unitCode = await unitOf(deps, record, id);
  const unit = unitCode === null ? null : await deps.registry.getUnit(unitCode);
  return unit !== null && isInSubtree(unit.path, scope);
}

function history(deps: AuditDeps, record: AuditedRecord, id: string): Promise<RecordEvent[]> {
  switch (record) {
    case 'member':
      return deps.registry.memberHistory(id);
    case 'budget':
      return deps.budgets.history(id);
    case 'program':
      return deps.programs.history(id);
    case 'approver':
      return deps.delegations.history(id);
  }
}

/**
 * GET /audit/{record}/{id}: the audit events of a member record, a unit's budgets, a program or an
 * approver's delegations. Auditors and admins read all; staff their subtree's (and every program's);
 * a member their own record. A record the caller may not read is reported like one with no events.
 */
export async function recordAudit(
  deps: AuditDeps,
  request: { identity: Identity; record: string; id: string },
): Promise<RecordAuditView> {
  const record = AUDITED_RECORDS.find((r) => r === request.record);
  if (record === undefined) {
    throw new NotFound(`no audited record kind ${request.record} (one of ${AUDITED_RECORDS.join(', ')})`);
  }
  if (
    request.id === '' ||
    request.id.length > 64 ||
    !(await mayRead(deps, request.identity, record, request.id))
  ) {
    throw new NotFound(`no ${record} ${request.id} you may read`);
  }
  return { record, id: request.id, events: await history(deps, record, request.id) };
}
