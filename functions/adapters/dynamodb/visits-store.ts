import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ServiceVisit, VisitsStore } from '../../ports/visits-store.ts';
import { firstConditionFailed } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';

const IDEMPOTENCY_TTL_SECONDS = 90 * 86_400;

function bodyHash(visit: ServiceVisit): string {
  const { visitId: _id, recordedAt: _at, ...body } = visit;
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export class DynamoVisitsStore implements VisitsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(visit: ServiceVisit, idempotencyKey: string) {
    const idemKey = claimKeys.idempotency(visit.recordedBy.id, `visit:${idempotencyKey}`);
    const hash = bodyHash(visit);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...idemKey,
                  type: 'idempotency',
                  visitId: visit.visitId,
                  bodyHash: hash,
                  ttl: Math.floor(Date.parse(visit.recordedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...claimKeys.visit(visit.visitId),
                  type: 'visit',
                  gsi1pk: claimKeys.byMember(visit.memberId),
                  gsi1sk: `VISIT#${visit.visitedOn}#${visit.visitId}`,
                  ...visit,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { recorded: true } as const;
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      const out = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: idemKey, ConsistentRead: true }),
      );
      if (out.Item === undefined) throw error;
      return {
        recorded: false,
        visitId: String(out.Item.visitId),
        sameBody: out.Item.bodyHash === hash,
      } as const;
    }
  }

  async listForMember(memberId: string): Promise<ServiceVisit[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :visit)',
        ExpressionAttributeValues: { ':pk': claimKeys.byMember(memberId), ':visit': 'VISIT#' },
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<ServiceVisit>(item));
  }
}
