import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ExportJob, ExportJobs } from '../../ports/exports.ts';
import { exportKeys, stripKeys } from './keys.ts';

/** `EXPORT#<id>` items in the claims table; the byMember index partition `EXPORTS` lists them by time. */
export class DynamoExportJobs implements ExportJobs {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(job: ExportJob): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...exportKeys.job(job.exportId),
          type: 'export',
          gsi1pk: exportKeys.listPartition,
          gsi1sk: `${job.requestedAt}#${job.exportId}`,
          ...job,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async finish(
    exportId: string,
    outcome: Pick<ExportJob, 'status' | 'finishedAt' | 'files' | 'counts' | 'error'>,
  ): Promise<void> {
    const entries = Object.entries(outcome).filter(([, v]) => v !== undefined);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: exportKeys.job(exportId),
        UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :running',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
          ':running': 'RUNNING',
        },
      }),
    );
  }

  async get(exportId: string): Promise<ExportJob | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: exportKeys.job(exportId), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<ExportJob>(out.Item);
  }

  async list(limit: number): Promise<ExportJob[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': exportKeys.listPartition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<ExportJob>(item));
  }
}
