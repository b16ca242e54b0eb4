import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Approver, Budget, Member, Unit } from '../../domain/registry.ts';
import type { RegistryStore } from '../../ports/registry-store.ts';
import { registryKeys, stripKeys } from './keys.ts';

const BATCH = 25;

export class DynamoRegistryStore implements RegistryStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getMember(memberId: string): Promise<Member | null> {
    return this.getItem<Member>(registryKeys.member(memberId));
  }

  async getUnit(code: string): Promise<Unit | null> {
    return this.getItem<Unit>(registryKeys.unit(code));
  }

  async listApprovers(unitCode: string): Promise<Approver[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registryKeys.unit(unitCode).pk, ':prefix': 'APPROVER#' },
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<Approver>(item));
  }

  async getBudget(unitCode: string, programId: string, year: number): Promise<Budget | null> {
    const item = await this.getItem<Budget & { availableFen?: number }>(
      registryKeys.budget(unitCode, programId, year),
    );
    if (item === null) return null;
    const { availableFen: _available, ...budget } = item;
    return budget;
  }

  async putAll(records: Parameters<RegistryStore['putAll']>[0]): Promise<void> {
    const items: Record<string, unknown>[] = [
      ...(records.units ?? []).map((u) => ({ ...registryKeys.unit(u.code), type: 'unit', ...u })),
      ...(records.approvers ?? []).map((a) => ({
        ...registryKeys.approver(a.unitCode, a.approverId),
        type: 'approver',
        ...a,
      })),
      ...(records.members ?? []).map((m) => ({ ...registryKeys.member(m.memberId), type: 'member', ...m })),
      ...(records.budgets ?? []).map((b) => ({
        ...registryKeys.budget(b.unitCode, b.programId, b.year),
        type: 'budget',
        ...b,
        availableFen: b.allocatedFen - b.paidFen,
      })),
    ];
    for (let i = 0; i < items.length; i += BATCH) {
      let pending = items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8)
          throw new Error('DynamoDB kept returning unprocessed items while loading the registry');
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = (out.UnprocessedItems?.[this.table] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  private async getItem<T>(key: { pk: string; sk: string }): Promise<T | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    return out.Item === undefined ? null : stripKeys<T>(out.Item);
  }
}
