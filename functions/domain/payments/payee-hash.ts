import { createHash } from 'node:crypto';

/**
 * SHA-256 of a payee's details (name, bank, account number, in that order, as JSON): recorded in audit
 * events instead of the details themselves, so the record shows which details a change carried.
 */
export function payeeSha256(payee: {
  readonly name: string;
  readonly bankName: string;
  readonly accountNumber: string;
}): string {
  return createHash('sha256')
    .update(JSON.stringify([payee.name, payee.bankName, payee.accountNumber]))
    .digest('hex');
}

/** SHA-256 of a link token: what is stored of a public link, so the table never holds a usable token. */
export function linkHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
