import { beijingYear } from '../domain/calendar.ts';
import { Forbidden, Invalid } from '../domain/errors.ts';
import { EvaluationReducer } from '../domain/evaluation/reducer.ts';
import type { EvaluationRow } from '../domain/evaluation/rows.ts';
import {
  type CoverageTargets,
  coverageTargetBp,
  DEFAULT_COVERAGE_TARGETS,
  SERVICE_SPEND_FLOOR_BP,
} from '../domain/evaluation/targets.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree, type Unit } from '../domain/registry.ts';
import type { PlanFiguresStore } from '../ports/plan-figures.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { PlanFiguresQuery } from '../schemas/plan-figures.ts';
import { staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { type EvaluationScanDeps, scanInto } from './evaluation-scan.ts';

/** The rows of all programs together: the home page's figures. */
const ALL_PROGRAMS = '*';

/**
 * Part of the hourly gauge job: the running Beijing year's evaluation (the export's own reducer, fed a
 * scan of both tables) for every unit, district and the city, stored for GET /plan-figures. Coverage
 * counts distinct members served, which no counter kept as claims change can give: hence the scan, once
 * an hour, and not on a request.
 */
export async function recordPlanFigures(
  deps: EvaluationScanDeps & {
    readonly planFigures: PlanFiguresStore;
    readonly now: () => Date;
    readonly targets?: CoverageTargets;
  },
): Promise<{ year: number; rows: number }> {
  const now = deps.now();
  const year = beijingYear(now);
  const reducer = new EvaluationReducer({ year }, deps.targets);
  // The registry first: ratings and visits find their member's unit.
  await scanInto(deps, reducer, 'registry');
  await scanInto(deps, reducer, 'claims');
  const rows = reducer.rows().filter((row) => row.program === ALL_PROGRAMS);
  await deps.planFigures.put(year, now.toISOString(), rows);
  return { year, rows: rows.length };
}

/** The plan's figures as the home page shows them, each with the plan's target beside it. */
export interface PlanFigures {
  readonly year: number;
  readonly scope: {
    readonly level: EvaluationRow['level'];
    readonly unitCode: string | null;
    readonly name: string | null;
    readonly nameEn: string | null;
  };
  /** When the hourly job computed them; null before its first run of the year. */
  readonly computedAt: string | null;
  readonly coverage: {
    readonly registeredMembers: number | null;
    readonly membersServed: number | null;
    readonly valueBp: number | null;
    readonly targetBp: number;
    readonly meetsTarget: boolean | null;
    /** The plan's path: each year's target from its first year. */
    readonly path: readonly { readonly year: number; readonly targetBp: number }[];
  };
  readonly serviceSpend: {
    readonly allocatedFen: number | null;
    readonly paidFen: number | null;
    readonly valueBp: number | null;
    readonly floorBp: number;
    readonly meetsFloor: boolean | null;
  };
  readonly satisfaction: {
    readonly count: number | null;
    readonly mean: number | null;
    /** Answers rated 1 to 5. */
    readonly ratings: readonly number[] | null;
  };
  readonly claims: {
    readonly submitted: number;
    readonly open: number;
    readonly paid: number;
    readonly rejected: number;
    readonly failed: number;
  } | null;
}

const levelOf = (unit: Unit): EvaluationRow['level'] =>
  unit.tier === 'grassroots' ? 'unit' : unit.tier === 'city' ? 'city' : 'district';

/**
 * GET /plan-figures?year=&unitCode=: the plan's figures of the caller's scope, read from the hourly
 * snapshot (one item): staff their unit (or a unit of their subtree), auditors and admins the city (or
 * any unit). Nothing is computed on the request.
 */
export async function readPlanFigures(
  deps: Pick<Deps, 'registry' | 'now'> & { readonly planFigures: PlanFiguresStore },
  request: { identity: Identity; query: Record<string, string | undefined> },
): Promise<PlanFigures> {
  const parsed = PlanFiguresQuery.safeParse(request.query);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { identity } = request;
  const year = parsed.data.year ?? beijingYear(deps.now());
  const everyUnit = identity.roles.includes('admin') || identity.roles.includes('auditor');
  const scope = everyUnit ? null : await staffScope(deps.registry, identity);
  if (!everyUnit && scope === null)
    throw new Forbidden('the plan’s figures are for union staff, auditors and admins');
  const code = parsed.data.unitCode ?? (everyUnit ? null : identity.unitCode);
  const unit = code === null ? null : await deps.registry.getUnit(code);
  if (code !== null && unit === null) {
    throw new Invalid([{ field: 'unitCode', message: 'is not a unit of the registry' }]);
  }
  if (unit !== null && scope !== null && !isInSubtree(unit.path, scope)) {
    throw new Forbidden('this unit is outside the units you serve', {
      errors: [{ field: 'unitCode', message: 'is outside the units you serve' }],
    });
  }
  const level = unit === null ? 'city' : levelOf(unit);
  const stored = await deps.planFigures.get(year, level, unit?.code ?? '');
  return figuresView(year, { level, unit }, stored?.row ?? null, stored?.computedAt ?? null);
}

function figuresView(
  year: number,
  scope: { level: EvaluationRow['level']; unit: Unit | null },
  row: EvaluationRow | null,
  computedAt: string | null,
): PlanFigures {
  const targets = DEFAULT_COVERAGE_TARGETS;
  const lastYear = Math.max(targets.fullYear, year);
  const path = Array.from({ length: lastYear - targets.startYear + 1 }, (_, i) => ({
    year: targets.startYear + i,
    targetBp: coverageTargetBp(targets.startYear + i, targets),
  }));
  return {
    year,
    scope: {
      level: scope.level,
      unitCode: scope.unit?.code ?? row?.unitCode ?? null,
      name: scope.unit?.name ?? row?.unitName ?? null,
      nameEn: scope.unit?.nameEn ?? row?.unitNameEn ?? null,
    },
    computedAt,
    coverage: {
      registeredMembers: row?.registeredMembers ?? null,
      membersServed: row?.membersServed ?? null,
      valueBp: row?.coverageBp ?? null,
      targetBp: row?.coverageTargetBp ?? coverageTargetBp(year, targets),
      meetsTarget: row?.meetsCoverageTarget ?? null,
      path,
    },
    serviceSpend: {
      allocatedFen: row?.budgetAllocatedFen ?? null,
      paidFen: row?.budgetPaidFen ?? null,
      valueBp: row?.budgetUsedBp ?? null,
      floorBp: row?.serviceSpendFloorBp ?? SERVICE_SPEND_FLOOR_BP,
      meetsFloor: row?.meetsServiceSpendFloor ?? null,
    },
    satisfaction: {
      count: row?.satisfactionCount ?? null,
      mean: row?.satisfactionMean ?? null,
      ratings:
        row === null
          ? null
          : [row.satisfaction1, row.satisfaction2, row.satisfaction3, row.satisfaction4, row.satisfaction5],
    },
    claims:
      row === null
        ? null
        : {
            submitted: row.claimsSubmitted,
            open: row.claimsOpen,
            paid: row.claimsPaid,
            rejected: row.claimsRejected,
            failed: row.claimsFailed,
          },
  };
}
