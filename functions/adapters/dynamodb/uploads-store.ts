import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { UPLOAD_RETENTION_DAYS, type Upload } from '../../domain/uploads/upload.ts';
import type { UploadsStore } from '../../ports/uploads-store.ts';
import { isConditionFailure } from './conditions.ts';
import { stripKeys } from './keys.ts';

const uploadKey = (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' });

/** The item goes with its object: DynamoDB's TTL removes it when the bucket's lifecycle removes the file. */
const TTL_SECONDS = UPLOAD_RETENTION_DAYS * 86_400;

export class DynamoUploadsStore implements UploadsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(upload: Upload): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...uploadKey(upload.uploadId),
          type: 'upload',
          ttl: Math.floor(Date.parse(upload.createdAt) / 1000) + TTL_SECONDS,
          ...upload,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getUpload(uploadId: string): Promise<Upload | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: uploadKey(uploadId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return null;
    return stripKeys<Upload>(out.Item);
  }

  async markUsed(uploadId: string, by: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: uploadKey(uploadId),
          UpdateExpression: 'SET #status = :used, usedAt = :at',
          ConditionExpression: '#status = :pending AND uploadedBy = :by',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':used': 'USED', ':pending': 'PENDING', ':at': at, ':by': by },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
