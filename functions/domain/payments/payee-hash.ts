/**
 * The payee details a payout goes to, pinned in the claim's hash chain. The chained events carry
 * `payeeHash`, never the details themselves (audit events are shown to members, staff and auditors):
 *
 *   payeeHash = hex(SHA-256("payee-v1\n" + claimId + "\n" + name + "\n" + bankName + "\n" + account))
 *
 * with the name and bank NFC-normalised, trimmed and inner whitespace collapsed, and the account number
 * reduced to its digits and letters (spaces and dashes dropped). The claim id salts the hash, so equal
 * details of two claims hash apart and no table of precomputed hashes serves all claims. It is unkeyed on
 * purpose: an auditor can check it against the payee item with no secret, and rotating a key never
 * breaks old chains.
 */
import { createHash } from 'node:crypto';

export interface PayeeDetails {
  readonly name: string;
  readonly bankName: string;
  readonly accountNumber: string;
}

const text = (value: string) => value.normalize('NFC').trim().replace(/\s+/gu, ' ');
const account = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();

export function payeeHashOf(claimId: string, payee: PayeeDetails): string {
  const canonical = [
    'payee-v1',
    claimId,
    text(payee.name),
    text(payee.bankName),
    account(payee.accountNumber),
  ];
  return createHash('sha256').update(canonical.join('\n'), 'utf8').digest('hex');
}
