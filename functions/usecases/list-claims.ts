import { type Claim, type ClaimStatus, standingPayout } from '../domain/claim.ts';
import { Forbidden, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { maskName } from '../domain/member-audit.ts';
import type { ClaimList, ClaimListSource } from '../ports/claim-list.ts';
import { ClaimListQuery } from '../schemas/claim-list.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import type { Deps } from './deps.ts';
import { beijingDayStart, encodeCursor, listFloor, pageStart, scopedSource, unitsOf } from './list-scope.ts';

interface Label {
  readonly zh: string;
  readonly en: string;
}

/** One row of the claims list: what the console's table shows, the member's name masked. */
export interface ClaimRow {
  readonly claimId: string;
  readonly memberId: string;
  readonly memberNameMasked: string | null;
  readonly unit: { readonly code: string; readonly name: string; readonly nameEn: string } | null;
  readonly program: { readonly id: string } & Label;
  readonly benefit: { readonly id: string } & Label;
  /** The amount the rules set (null before they ran, or when they refused). */
  readonly amountFen: number | null;
  /** What was paid and stands (null if nothing). */
  readonly paidFen: number | null;
  readonly status: ClaimStatus;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

export interface ClaimListAnswer {
  readonly claims: readonly ClaimRow[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * GET /claims: a page of claims, newest first. Admins and auditors see every unit's, union staff their
 * subtree's, a member their own; `unitCode` narrows to a unit (its subtree), which must be within the
 * caller's. Read through the claims list's indexes (adapters/dynamodb/claim-list.ts), never a scan.
 */
export async function listClaims(
  deps: Pick<Deps, 'registry' | 'programs' | 'now'> & { readonly claimList: ClaimList },
  request: { identity: Identity; query: Record<string, string | undefined> },
): Promise<ClaimListAnswer> {
  const parsed = ClaimListQuery.safeParse(request.query);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const query = parsed.data;
  const { identity } = request;
  const before = pageStart(query, deps.now());
  const source = await sourceOf(deps, identity, query.unitCode);
  const page = await deps.claimList.page({
    source: source.source,
    from: query.from === undefined ? listFloor(deps.now()) : beijingDayStart(query.from),
    before,
    accept: (claim) =>
      (query.status === undefined || claim.status === query.status) &&
      (query.programId === undefined || claim.program === query.programId) &&
      (source.unitCode === null || claim.unitCode === source.unitCode),
    limit: query.limit,
  });
  const rows = await rowsOf(deps, page.items);
  return { claims: rows, nextCursor: page.next === null ? null : encodeCursor(page.next) };
}

/** Where the caller's page is read, and the unit every claim must have (a member filtering by unit). */
async function sourceOf(
  deps: Pick<Deps, 'registry'>,
  identity: Identity,
  unitCode: string | undefined,
): Promise<{ source: ClaimListSource; unitCode: string | null }> {
  const everyUnit = identity.roles.includes('admin') || identity.roles.includes('auditor');
  const scoped = await scopedSource(deps, identity, everyUnit, unitCode);
  if (scoped !== null) return { source: scoped, unitCode: null };
  if (identity.roles.includes('member') && identity.memberId !== null) {
    return { source: { kind: 'member', memberId: identity.memberId }, unitCode: unitCode ?? null };
  }
  throw new Forbidden('members, union staff, auditors and admins list claims');
}

async function rowsOf(
  deps: Pick<Deps, 'registry' | 'programs'>,
  claims: readonly Claim[],
): Promise<ClaimRow[]> {
  const [unitOf, versions] = await Promise.all([
    unitsOf(
      deps,
      claims.map((c) => c.unitCode),
    ),
    deps.programs.listVersions(),
  ]);
  const latest = new Map(versions.map((v) => [v.programId, v]));
  return claims.map((claim) => {
    const unit = claim.unitCode === null ? undefined : unitOf.get(claim.unitCode);
    const program = latest.get(claim.program);
    const benefit = program?.benefits.find((b) => b.id === claim.benefit);
    return {
      claimId: claim.claimId,
      memberId: claim.memberId,
      memberNameMasked: claim.memberName ? maskName(claim.memberName) : null,
      unit: unit === undefined ? null : { code: unit.code, name: unit.name, nameEn: unit.nameEn },
      program: { id: claim.program, zh: program?.zh ?? claim.program, en: program?.en ?? claim.program },
      benefit: { id: claim.benefit, zh: benefit?.zh ?? claim.benefit, en: benefit?.en ?? claim.benefit },
      amountFen: claim.rules?.passed ? claim.rules.amountFen : null,
      paidFen: standingPayout(claim)?.amountFen ?? null,
      status: claim.status,
      submittedAt: claim.submittedAt,
      updatedAt: claim.updatedAt,
    };
  });
}
