import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageLog, MessageState } from '../../ports/message-log.ts';
import { isConditionFailure } from './conditions.ts';
import { claimKeys } from './keys.ts';

/** How long a message's record is kept (DynamoDB TTL): longer than any redrive or retry of its step. */
export const MESSAGE_RECORD_TTL_SECONDS = 400 * 86_400;

/** Message records in the claims table; they hold the key, channel and times, never the address or text. */
export class DynamoMessageLog implements MessageLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async begin(key: string, entry: { channel: 'email' | 'sms'; at: string }): Promise<MessageState> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...claimKeys.message(key),
            type: 'message',
            key,
            channel: entry.channel,
            state: 'PENDING',
            attempts: 1,
            createdAt: entry.at,
            ttl: Math.floor(Date.parse(entry.at) / 1000) + MESSAGE_RECORD_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'new';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.message(key), ConsistentRead: true }),
    );
    if (out.Item?.state === 'SENT') return 'sent';
    // Another attempt: count it, so that an operator sees which messages may have gone out twice.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.message(key),
        UpdateExpression: 'SET attempts = attempts + :one, lastAttemptAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ':at': entry.at },
      }),
    );
    return 'pending';
  }

  async markSent(key: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.message(key),
        UpdateExpression: 'SET #state = :sent, sentAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':at': at },
      }),
    );
  }
}
