import sharp from 'sharp';
import {
  THUMBNAIL_SOURCE_TYPES,
  THUMBNAIL_WIDTH,
  type Thumbnail,
  type Thumbnails,
} from '../ports/thumbnails.ts';

/**
 * An image of more pixels than this is refused before it is decoded (a 10 MB PNG can claim billions of
 * pixels); 50 megapixels is more than any phone camera takes.
 */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Thumbnails made with sharp (libvips): decoded from JPEG or PNG, rotated upright by the EXIF orientation,
 * scaled to THUMBNAIL_WIDTH, written as a baseline JPEG. sharp writes no metadata unless asked, so EXIF
 * (GPS, camera serial), XMP and ICC profiles are stripped.
 */
export class SharpThumbnails implements Thumbnails {
  async make(bytes: Uint8Array, contentType: string): Promise<Thumbnail | null> {
    if (!THUMBNAIL_SOURCE_TYPES.has(contentType)) return null;
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), contentType: 'image/jpeg', width: info.width, height: info.height };
  }
}
