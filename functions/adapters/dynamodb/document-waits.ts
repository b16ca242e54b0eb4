import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/claim.ts';
import type { ClaimDocument } from '../../domain/documents/document.ts';
import { linkTtl } from '../../domain/ids.ts';
import type { DocumentsAndWait, DocumentWait, DocumentWaits } from '../../ports/document-waits.ts';
import { firstConditionFailed, isConditionFailure } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryPages } from './query.ts';

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

  /**
   * A first open writes the wait and its link in one transaction (the wait as given is what is
   * stored: nothing is read back); a wait opened before is read, and its link written again (harmless).
   */
  async open(wait: DocumentWait): Promise<DocumentWait> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...waitKey(wait.claimId), type: 'document-wait', ...wait },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: this.linkItem(wait) } },
          ],
        }),
      );
      return wait;
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
    }
    const stored = (await this.get(wait.claimId)) ?? wait;
    await this.doc.send(new PutCommand({ TableName: this.table, Item: this.linkItem(stored) }));
    return stored;
  }

  /** The link item repeats what it points to. */
  private linkItem(wait: DocumentWait): Record<string, unknown> {
    return {
      ...uploadLinkKey(wait.linkHash),
      type: 'upload-link',
      claimId: wait.claimId,
      expiresAt: wait.dueAt,
      ttl: linkTtl(wait.dueAt),
    };
  }

  async get(claimId: string): Promise<DocumentWait | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: waitKey(claimId), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<DocumentWait>(out.Item);
  }

  /** One Query from the first document (`DOC#…`) to the wait (`DOCWAIT`), which sorts right after them. */
  getWithDocuments(claimId: string): Promise<DocumentsAndWait> {
    return this.readPartition(claimId, waitKey(claimId).sk);
  }

  /**
   * One Query from the first document to the claim (`META`): the documents, the wait, and the events,
   * flags and hold that sort between them (skipped), instead of a GetItem, a Query and a GetItem.
   */
  async getWithClaim(claimId: string): Promise<DocumentsAndWait & { claim: Claim | null }> {
    return this.readPartition(claimId, claimKeys.meta(claimId).sk);
  }

  private async readPartition(
    claimId: string,
    to: string,
  ): Promise<DocumentsAndWait & { claim: Claim | null }> {
    const { pk } = claimKeys.meta(claimId);
    const documents: ClaimDocument[] = [];
    let wait: DocumentWait | null = null;
    let claim: Claim | null = null;
    for await (const page of queryPages(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :doc AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':doc': 'DOC#', ':to': to },
      ConsistentRead: true,
    })) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk.startsWith('DOC#')) documents.push(stripKeys<ClaimDocument>(item));
        else if (sk === waitKey(claimId).sk) wait = stripKeys<DocumentWait>(item);
        else if (sk === claimKeys.meta(claimId).sk) claim = stripKeys<Claim>(item);
      }
    }
    documents.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt));
    return { documents, wait, claim };
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

  async setTaskToken(claimId: string, taskToken: string): Promise<boolean> {
    try {
      await this.update(claimId, 'SET taskToken = :value', taskToken);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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
