/** Small previews of stored images for the approval page, made server-side (an image library behind this port). */
export interface Thumbnail {
  readonly bytes: Uint8Array;
  readonly contentType: 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

/** The types a thumbnail is made of; others (HEIC, PDF) are shown as a plain link. */
export const THUMBNAIL_SOURCE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png']);

/** Width of a thumbnail in pixels (an image narrower than this keeps its width). */
export const THUMBNAIL_WIDTH = 320;

export interface Thumbnails {
  /**
   * A JPEG at most THUMBNAIL_WIDTH wide, turned upright by its EXIF orientation, with no metadata (no
   * EXIF, GPS or ICC profile). Null for a type it does not make thumbnails of; throws for bytes it cannot decode.
   */
  make(bytes: Uint8Array, contentType: string): Promise<Thumbnail | null>;
}

/** When a stored image was taken, as the image itself says (EXIF DateTimeOriginal). */
export interface ImageDates {
  /** The ISO instant the image carries, or null when it carries none (or is not an image). */
  takenAt(bytes: Uint8Array, contentType: string): Promise<string | null>;
}
