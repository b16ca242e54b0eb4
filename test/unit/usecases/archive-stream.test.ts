import { describe, expect, it } from 'vitest';
import { archivedFromStream } from '../../../functions/usecases/archive-stream.ts';

const HASH = 'a'.repeat(64);
const image = (over: Record<string, { S?: string; N?: string }> = {}) => ({
  type: { S: 'event' },
  claimId: { S: 'C01TEST' },
  seq: { N: '3' },
  hash: { S: HASH },
  prevHash: { S: 'b'.repeat(64) },
  at: { S: '2026-12-05T01:00:00.000Z' },
  ...over,
});

describe('archivedFromStream', () => {
  it('archives inserted and modified audit events, and skips other items, removals and unchained events', () => {
    const records = [
      { eventID: '1', eventName: 'INSERT', dynamodb: { NewImage: image() } },
      { eventID: '2', eventName: 'MODIFY', dynamodb: { NewImage: image({ hash: { S: 'c'.repeat(64) } }) } },
      { eventID: '3', eventName: 'REMOVE', dynamodb: {} },
      { eventID: '4', eventName: 'INSERT', dynamodb: { NewImage: image({ type: { S: 'claim' } }) } },
      { eventID: '5', eventName: 'INSERT', dynamodb: { NewImage: image({ hash: {} }) } },
    ];
    expect(archivedFromStream(records)).toEqual([
      {
        id: '1',
        event: {
          claimId: 'C01TEST',
          seq: 3,
          hash: HASH,
          prevHash: 'b'.repeat(64),
          at: '2026-12-05T01:00:00.000Z',
        },
      },
      {
        id: '2',
        event: {
          claimId: 'C01TEST',
          seq: 3,
          hash: 'c'.repeat(64),
          prevHash: 'b'.repeat(64),
          at: '2026-12-05T01:00:00.000Z',
        },
      },
    ]);
  });
});
