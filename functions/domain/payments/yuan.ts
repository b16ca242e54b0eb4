import { type Fen, formatFen } from '../money.ts';

/** `123456` fen → `"1234.56"` yuan, for bank files: integer arithmetic only. */
export function fenToYuan(fen: Fen): string {
  return formatFen(fen);
}

const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/**
 * `"1234.56"` (or `"1234.5"`, `"1234"`) → `123456` fen; null for anything else: signs, exponents,
 * thousands separators, more than two decimals, spaces inside. Never goes through a float.
 */
export function parseYuan(text: string): Fen | null {
  const match = YUAN.exec(text.trim());
  if (match === null) return null;
  const [, whole = '0', cents = ''] = match;
  const fen = Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
