import type { Upload } from '../domain/uploads/upload.ts';

/** Staff's file uploads as items of the claims table (`UPLOAD#<uploadId>` / `UPLOAD`). */
export interface UploadsStore {
  /** Records an upload form issued (status PENDING). */
  create(upload: Upload): Promise<void>;
  getUpload(uploadId: string): Promise<Upload | null>;
  /**
   * Marks a PENDING upload of this person USED; false when it was not PENDING any more (taken meanwhile),
   * so an upload is used once.
   */
  markUsed(uploadId: string, by: string, at: string): Promise<boolean>;
}
