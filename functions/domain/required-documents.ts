import type { BenefitDef } from '../schemas/programs.ts';

/** How long a claim waits for its required documents when its benefit names no window. */
export const DEFAULT_DOCUMENTS_WINDOW_DAYS = 30;

/**
 * The document kinds a benefit requires that are not among the claim's STORED documents, in the order
 * the benefit lists them. A benefit that requires none (or no benefit at all) misses nothing. Pure.
 */
export function missingDocuments(
  benefit: Pick<BenefitDef, 'requiredDocuments'> | null | undefined,
  storedKinds: Iterable<string>,
): string[] {
  const stored = new Set(storedKinds);
  return (benefit?.requiredDocuments ?? []).filter((kind) => !stored.has(kind));
}

/** The days a claim of this benefit waits for its required documents. */
export function documentsWindowDays(
  benefit: Pick<BenefitDef, 'documentsWindowDays'> | null | undefined,
): number {
  return benefit?.documentsWindowDays ?? DEFAULT_DOCUMENTS_WINDOW_DAYS;
}

/** The reason a claim is rejected with when its window closes without them. */
export function documentsNotReceivedReason(missing: readonly string[]): string {
  return `required documents not received: ${missing.join(', ')}`;
}
