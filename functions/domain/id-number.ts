/**
 * The mainland 18-digit resident identity number (GB 11643-1999) and mainland mobile numbers.
 *
 * Layout: 6-digit administrative area code, 8-digit birth date `yyyymmdd`, 3-digit sequence (odd last
 * digit: male, even: female), 1 check digit (ISO 7064 MOD 11-2: `0`–`9` or `X`).
 */
import { createHmac } from 'node:crypto';
import { beijingDate } from './calendar.ts';

const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FIRST17 = /^\d{17}$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const EARLIEST_BIRTH_YEAR = 1900;

export type Sex = 'male' | 'female';

export type ParsedIdNumber =
  | { readonly ok: true; readonly areaCode: string; readonly birthDate: string; readonly sex: Sex }
  | { readonly ok: false; readonly reason: 'format' | 'birth-date' | 'check-digit' };

/** The check digit for the first 17 digits: weighted sum mod 11 mapped to `1 0 X 9 8 7 6 5 4 3 2`. */
export function checkDigit(first17: string): string {
  if (!FIRST17.test(first17)) {
    throw new RangeError('checkDigit needs exactly 17 decimal digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Parse and validate an 18-digit resident identity number.
 * Checks, in order: the format (17 digits and a digit or `X`/`x`), the birth date (a real calendar date,
 * not before 1900 and not after `today` in Beijing), and the check digit.
 */
export function parseIdNumber(s: string, today: Date = new Date()): ParsedIdNumber {
  if (!ID_NUMBER.test(s)) return { ok: false, reason: 'format' };
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (year < EARLIEST_BIRTH_YEAR || !isCalendarDate(year, month, day) || birthDate > beijingDate(today)) {
    return { ok: false, reason: 'birth-date' };
  }
  if (checkDigit(s.slice(0, 17)) !== s.charAt(17).toUpperCase()) {
    return { ok: false, reason: 'check-digit' };
  }
  const sex: Sex = Number(s.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, areaCode: s.slice(0, 6), birthDate, sex };
}

/** First 6 characters, 8 `*`, last 4 characters: `110105********1234`. */
export function maskIdNumber(s: string): string {
  if (s.length !== 18) {
    throw new RangeError('maskIdNumber needs an 18-character identity number');
  }
  const upper = s.toUpperCase();
  return `${upper.slice(0, 6)}${'*'.repeat(8)}${upper.slice(14)}`;
}

/** Hex HMAC-SHA-256 of the upper-cased number with `key`: a stable lookup key that does not store it. */
export function hashIdNumber(s: string, key: string): string {
  if (key.length === 0) {
    throw new RangeError('hashIdNumber needs a non-empty key');
  }
  return createHmac('sha256', key).update(s.toUpperCase(), 'utf8').digest('hex');
}

/**
 * Build a valid identity number from an area code (6 digits), an ISO birth date and a sequence 0..999
 * (its last digit sets the sex: odd male, even female).
 */
export function makeIdNumber(areaCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(areaCode)) {
    throw new RangeError('makeIdNumber needs a 6-digit area code');
  }
  const date = ISO_DATE.exec(birthDate);
  if (date === null) {
    throw new RangeError('makeIdNumber needs an ISO birth date yyyy-mm-dd');
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError('makeIdNumber needs an integer sequence 0..999');
  }
  const first17 = `${areaCode}${date[1]}${date[2]}${date[3]}${String(sequence).padStart(3, '0')}`;
  const idNumber = `${first17}${checkDigit(first17)}`;
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) {
    throw new RangeError(`makeIdNumber cannot build a valid number: ${parsed.reason}`);
  }
  return idNumber;
}

/** A mainland mobile number: 11 digits, `1[3-9]` then 9 digits. */
export function isMainlandMobile(s: string): boolean {
  return MAINLAND_MOBILE.test(s);
}
