import type { ArchivedEvent } from '../domain/audit-archive.ts';

/** The part of a DynamoDB stream record the archiver reads (NEW_IMAGE, attribute values as the stream gives them). */
export interface StreamRecordLike {
  readonly eventID?: string;
  readonly eventName?: string;
  readonly dynamodb?: { readonly NewImage?: Record<string, { S?: string; N?: string }> };
}

/**
 * The archive records of a batch of stream records: every chained audit event inserted or modified
 * (a modified event is archived again under its new hash, next to the original: a rewrite shows).
 * Other items (claims, payouts, links…) and unchained events are skipped.
 */
export function archivedFromStream(records: readonly StreamRecordLike[]): {
  id: string;
  event: ArchivedEvent;
}[] {
  const out: { id: string; event: ArchivedEvent }[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') continue;
    const image = record.dynamodb?.NewImage;
    if (image?.type?.S !== 'event') continue;
    const claimId = image.claimId?.S;
    const seq = Number(image.seq?.N);
    const hash = image.hash?.S;
    const prevHash = image.prevHash?.S;
    const at = image.at?.S;
    if (claimId === undefined || !Number.isInteger(seq) || hash === undefined || prevHash === undefined)
      continue;
    out.push({ id: record.eventID ?? '', event: { claimId, seq, hash, prevHash, at: at ?? '' } });
  }
  return out;
}
