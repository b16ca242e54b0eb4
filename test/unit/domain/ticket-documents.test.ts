import { describe, expect, it } from 'vitest';
import { answeringDocuments, requestedMissing } from '../../../functions/domain/ticket-documents.ts';

const request = { kinds: ['certificate', 'invoice'], at: '2026-12-01T08:00:00.000Z' };

describe('ticket documents', () => {
  describe('answeringDocuments', () => {
    it('counts STORED documents of a kind asked for, stored at or after the request', () => {
      const docs = [
        { kind: 'certificate', status: 'STORED', storedAt: '2026-12-01T08:00:00.000Z' },
        { kind: 'certificate', status: 'STORED', storedAt: '2026-11-30T08:00:00.000Z' },
        { kind: 'invoice', status: 'PENDING', storedAt: null },
        { kind: 'court-document', status: 'STORED', storedAt: '2026-12-02T08:00:00.000Z' },
      ] as const;
      expect(answeringDocuments(request, docs)).toEqual([docs[0]]);
    });
  });

  describe('requestedMissing', () => {
    it('names the kinds asked for that nothing answers yet, in the order asked', () => {
      expect(requestedMissing(request, [])).toEqual(['certificate', 'invoice']);
      expect(
        requestedMissing(request, [
          { kind: 'invoice', status: 'STORED', storedAt: '2026-12-03T00:00:00.000Z' },
        ]),
      ).toEqual(['certificate']);
      // A paper on the claim before the request is what staff asked to replace: it does not count.
      expect(
        requestedMissing(request, [
          { kind: 'certificate', status: 'STORED', storedAt: '2026-11-01T00:00:00.000Z' },
          { kind: 'invoice', status: 'STORED', storedAt: '2026-12-03T00:00:00.000Z' },
        ]),
      ).toEqual(['certificate']);
    });
  });
});
