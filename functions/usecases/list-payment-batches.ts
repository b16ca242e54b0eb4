import { Forbidden, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { BatchList } from '../ports/batch-list.ts';
import type { PaymentBatch } from '../ports/payments-store.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { BatchListQuery } from '../schemas/list-query.ts';
import type { Deps } from './deps.ts';
import { encodeCursor, listFloor, pageStart, scopedSource, unitsOf } from './list-scope.ts';

/** One row of the batches list. */
export interface BatchRow {
  readonly batchId: string;
  readonly unit: { readonly code: string; readonly name: string; readonly nameEn: string };
  /** The Beijing day whose payouts it holds. */
  readonly date: string;
  /** `cutting` while its payouts are assigned; `cut` once its lines are fixed. */
  readonly status: PaymentBatch['status'];
  readonly createdAt: string;
  /** Who cut it (the token's subject). */
  readonly cutBy: string;
  readonly count: number;
  readonly totalFen: number;
  /** Where its bank file is downloaded (and, with `Accept: application/json`, its lines' state). */
  readonly file: string;
}

/**
 * GET /payment-batches?unitCode=&cursor=&limit=: the payment batches newest first, for staff (their
 * subtree's paying units) and admins (every unit's); read through the byUnit / byMonth indexes.
 */
export async function listPaymentBatches(
  deps: Pick<Deps, 'registry' | 'now'> & { readonly batchList: BatchList },
  request: { identity: Identity; query: Record<string, string | undefined> },
): Promise<{ batches: BatchRow[]; nextCursor: string | null }> {
  const parsed = BatchListQuery.safeParse(request.query);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const query = parsed.data;
  const { identity } = request;
  const source = await scopedSource(deps, identity, identity.roles.includes('admin'), query.unitCode);
  if (source === null) throw new Forbidden('payment batches are for union staff and admins');
  const page = await deps.batchList.page({
    source,
    from: listFloor(deps.now()),
    before: pageStart(query, deps.now()),
    accept: () => true,
    limit: query.limit,
  });
  const units = await unitsOf(
    deps,
    page.items.map((b) => b.unitCode),
  );
  return {
    batches: page.items.map((batch) => {
      const unit = units.get(batch.unitCode);
      return {
        batchId: batch.batchId,
        unit: {
          code: batch.unitCode,
          name: unit?.name ?? batch.unitCode,
          nameEn: unit?.nameEn ?? batch.unitCode,
        },
        date: batch.date,
        status: batch.status,
        createdAt: batch.createdAt,
        cutBy: batch.createdBy,
        count: batch.count,
        totalFen: batch.totalFen,
        file: `/payment-batches/${batch.batchId}`,
      };
    }),
    nextCursor: page.next === null ? null : encodeCursor(page.next),
  };
}
