/** A document of a claim as a ticket's request counts it. */
export interface RequestedDocumentCandidate {
  readonly kind: string;
  readonly status: 'PENDING' | 'STORED';
  readonly storedAt?: string | null | undefined;
}

/** What a ticket asked the member for, and when. */
export interface AskedDocuments {
  readonly kinds: readonly string[];
  readonly at: string;
}

/**
 * The claim's documents that answer a ticket's request: STORED, of a kind asked for, and stored at or
 * after the request (a paper on the claim before it was asked for is what staff asked to replace).
 */
export function answeringDocuments<D extends RequestedDocumentCandidate>(
  request: AskedDocuments,
  documents: readonly D[],
): D[] {
  return documents.filter(
    (d) =>
      d.status === 'STORED' &&
      request.kinds.includes(d.kind) &&
      d.storedAt !== undefined &&
      d.storedAt !== null &&
      d.storedAt >= request.at,
  );
}

/** The kinds asked for that no answering document is of yet, in the order asked. */
export function requestedMissing(
  request: AskedDocuments,
  documents: readonly RequestedDocumentCandidate[],
): string[] {
  const have = new Set(answeringDocuments(request, documents).map((d) => d.kind));
  return request.kinds.filter((kind) => !have.has(kind));
}
