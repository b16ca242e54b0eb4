import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { log } from '../logging/logger.ts';
import { archivedFromStream, type StreamRecordLike } from '../usecases/archive-stream.ts';
import { auditArchive } from '../wiring.ts';

/**
 * The claims table's stream (NEW_IMAGE, filtered to audit events): each event is copied to the audit
 * archive (the Object Lock bucket) within a minute of its commit. A record that fails is reported, so
 * the stream retries from it (at least once; a record archived twice is the same object twice).
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const archive = await auditArchive();
  if (archive === null) throw new Error('no audit archive configured (AUDIT_ARCHIVE_BUCKET)');
  for (const { id, event: record } of archivedFromStream(event.Records as StreamRecordLike[])) {
    try {
      await archive.append([record]);
    } catch (error) {
      log.error('audit event not archived', {
        claimId: record.claimId,
        seq: record.seq,
        error: (error as Error).name,
      });
      return { batchItemFailures: [{ itemIdentifier: id }] };
    }
  }
  return { batchItemFailures: [] };
};
