/**
 * The payee details a payout goes to, pinned in the claim's hash chain. The chained events carry
 * `payeeHash`, never the details themselves (audit events are shown to members, staff and auditors):
 *
 *   payeeHash = hex(scrypt("payee-v1\n" + name + "\n" + bankName + "\n" + account,
 *                          salt = "payee-v1:" + claimId, N = 2^14, r = 8, p = 1, 32 bytes))
 *
 * with the name and bank NFC-normalised, trimmed and inner whitespace collapsed, and the account number
 * reduced to its digits and letters (spaces and dashes dropped), upper-cased. The claim id salts it, so
 * equal details of two claims hash apart and no precomputed table serves all claims. It is unkeyed on
 * purpose (an auditor can check it against the payee item with no secret, and no key rotation ever
 * breaks old chains), and slow on purpose: a bank account has few unknown digits once its bank and its
 * masked last four are known, and a fast hash would give it away to anyone who can read the events.
 */
import { scryptSync } from 'node:crypto';

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

/** scrypt cost: about 40 ms a hash on one core, 16 MiB of memory. */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export function payeeHashOf(claimId: string, payee: PayeeDetails): string {
  const canonical = ['payee-v1', text(payee.name), text(payee.bankName), account(payee.accountNumber)];
  return scryptSync(canonical.join('\n'), `payee-v1:${claimId}`, 32, SCRYPT).toString('hex');
}
