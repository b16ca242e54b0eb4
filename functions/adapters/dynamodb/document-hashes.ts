import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocumentOnClaim } from '../../domain/fraud/documents.ts';
import type { DocumentHashes } from '../../ports/document-hashes.ts';
import { queryAll } from './query.ts';
import type { TransactItem } from './transact.ts';

export const documentHashKeys = (document: Pick<DocumentOnClaim, 'sha256' | 'claimId' | 'documentId'>) => ({
  pk: `DOCHASH#${document.sha256}`,
  sk: `CLAIM#${document.claimId}#DOC#${document.documentId}`,
});

/**
 * The document filed under its hash, in the transaction that stores it (a retried store writes the same
 * item again). Holds ids, the kind and the hash only: no file name, no object key.
 */
export function documentHashItem(table: string, document: DocumentOnClaim, storedAt: string): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...documentHashKeys(document),
        type: 'document-hash',
        claimId: document.claimId,
        memberId: document.memberId,
        documentId: document.documentId,
        kind: document.kind,
        sha256: document.sha256,
        storedAt,
      },
    },
  };
}

export class DynamoDocumentHashes implements DocumentHashes {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async filedWith(sha256: string, limit = 100): Promise<DocumentOnClaim[]> {
    const items = await queryAll<DocumentOnClaim & { storedAt: string }>(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOCHASH#${sha256}` },
        ConsistentRead: true,
      },
      limit,
    );
    return items.map(({ claimId, memberId, documentId, kind, sha256: hash }) => ({
      claimId,
      memberId,
      documentId,
      kind,
      sha256: hash,
    }));
  }
}
