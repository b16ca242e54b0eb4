import { describe, expect, it } from 'vitest';
import { ExifImageDates } from '../../../functions/adapters/image-dates.ts';
import { photoJpeg, photoPng, smallPdf } from '../../fixtures/images.ts';

const dates = new ExifImageDates();

describe('ExifImageDates', () => {
  describe('takenAt', () => {
    it('reads DateTimeOriginal with its offset', async () => {
      const photo = await photoJpeg({ takenAt: '2026:12:03 10:11:12', offset: '+01:00' });
      expect(await dates.takenAt(photo, 'image/jpeg')).toBe('2026-12-03T09:11:12.000Z');
    });

    it('reads a date without an offset as Beijing time', async () => {
      const photo = await photoJpeg({ takenAt: '2026:12:03 10:11:12' });
      expect(await dates.takenAt(photo, 'image/jpeg')).toBe('2026-12-03T02:11:12.000Z');
    });

    it('gives null for an image without a date, a PDF and broken bytes', async () => {
      expect(await dates.takenAt(await photoJpeg(), 'image/jpeg')).toBeNull();
      expect(await dates.takenAt(await photoPng(), 'image/png')).toBeNull();
      expect(await dates.takenAt(smallPdf(), 'application/pdf')).toBeNull();
      expect(await dates.takenAt(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 4, 1]), 'image/jpeg')).toBeNull();
    });
  });
});
