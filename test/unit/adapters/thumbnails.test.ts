import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SharpThumbnails } from '../../../functions/adapters/thumbnails.ts';
import { photoJpeg, photoPng, smallPdf } from '../../fixtures/images.ts';

const thumbnails = new SharpThumbnails();

describe('SharpThumbnails', () => {
  describe('make', () => {
    it('turns a sideways phone photo upright, 320 px wide, as a JPEG without its metadata', async () => {
      // Prepare: 1200 × 800 pixels stored sideways (orientation 6), with a date and camera tags.
      const photo = await photoJpeg({ orientation: 6, takenAt: '2026:12:01 10:00:00' });
      // Act
      const thumb = await thumbnails.make(photo, 'image/jpeg');
      // Assess
      expect(thumb).toMatchObject({ contentType: 'image/jpeg', width: 320, height: 480 });
      const meta = await sharp(thumb?.bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 480 });
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(await exifr.parse(thumb?.bytes ?? new Uint8Array())).toBeUndefined();
      expect(thumb?.bytes.length).toBeLessThan(photo.length);
    });

    it('makes a JPEG of a PNG with transparency, and keeps a small image its size', async () => {
      const thumb = await thumbnails.make(await photoPng(200, 100), 'image/png');
      expect(thumb).toMatchObject({ contentType: 'image/jpeg', width: 200, height: 100 });
      expect((await sharp(thumb?.bytes).metadata()).format).toBe('jpeg');
    });

    it('makes none of a PDF or a HEIC image (shown as a link)', async () => {
      expect(await thumbnails.make(smallPdf(), 'application/pdf')).toBeNull();
      expect(await thumbnails.make(await photoJpeg(), 'image/heic')).toBeNull();
    });

    it('throws for bytes that do not decode', async () => {
      const broken = (await photoJpeg()).slice(0, 300);
      await expect(thumbnails.make(broken, 'image/jpeg')).rejects.toThrow();
    });
  });
});
