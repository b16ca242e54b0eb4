import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EvaluationRow } from '../../domain/evaluation/rows.ts';
import type { PlanFiguresStore, StoredPlanFigures } from '../../ports/plan-figures.ts';
import { mapLimited } from './batch.ts';
import { stripKeys } from './keys.ts';

/** A year's figures of a unit, district or the city: one item each, replaced by every hourly run. */
export const figuresKey = (year: number, level: EvaluationRow['level'], unitCode: string) => ({
  pk: `FIGURES#${year}`,
  // The city's row under `city` alone: a reader of the whole federation need not know the root's code.
  sk: level === 'city' ? 'city' : `${level}#${unitCode}`,
});

export class DynamoPlanFiguresStore implements PlanFiguresStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(year: number, computedAt: string, rows: readonly EvaluationRow[]): Promise<void> {
    // One PutItem a row, eight at a time: a few hundred rows an hour.
    await mapLimited(rows, 8, (row) =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...figuresKey(year, row.level, row.unitCode), type: 'figures', year, computedAt, row },
        }),
      ),
    );
  }

  async get(
    year: number,
    level: EvaluationRow['level'],
    unitCode: string,
  ): Promise<StoredPlanFigures | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: figuresKey(year, level, unitCode) }),
    );
    return out.Item === undefined ? null : stripKeys<StoredPlanFigures>(out.Item);
  }
}
