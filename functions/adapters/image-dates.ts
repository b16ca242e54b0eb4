import exifr from 'exifr';
import { exifInstant } from '../domain/fraud/documents.ts';
import type { ImageDates } from '../ports/thumbnails.ts';

/** The image types whose embedded date is read (exifr reads EXIF from JPEG, PNG and HEIC; PDF carries none). */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/heic']);

/**
 * The embedded date of an image with exifr (pure JavaScript): EXIF DateTimeOriginal, else CreateDate,
 * read as the raw text and turned into an instant with OffsetTimeOriginal, or as Beijing time
 * (domain/fraud/documents.ts `exifInstant`). Unreadable metadata counts as none.
 */
export class ExifImageDates implements ImageDates {
  async takenAt(bytes: Uint8Array, contentType: string): Promise<string | null> {
    if (!IMAGE_TYPES.has(contentType)) return null;
    let tags: Record<string, unknown> | undefined;
    try {
      tags = await exifr.parse(bytes, {
        pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTime'],
        reviveValues: false,
      });
    } catch {
      return null;
    }
    if (tags === undefined) return null;
    const raw = text(tags.DateTimeOriginal) ?? text(tags.CreateDate);
    if (raw === null) return null;
    return exifInstant(raw, text(tags.OffsetTimeOriginal) ?? text(tags.OffsetTime));
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
