/** Money is integer fen (1 CNY = 100 fen) end to end; never a float. */
export type Fen = number;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function yuanToFen(yuan: number): Fen {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`whole yuan expected, got ${yuan}`);
  return yuan * 100;
}

/** `123456` → `1234.56` (for display and bank files only). */
export function formatFen(fen: Fen): string {
  if (!isFen(fen)) throw new RangeError(`fen must be a non-negative safe integer, got ${fen}`);
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return `${yuan}.${cents.toString().padStart(2, '0')}`;
}
