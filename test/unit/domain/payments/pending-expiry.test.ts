import { describe, expect, it } from 'vitest';
import {
  hasExpired,
  PAYEE_CHANGE_EXPIRY_DAYS,
  pendingExpiresAt,
  RECONCILIATION_EXPIRY_DAYS,
  reconciliationExpiresAt,
} from '../../../../functions/domain/payments/pending-expiry.ts';
import { UPLOAD_RETENTION_DAYS } from '../../../../functions/domain/uploads/upload.ts';

describe('pending expiry', () => {
  describe('pendingExpiresAt', () => {
    it('adds the period in whole days to the start', () => {
      expect(pendingExpiresAt('2026-11-03T12:00:00.000Z', PAYEE_CHANGE_EXPIRY_DAYS)).toBe(
        '2026-11-17T12:00:00.000Z',
      );
    });
  });

  describe('hasExpired', () => {
    it('is false before the instant and true from it on', () => {
      const at = '2026-11-17T12:00:00.000Z';
      expect(hasExpired(at, new Date('2026-11-17T11:59:59.999Z'))).toBe(false);
      expect(hasExpired(at, new Date(at))).toBe(true);
      expect(hasExpired(at, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
    });
  });

  describe('reconciliationExpiresAt', () => {
    it('is the stored expiry, or for one stored before reconciliations expired, the upload and the period', () => {
      const uploadedAt = '2026-11-01T08:00:00.000Z';
      expect(reconciliationExpiresAt({ uploadedAt, expiresAt: '2026-11-02T00:00:00.000Z' })).toBe(
        '2026-11-02T00:00:00.000Z',
      );
      expect(reconciliationExpiresAt({ uploadedAt })).toBe('2026-11-15T08:00:00.000Z');
    });

    it('ends before the uploaded file it reads is removed', () => {
      expect(RECONCILIATION_EXPIRY_DAYS).toBeLessThan(UPLOAD_RETENTION_DAYS);
    });
  });
});
