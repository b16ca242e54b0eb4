/**
 * A failed e-mail or SMS as the record keeps it: the error's name only (e.g. `ThrottlingException`,
 * `MessageRejected`). The provider's text can name the recipient (an unverified address, a number), so
 * it never reaches a claim's timeline; the operator log gets it with contacts removed.
 */
export function deliveryErrorName(error: unknown): string {
  if (!(error instanceof Error)) return 'UnknownError';
  return /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/.test(error.name) ? error.name : 'Error';
}

/** Provider text for the operator log: e-mail addresses and phone numbers removed, one line, bounded. */
export function redactContacts(text: string): string {
  return text
    .replace(/[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g, '[address]')
    .replace(/\+?\d[\d ()-]{5,}\d/g, '[number]')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** The operator log's fields about a message that was not delivered (logged as `message not delivered`). */
export function deliveryFailureFields(
  error: unknown,
  context: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  return {
    ...context,
    error: deliveryErrorName(error),
    detail: error instanceof Error ? redactContacts(error.message) : '',
  };
}
