import { describe, expect, it } from 'vitest';
import { type ClaimDocument, shownDocuments } from '../../../../functions/domain/documents/document.ts';

const doc = (documentId: string, status: ClaimDocument['status'], expiresAt?: string): ClaimDocument =>
  ({
    claimId: 'C1',
    documentId,
    kind: 'invoice',
    contentType: 'application/pdf',
    bytes: 10,
    sha256: '0'.repeat(64),
    status,
    uploadedAt: '2026-12-05T10:00:00.000Z',
    ...(expiresAt === undefined ? {} : { expiresAt }),
  }) as ClaimDocument;

describe('shownDocuments', () => {
  it('shows stored documents and pending ones whose upload target is still open, never an expired or undated pending one', () => {
    // Prepare
    const now = new Date('2026-12-05T10:05:00.000Z');
    const documents = [
      doc('stored', 'STORED'),
      doc('open', 'PENDING', '2026-12-05T10:15:00.000Z'),
      doc('expired', 'PENDING', '2026-12-05T10:04:59.000Z'),
      doc('undated', 'PENDING'),
    ];

    // Act
    const shown = shownDocuments(documents, now);

    // Assess
    expect(shown.map((d) => [d.documentId, d.status])).toEqual([
      ['stored', 'STORED'],
      ['open', 'PENDING'],
    ]);
    expect(Object.keys(shown[0] ?? {})).not.toContain('expiresAt');
  });
});
