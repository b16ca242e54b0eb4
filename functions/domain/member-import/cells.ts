/**
 * Cell values as Excel writes them into CSV, read into canonical form: dates, flags, status, mobile and
 * identity numbers. Each function returns null for a value it cannot read.
 */
import type { MemberStatus } from '../registry.ts';

const NON_ASCII = /[^\x20-\x7e]/;

/** Full-width digits and letters (１２３, Ｘ) folded to ASCII, surrounding space and tabs dropped. */
export function cleanCell(cell: string | undefined): string {
  if (cell === undefined) return '';
  const text = NON_ASCII.test(cell) ? cell.normalize('NFKC') : cell;
  return text.trim();
}

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A calendar date as `YYYY-MM-DD` from `2023-01-09`, `2023/1/9`, `2023.1.9`, `2023/1/9 0:00`,
 * `2023年1月9日` or `20230109`; null when it is none of these or not a real date (years 1900–2199).
 */
export function parseCellDate(cell: string): string | null {
  const match = ISO_LIKE.exec(cell) ?? CHINESE.exec(cell) ?? COMPACT.exec(cell);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const TRUE_VALUES = new Set(['是', 'y', 'yes', '1', 'true', 't', '√']);
const FALSE_VALUES = new Set(['否', 'n', 'no', '0', 'false', 'f', '']);

/** 是/否, Y/N, 1/0, true/false (any case); an empty cell is false. */
export function parseFlag(cell: string): boolean | null {
  const value = cell.toLowerCase();
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return null;
}

const STATUSES: ReadonlyMap<string, MemberStatus> = new Map([
  ['在会', 'active'],
  ['正常', 'active'],
  ['active', 'active'],
  ['', 'active'],
  ['暂停', 'suspended'],
  ['suspended', 'suspended'],
  ['离会', 'left'],
  ['退会', 'left'],
  ['left', 'left'],
]);

/** 在会/正常/active, 暂停/suspended, 离会/退会/left; an empty cell is active. */
export function parseStatus(cell: string): MemberStatus | null {
  return STATUSES.get(cell.toLowerCase()) ?? null;
}

/** A mainland mobile with spaces or dashes between digit groups and an optional +86 / 86 prefix. */
export function normalizeMobile(cell: string): string {
  const digits = cell.replace(/[\s-]/g, '');
  return /^(\+?86)1\d{10}$/.test(digits) ? digits.slice(digits.length - 11) : digits;
}

/** An identity number without spaces, an Excel text mark `'`, and with a lower-case `x` made upper case. */
export function normalizeIdNumber(cell: string): string {
  return cell.replace(/^'/, '').replace(/\s/g, '').toUpperCase();
}

/** Excel showed a long number in scientific notation (`1.10105E+17`) and the CSV kept it that way. */
export function isScientificNotation(cell: string): boolean {
  return /^\d(\.\d+)?E\+\d+$/i.test(cell);
}
