import { Forbidden, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree, type Unit } from '../domain/registry.ts';
import type { ScopedListSource } from '../ports/scoped-list.ts';
import { staffScope } from './access.ts';
import type { Deps } from './deps.ts';

const POSITION = /^\d{4}-\d{2}(-[0-9T:.Z]+)?(#[A-Za-z0-9_.-]+)?$/;
const DAY_MS = 86_400_000;

/** A list's opaque cursor: the position the next page starts below. */
export const encodeCursor = (position: string) =>
  Buffer.from(JSON.stringify({ p: position }), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  try {
    const { p } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown };
    if (typeof p === 'string' && POSITION.test(p)) return p;
  } catch {
    // answered below
  }
  throw new Invalid([{ field: 'cursor', message: 'is not a cursor this list gave' }]);
}

/** The first instant of a Beijing day (UTC+8), as an ISO string. */
export const beijingDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** Where a page starts: below the cursor's position, else after the `to` day, else after today. */
export function pageStart(query: { cursor?: string; to?: string }, now: Date): string {
  if (query.cursor !== undefined) return decodeCursor(query.cursor);
  if (query.to !== undefined) return new Date(Date.parse(beijingDayStart(query.to)) + DAY_MS).toISOString();
  return new Date(now.getTime() + DAY_MS).toISOString();
}

/** How many years back a list without a `from` date reads (from January). */
export const LIST_YEARS_BACK = 5;

/**
 * The oldest month a list without a `from` date reads: January, LIST_YEARS_BACK years before today. Anchored
 * to today, not to the page: a floor moving back with each cursor would give a district's or the city's
 * list an empty page with a cursor for ever.
 */
export function listFloor(now: Date): string {
  return `${now.getUTCFullYear() - LIST_YEARS_BACK}-01`;
}

/**
 * Where a scoped list is read for a caller: every unit's for `everyUnit` callers, else the staff's
 * subtree; `unitCode` narrows to a unit (a grassroots unit's own partition, or a district's or the
 * city's subtree), which must be within the caller's. Null: the caller serves no unit.
 */
export async function scopedSource(
  deps: Pick<Deps, 'registry'>,
  identity: Identity,
  everyUnit: boolean,
  unitCode: string | undefined,
): Promise<ScopedListSource | null> {
  const scope = everyUnit ? null : await staffScope(deps.registry, identity);
  if (!everyUnit && scope === null) return null;
  const code = unitCode ?? (everyUnit ? null : identity.unitCode);
  if (code === null) return { kind: 'all', scopePath: null };
  const unit = await deps.registry.getUnit(code);
  if (unit === null) throw new Invalid([{ field: 'unitCode', message: 'is not a unit of the registry' }]);
  if (scope !== null && !isInSubtree(unit.path, scope)) {
    throw new Forbidden('this unit is outside the units you serve', {
      errors: [{ field: 'unitCode', message: 'is outside the units you serve' }],
    });
  }
  return unitSource(unit);
}

/** A grassroots unit's records are one partition; a district's or the city's, their subtree of every unit's. */
function unitSource(unit: Unit): ScopedListSource {
  return unit.tier === 'grassroots'
    ? { kind: 'unit', unitCode: unit.code }
    : { kind: 'all', scopePath: unit.path };
}

/** The units of a page's records, by code (the registry's cache answers most). */
export async function unitsOf(
  deps: Pick<Deps, 'registry'>,
  codes: readonly (string | null)[],
): Promise<Map<string, Unit>> {
  const distinct = [...new Set(codes.filter((c): c is string => c !== null))];
  const units = await Promise.all(distinct.map((code) => deps.registry.getUnit(code)));
  return new Map(units.filter((u): u is Unit => u !== null).map((u) => [u.code, u]));
}

/**
 * A list's scope narrowed to `unitCode` (its subtree), which must be within the caller's scope (null:
 * every unit); the caller's scope itself without one.
 */
export async function narrowedScope(
  deps: Pick<Deps, 'registry'>,
  scope: string | null,
  unitCode: string | undefined,
): Promise<string | null> {
  if (unitCode === undefined || unitCode === '') return scope;
  const unit = await deps.registry.getUnit(unitCode);
  if (unit === null) throw new Invalid([{ field: 'unitCode', message: 'is not a unit of the registry' }]);
  if (scope !== null && !isInSubtree(unit.path, scope)) {
    throw new Forbidden('this unit is outside the units you serve', {
      errors: [{ field: 'unitCode', message: 'is outside the units you serve' }],
    });
  }
  return unit.path;
}
