import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { linkTtl } from '../../domain/ids.ts';
import type { DocumentWait, DocumentWaits } from '../../ports/document-waits.ts';
import { isConditionFailure } from './conditions.ts';
import { stripKeys } from './keys.ts';

/** The claim's wait, in its partition. */
const waitKey = (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'DOCWAIT' });
/**
 * The member's upload link, under the SHA-256 of its token (the token is never stored): a documents
 * wait's, or a correction ticket's document request's (the item then names the ticket's round).
 */
export const uploadLinkKey = (linkHash: string) => ({ pk: `UPLOADLINK#${linkHash}`, sk: 'UPLOADLINK' });

/**
 * `CLAIM#<id> / DOCWAIT` holds the wait; `UPLOADLINK#<sha256(token)>` points the upload page at it and
 * expires by TTL after the window did.
 */
export class DynamoDocumentWaits implements DocumentWaits {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async open(wait: DocumentWait): Promise<DocumentWait> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...waitKey(wait.claimId), type: 'document-wait', ...wait },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const stored = (await this.get(wait.claimId)) ?? wait;
    // The link item repeats what it points to; writing it again is harmless.
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...uploadLinkKey(stored.linkHash),
          type: 'upload-link',
          claimId: stored.claimId,
          expiresAt: stored.dueAt,
          ttl: linkTtl(stored.dueAt),
        },
      }),
    );
    return stored;
  }

  async get(claimId: string): Promise<DocumentWait | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: waitKey(claimId), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<DocumentWait>(out.Item);
  }

  async getByLink(linkHash: string): Promise<DocumentWait | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: uploadLinkKey(linkHash), ConsistentRead: true }),
    );
    const claimId = out.Item?.claimId;
    if (typeof claimId !== 'string') return null;
    const wait = await this.get(claimId);
    return wait !== null && wait.linkHash === linkHash ? wait : null;
  }

  async setTaskToken(claimId: string, taskToken: string): Promise<void> {
    await this.update(claimId, 'SET taskToken = :value', taskToken);
  }

  async markNotified(claimId: string): Promise<void> {
    await this.update(claimId, 'SET notified = :value', true);
  }

  async markResumed(claimId: string, taskToken: string): Promise<void> {
    await this.update(claimId, 'SET resumedToken = :value', taskToken);
  }

  private async update(claimId: string, expression: string, value: unknown): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: waitKey(claimId),
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':value': value },
      }),
    );
  }
}
