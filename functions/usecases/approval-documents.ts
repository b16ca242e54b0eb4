/** A stored document as the approval page lists it (never its object key). */
export interface PageDocument {
  readonly documentId: string;
  readonly kind: string;
  readonly contentType: string;
  readonly bytes: number;
  /** A server-made thumbnail (JPEG, PNG), or a plain labelled link (PDF, HEIC). */
  readonly preview: 'thumbnail' | 'link';
}
