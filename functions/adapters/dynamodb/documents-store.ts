import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimDocument } from '../../domain/documents/document.ts';
import type { DocumentsStore } from '../../ports/documents-store.ts';
import { isConditionFailure } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll } from './query.ts';
import type { TransactItem } from './transact.ts';

/** A day past its target's expiry, DynamoDB's TTL removes a PENDING item whose bytes never came. */
const PENDING_TTL_GRACE_SECONDS = 86_400;

/**
 * The item of a document that passed its checks, committed with the claim's audit event: it replaces
 * the PENDING item of its upload target (or is new, for bytes that came without one), never a STORED one.
 */
export function storeDocumentItem(table: string, document: ClaimDocument): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...claimKeys.document(document.claimId, document.documentId), type: 'document', ...document },
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'PENDING' },
    },
  };
}

export class DynamoDocumentsStore implements DocumentsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createPending(document: ClaimDocument): Promise<void> {
    const expires = Date.parse(document.expiresAt ?? document.uploadedAt);
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...claimKeys.document(document.claimId, document.documentId),
          type: 'document',
          ttl: Math.floor(expires / 1000) + PENDING_TTL_GRACE_SECONDS,
          ...document,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getDocument(claimId: string, documentId: string): Promise<ClaimDocument | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: claimKeys.document(claimId, documentId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : stripKeys<ClaimDocument>(out.Item);
  }

  async listDocuments(claimId: string): Promise<ClaimDocument[]> {
    const documents = await queryAll<ClaimDocument>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':doc': 'DOC#' },
      ConsistentRead: true,
    });
    return documents.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt));
  }

  async removePending(claimId: string, documentId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKeys.document(claimId, documentId),
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      // None, or STORED meanwhile: nothing to remove.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
