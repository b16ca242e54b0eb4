import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../../../functions/domain/documents/document.ts';
import { checkDocument, sniffContentType } from '../../../../functions/domain/documents/verify.ts';
import { HEIC_HEAD, JPEG_HEAD, PNG_1X1, pdfInvoice, sha256 } from '../../../fixtures/documents.ts';

const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

describe('document checks', () => {
  describe('sniffContentType', () => {
    it('reads the four accepted types from their bytes', async () => {
      expect(await sniffContentType(PNG_1X1)).toBe('image/png');
      expect(await sniffContentType(JPEG_HEAD)).toBe('image/jpeg');
      expect(await sniffContentType(HEIC_HEAD)).toBe('image/heic');
      expect(await sniffContentType(pdfInvoice())).toBe('application/pdf');
    });

    it('names another type by its MIME type, and bytes of no known type as null (a name says nothing)', async () => {
      expect(await sniffContentType(GIF)).toBe('image/gif');
      expect(
        await sniffContentType(Buffer.from('invoice.pdf, but plain text: Total CNY 3200.00', 'utf8')),
      ).toBeNull();
      expect(await sniffContentType(new Uint8Array(0))).toBeNull();
    });
  });

  describe('checkDocument', () => {
    const pdf = pdfInvoice();
    const declared = { contentType: 'application/pdf' as const, bytes: pdf.length, sha256: sha256(pdf) };

    it('passes bytes that are what was declared', async () => {
      expect(await checkDocument(declared, pdf)).toBeNull();
    });

    it('refuses, naming the field: oversize, another size, another type, another hash', async () => {
      const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
      expect(await checkDocument({ ...declared, bytes: big.length }, big)).toMatchObject({
        code: 'too-large',
        field: 'bytes',
      });
      expect(await checkDocument({ ...declared, bytes: pdf.length + 1 }, pdf)).toMatchObject({
        code: 'size-mismatch',
        field: 'bytes',
        reason: `the file has ${pdf.length} bytes, not the ${pdf.length + 1} declared`,
      });
      expect(
        await checkDocument({ ...declared, bytes: PNG_1X1.length, sha256: sha256(PNG_1X1) }, PNG_1X1),
      ).toMatchObject({
        code: 'type-mismatch',
        field: 'contentType',
        reason: 'the file is image/png, not the application/pdf declared',
      });
      expect(await checkDocument({ ...declared, sha256: sha256(PNG_1X1) }, pdf)).toMatchObject({
        code: 'hash-mismatch',
        field: 'sha256',
      });
    });

    it('accepts a HEIC photo declared image/heic, and refuses it declared image/jpeg', async () => {
      const heic = { contentType: 'image/heic' as const, bytes: HEIC_HEAD.length, sha256: sha256(HEIC_HEAD) };
      expect(await checkDocument(heic, HEIC_HEAD)).toBeNull();
      expect(await checkDocument({ ...heic, contentType: 'image/jpeg' }, HEIC_HEAD)).toMatchObject({
        code: 'type-mismatch',
      });
    });
  });
});
