import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beijingDate, beijingDaysThrough } from '../../domain/calendar.ts';
import type { AuditEvent } from '../../domain/claim.ts';
import type { AuditDigestStore, DailyDigest } from '../../ports/audit-digest-store.ts';
import { isConditionFailure } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll } from './query.ts';

const digestKey = (date: string) => ({ pk: `DIGEST#${date}`, sk: 'DIGEST' });

/**
 * The daily digest's store for the scheduled job: a day's events through the index of changes (one
 * partition per Beijing day), not a scan of the table; digests as `DIGEST#<date>`, written once.
 */
export class DynamoAuditDigestStore implements AuditDigestStore {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async eventsBetween(fromIso: string, toIso: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    const last = beijingDate(new Date(Date.parse(toIso) - 1));
    for (const day of beijingDaysThrough(Date.parse(fromIso), last)) {
      const items = await queryAll<AuditEvent>(this.doc, {
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :day AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':day': claimKeys.changes(day), ':from': fromIso, ':to': toIso },
      });
      events.push(...items.filter((e) => e.at >= fromIso && e.at < toIso));
    }
    return events;
  }

  async getDigest(date: string): Promise<DailyDigest | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: digestKey(date), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<DailyDigest>(out.Item);
  }

  async putDigestIfAbsent(digest: DailyDigest): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...digestKey(digest.date), type: 'digest', ...digest },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
