import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { RecordEvent } from '../../domain/audit.ts';
import { DEFAULT_CATALOG } from '../../domain/programs/catalog.ts';
import { type ProgramVersionRef, versionRef } from '../../domain/programs/versions.ts';
import type { ProgramsStore } from '../../ports/programs-store.ts';
import type { ProgramVersion } from '../../schemas/programs.ts';
import { firstConditionFailed } from './conditions.ts';
import { registryKeys } from './keys.ts';
import { queryAll } from './query.ts';

export class DynamoProgramsStore implements ProgramsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly builtIn: readonly ProgramVersion[] = DEFAULT_CATALOG,
  ) {}

  async listVersions(): Promise<ProgramVersion[]> {
    const added = (await this.partition<{ definition: ProgramVersion }>(registryKeys.programs().pk)).map(
      (item) => item.definition,
    );
    const byKey = new Map<string, ProgramVersion>();
    for (const version of [...this.builtIn, ...added])
      byKey.set(`${version.programId}#${version.version}`, version);
    return [...byKey.values()].sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
    );
  }

  async getVersion(programId: string, ref: ProgramVersionRef): Promise<ProgramVersion | null> {
    const builtIn = this.builtIn.find((v) => v.programId === programId && v.version === ref.version);
    if (builtIn !== undefined) return builtIn.effectiveFrom === ref.effectiveFrom ? builtIn : null;
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: registryKeys.programs({ programId, ...versionRef(ref) }),
        ConsistentRead: true,
      }),
    );
    return (out.Item?.definition as ProgramVersion | undefined) ?? null;
  }

  async addVersion(version: ProgramVersion, event: RecordEvent): Promise<'added' | 'exists'> {
    if (this.isBuiltIn(version)) return 'exists';
    const put = {
      Put: {
        TableName: this.table,
        Item: { ...registryKeys.programs(version), type: 'program-version', definition: version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    return (await this.writeWithEvent(put, version.programId, event)) ? 'added' : 'exists';
  }

  async removeVersion(version: ProgramVersion, event: RecordEvent): Promise<'removed' | 'missing'> {
    if (this.isBuiltIn(version)) return 'missing';
    const remove = {
      Delete: {
        TableName: this.table,
        Key: registryKeys.programs(version),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
    return (await this.writeWithEvent(remove, version.programId, event)) ? 'removed' : 'missing';
  }

  /** Built-in catalogue versions are never stored, so never added or removed. */
  private isBuiltIn(version: ProgramVersion): boolean {
    return this.builtIn.some((v) => v.programId === version.programId && v.version === version.version);
  }

  /** One write of a program version and its audit event, in one transaction; false when its condition failed. */
  private async writeWithEvent(
    write: NonNullable<TransactWriteCommandInput['TransactItems']>[number],
    programId: string,
    event: RecordEvent,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            write,
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...registryKeys.programEvent(programId, event.at, randomUUID()),
                  type: 'event',
                  ...event,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (firstConditionFailed(error)) return false;
      throw error;
    }
  }

  history(programId: string): Promise<RecordEvent[]> {
    return this.partition<RecordEvent>(registryKeys.programEvent(programId, '', '').pk);
  }

  private partition<T>(pk: string): Promise<T[]> {
    return queryAll<T>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    });
  }
}
