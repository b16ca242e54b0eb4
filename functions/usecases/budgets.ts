import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { isFen } from '../domain/money.ts';
import { isInSubtree, type Unit } from '../domain/registry.ts';
import type { BudgetView } from '../ports/budgets-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { wakeWaiting } from './ledger.ts';

function parseYear(text: string | undefined): number | null {
  const year = Number(text);
  return Number.isInteger(year) && year >= 2015 && year <= 2100 ? year : null;
}

/**
 * The unit and year of a budget the caller may read: admins and auditors any, union staff their
 * subtree's. Bad years are 400, unknown units 404, others' units 403.
 */
export async function readableBudget(
  deps: Pick<Deps, 'registry'>,
  request: { identity: Identity; unitCode: string; year: string | undefined },
): Promise<{ unit: Unit; year: number }> {
  const year = parseYear(request.year);
  if (year === null) throw new Invalid([{ field: 'year', message: 'must be a year from 2015 to 2100' }]);
  const unit = await deps.registry.getUnit(request.unitCode);
  if (unit === null) throw new NotFound(`no union unit ${request.unitCode}`);
  const { identity } = request;
  if (!identity.roles.includes('admin') && !identity.roles.includes('auditor')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || !isInSubtree(unit.path, scope))
      throw new Forbidden(`unit ${unit.code} is outside your scope`);
  }
  return { unit, year };
}

/** GET /budgets/{unitCode}/{year}: each program's allocation, committed, paid and available, in fen. */
export async function getBudgets(
  deps: Pick<Deps, 'budgets' | 'registry'>,
  request: { identity: Identity; unitCode: string; year: string | undefined },
): Promise<{ unitCode: string; year: number; budgets: BudgetView[] }> {
  const { unit, year } = await readableBudget(deps, request);
  return { unitCode: unit.code, year, budgets: await deps.budgets.listForUnit(unit.code, year) };
}

/**
 * PUT /budgets/{unitCode}/{year}/{programId}: sets an allocation. Admins set any; union staff set the
 * budgets of the units below their own (a district funds its grassroots unions), never their own.
 */
export async function setBudget(
  deps: Pick<Deps, 'claims' | 'budgets' | 'registry' | 'programs' | 'fundsQueue' | 'workflow' | 'now'>,
  request: {
    identity: Identity;
    unitCode: string;
    year: string | undefined;
    programId: string;
    body: unknown;
  },
): Promise<BudgetView> {
  const body = (request.body ?? {}) as { allocatedFen?: unknown; reason?: unknown };
  const year = parseYear(request.year);
  const errors = [
    ...(year === null ? [{ field: 'year', message: 'must be a year from 2015 to 2100' }] : []),
    ...(isFen(body.allocatedFen) ? [] : [{ field: 'allocatedFen', message: 'must be whole fen, 0 or more' }]),
    ...(typeof body.reason === 'string' && body.reason.trim().length >= 2
      ? []
      : [{ field: 'reason', message: 'must say why the budget is set' }]),
  ];
  if (errors.length > 0 || year === null || !isFen(body.allocatedFen)) throw new Invalid(errors);
  const unit = await deps.registry.getUnit(request.unitCode);
  if (unit === null) throw new NotFound(`no union unit ${request.unitCode}`);
  const { identity } = request;
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || unit.path === scope || !isInSubtree(unit.path, scope)) {
      throw new Forbidden(`only admins or staff of a unit above ${unit.code} set its budget`);
    }
  }
  const versions = await deps.programs.listVersions();
  if (!versions.some((v) => v.programId === request.programId))
    throw new NotFound(`no program ${request.programId}`);

  const before = await deps.budgets.get(unit.code, request.programId, year);
  const key = { unitCode: unit.code, programId: request.programId, year };
  const result = await deps.budgets.setAllocation(key, body.allocatedFen, {
    at: deps.now().toISOString(),
    actor: actorOf(identity),
    action: 'budget-set',
    reason: String(body.reason).trim(),
    before: before === null ? null : { allocatedFen: before.allocatedFen },
    after: { programId: request.programId, year, allocatedFen: body.allocatedFen },
  });
  if (result === 'below-spent') {
    throw new Conflict(`allocation below the ${before?.paidFen ?? 0} fen already paid`, {
      title: 'Below what is spent',
    });
  }
  const after = await deps.budgets.get(unit.code, request.programId, year);
  if (after === null) throw new Error('budget vanished after it was set');
  // A raise lets the claims waiting for this budget go on, oldest submission first.
  if (after.availableFen > (before?.availableFen ?? 0)) await wakeWaiting(deps, key);
  return after;
}
