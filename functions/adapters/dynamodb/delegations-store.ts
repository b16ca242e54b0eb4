import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { RecordEvent } from '../../domain/audit.ts';
import type { Approver } from '../../domain/registry.ts';
import type { Delegation, DelegationsStore } from '../../ports/delegations-store.ts';
import { stripKeys } from './keys.ts';
import { scanPages } from './query.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Keys of the delegation registry (in the registry table). */
export const delegationKeys = {
  delegation: (approverId: string) => ({ pk: `DEPUTY#${approverId}`, sk: 'DEPUTY' }),
  event: (approverId: string, at: string, id: string) => ({
    pk: `AUDIT#DEPUTY#${approverId}`,
    sk: `${at}#${id}`,
  }),
};

const READ_BATCH = 100;

export class DynamoDelegationsStore implements DelegationsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findApprover(approverId: string): Promise<Approver | null> {
    // Approvers are keyed under their unit; the registry has no index by approver id, and setting a
    // deputy is rare, so a filtered scan finds one.
    const pages = scanPages(this.doc, {
      TableName: this.table,
      FilterExpression: 'sk = :sk AND begins_with(pk, :unit)',
      ExpressionAttributeValues: { ':sk': `APPROVER#${approverId}`, ':unit': 'UNIT#' },
    });
    for await (const page of pages) {
      const item = page.Items?.[0];
      if (item !== undefined) return stripKeys<Approver>(item);
    }
    return null;
  }

  async get(approverId: string): Promise<Delegation | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: delegationKeys.delegation(approverId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : stripKeys<Delegation>(out.Item);
  }

  async getMany(approverIds: readonly string[]): Promise<Map<string, Delegation>> {
    const found = new Map<string, Delegation>();
    const ids = [...new Set(approverIds)];
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + READ_BATCH).map(delegationKeys.delegation);
      for (let attempt = 0; keys.length > 0 && attempt < 10; attempt++) {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const delegation = stripKeys<Delegation>(item);
          found.set(delegation.approverId, delegation);
        }
        keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  async put(approverId: string, delegation: Delegation | null, event: RecordEvent): Promise<void> {
    const key = delegationKeys.delegation(approverId);
    const write: TransactItem =
      delegation === null
        ? { Delete: { TableName: this.table, Key: key } }
        : { Put: { TableName: this.table, Item: { ...key, type: 'deputy', ...delegation } } };
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          write,
          {
            Put: {
              TableName: this.table,
              Item: { ...delegationKeys.event(approverId, event.at, randomUUID()), type: 'event', ...event },
            },
          },
        ],
      }),
    );
  }

  async history(approverId: string): Promise<RecordEvent[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': delegationKeys.event(approverId, '', '').pk },
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<RecordEvent>(item));
  }
}
