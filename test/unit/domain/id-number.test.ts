import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDigit,
  hashIdNumber,
  isMainlandMobile,
  makeIdNumber,
  maskIdNumber,
  parseIdNumber,
} from '../../../functions/domain/id-number.ts';

/** Complete 17 digits with their check digit (used to build numbers that fail only on the birth date). */
function withCheckDigit(first17: string): string {
  return `${first17}${checkDigit(first17)}`;
}

/**
 * Worked examples (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → `1 0 X 9 8 7 6 5 4 3 2`):
 * - 11010519491231002: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → `X`
 * - 44052418800101001: 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → `4`
 * - 11010819900307123: 7+9+0+5+0+32+2+9+54+0+0+27+0+35+8+8+6 = 202; 202 mod 11 = 4 → `8`
 */
const VALID_WITH_X = '11010519491231002X';
const VALID_MALE = '110108199003071238';
const TODAY = new Date('2024-06-15T00:00:00Z');

describe('id-number', () => {
  describe('checkDigit', () => {
    it('maps the weighted sum mod 11 to the check character, including X', () => {
      // Assess
      expect(checkDigit('11010519491231002')).toBe('X');
      expect(checkDigit('44052418800101001')).toBe('4');
      expect(checkDigit('11010819900307123')).toBe('8');
    });

    it('rejects input that is not exactly 17 digits', () => {
      expect(() => checkDigit('1101051949123100')).toThrow(RangeError);
      expect(() => checkDigit('110105194912310021')).toThrow(RangeError);
      expect(() => checkDigit('1101051949123100X')).toThrow(RangeError);
    });
  });

  describe('parseIdNumber', () => {
    it('accepts a valid number and reads its area code, birth date and sex', () => {
      // Act
      const parsed = parseIdNumber(VALID_MALE, TODAY);

      // Assess
      expect(parsed).toEqual({ ok: true, areaCode: '110108', birthDate: '1990-03-07', sex: 'male' });
    });

    it('accepts an X check digit in upper or lower case, and reads an even sequence digit as female', () => {
      const expected = { ok: true, areaCode: '110105', birthDate: '1949-12-31', sex: 'female' };
      expect(parseIdNumber(VALID_WITH_X, TODAY)).toEqual(expected);
      expect(parseIdNumber(VALID_WITH_X.toLowerCase(), TODAY)).toEqual(expected);
    });

    it('rejects a wrong check digit', () => {
      expect(parseIdNumber('110108199003071239', TODAY)).toEqual({ ok: false, reason: 'check-digit' });
      expect(parseIdNumber('110105194912310020', TODAY)).toEqual({ ok: false, reason: 'check-digit' });
    });

    it('rejects a malformed number as format', () => {
      for (const bad of [
        '',
        '11010819900307123',
        '1101081990030712388',
        '11010819900307X238',
        'X10108199003071238',
        '110108-19900307123',
        ' 110108199003071238',
        '１１０１０８１９９００３０７１２３８',
      ]) {
        expect(parseIdNumber(bad, TODAY)).toEqual({ ok: false, reason: 'format' });
      }
    });

    it('accepts 29 February only in leap years', () => {
      // Prepare: 2000 and 2004 are leap years; 1900 (century not divisible by 400) and 2003 are not.
      const leap2000 = withCheckDigit('11010120000229001');
      const leap2004 = withCheckDigit('11010120040229002');
      const notLeap1900 = withCheckDigit('11010119000229003');
      const notLeap2003 = withCheckDigit('11010120030229004');

      // Assess
      expect(parseIdNumber(leap2000, TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
      expect(parseIdNumber(leap2004, TODAY)).toMatchObject({ ok: true, birthDate: '2004-02-29' });
      expect(parseIdNumber(notLeap1900, TODAY)).toEqual({ ok: false, reason: 'birth-date' });
      expect(parseIdNumber(notLeap2003, TODAY)).toEqual({ ok: false, reason: 'birth-date' });
    });

    it('rejects impossible calendar dates', () => {
      for (const date of ['19900230', '19900431', '19901301', '19900001', '19900100', '19900132']) {
        expect(parseIdNumber(withCheckDigit(`110101${date}001`), TODAY)).toEqual({
          ok: false,
          reason: 'birth-date',
        });
      }
    });

    it('rejects birth dates before 1900 and accepts 1900-01-01', () => {
      expect(parseIdNumber('440524188001010014', TODAY)).toEqual({ ok: false, reason: 'birth-date' });
      expect(parseIdNumber(withCheckDigit('11010118991231001'), TODAY)).toEqual({
        ok: false,
        reason: 'birth-date',
      });
      expect(parseIdNumber(withCheckDigit('11010119000101001'), TODAY)).toMatchObject({ ok: true });
    });

    it('rejects birth dates after today, judged in Beijing time', () => {
      // Prepare: 2024-06-15 00:00 UTC is 08:00 in Beijing; 18:00 UTC is already 16 June in Beijing.
      const bornToday = withCheckDigit('11010120240615001');
      const bornTomorrow = withCheckDigit('11010120240616001');
      const lateEvening = new Date('2024-06-15T18:00:00Z');

      // Assess
      expect(parseIdNumber(bornToday, TODAY)).toMatchObject({ ok: true });
      expect(parseIdNumber(bornTomorrow, TODAY)).toEqual({ ok: false, reason: 'birth-date' });
      expect(parseIdNumber(bornTomorrow, lateEvening)).toMatchObject({ ok: true });
      expect(parseIdNumber(withCheckDigit('11010130000101001'))).toEqual({ ok: false, reason: 'birth-date' });
    });

    it('checks the birth date before the check digit', () => {
      // Prepare: an impossible date (30 February) and a check digit that is wrong as well.
      const first17 = '11010119900230001';
      const wrongCheck = checkDigit(first17) === '0' ? '1' : '0';

      // Assess
      expect(parseIdNumber(`${first17}${wrongCheck}`, TODAY)).toEqual({ ok: false, reason: 'birth-date' });
    });
  });

  describe('maskIdNumber', () => {
    it('keeps the first 6 and last 4 characters and stars the 8 between', () => {
      expect(maskIdNumber('110105199001011234')).toBe('110105********1234');
      expect(maskIdNumber(VALID_MALE)).toBe('110108********1238');
    });

    it('upper-cases an x check digit', () => {
      expect(maskIdNumber(VALID_WITH_X.toLowerCase())).toBe('110105********002X');
    });

    it('refuses anything that is not 18 characters rather than leak it', () => {
      expect(() => maskIdNumber('1101051990')).toThrow(RangeError);
      expect(() => maskIdNumber('')).toThrow(RangeError);
    });
  });

  describe('hashIdNumber', () => {
    it('is a stable 64-character hex HMAC-SHA-256 for the same number and key', () => {
      // Act
      const first = hashIdNumber(VALID_MALE, 'key-one');
      const second = hashIdNumber(VALID_MALE, 'key-one');

      // Assess
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toBe(first);
    });

    it('matches the HMAC-SHA-256 test value computed independently', async () => {
      // Prepare: the same HMAC through Web Crypto, a separate implementation.
      const key = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode('key-one'),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(VALID_WITH_X));
      const expected = Buffer.from(mac).toString('hex');

      // Assess
      expect(hashIdNumber(VALID_WITH_X, 'key-one')).toBe(expected);
    });

    it('hashes the upper-cased number, so x and X give the same hash', () => {
      expect(hashIdNumber(VALID_WITH_X.toLowerCase(), 'k')).toBe(hashIdNumber(VALID_WITH_X, 'k'));
    });

    it('differs with the key and with the number', () => {
      const base = hashIdNumber(VALID_MALE, 'key-one');
      expect(hashIdNumber(VALID_MALE, 'key-two')).not.toBe(base);
      expect(hashIdNumber(VALID_WITH_X, 'key-one')).not.toBe(base);
    });

    it('refuses an empty key', () => {
      expect(() => hashIdNumber(VALID_MALE, '')).toThrow(RangeError);
    });
  });

  describe('makeIdNumber', () => {
    it('builds the number from area code, birth date, zero-padded sequence and check digit', () => {
      expect(makeIdNumber('110108', '1990-03-07', 123)).toBe(VALID_MALE);
      expect(makeIdNumber('110105', '1949-12-31', 2)).toBe(VALID_WITH_X);
    });

    it('round-trips through parseIdNumber, with the sex from the sequence parity', () => {
      // Act
      const male = parseIdNumber(makeIdNumber('110115', '2002-02-28', 7));
      const female = parseIdNumber(makeIdNumber('110115', '1965-11-30', 998));

      // Assess
      expect(male).toEqual({ ok: true, areaCode: '110115', birthDate: '2002-02-28', sex: 'male' });
      expect(female).toEqual({ ok: true, areaCode: '110115', birthDate: '1965-11-30', sex: 'female' });
    });

    it('refuses bad area codes, dates and sequences', () => {
      expect(() => makeIdNumber('11010', '1990-01-01', 1)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '19900101', 1)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '1990-02-30', 1)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '1899-12-31', 1)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '1990-01-01', 1000)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '1990-01-01', -1)).toThrow(RangeError);
      expect(() => makeIdNumber('110101', '1990-01-01', 1.5)).toThrow(RangeError);
    });

    it('always builds a number that parses, and that any single-character change breaks', () => {
      // Prepare
      const areaCode = fc.integer({ min: 110000, max: 829999 }).map(String);
      const birthDate = fc
        .date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2020-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
      const sequence = fc.integer({ min: 0, max: 999 });
      const position = fc.integer({ min: 0, max: 17 });
      const shift = fc.integer({ min: 1, max: 10 });
      const alphabet = '0123456789X';

      // Act & Assess
      fc.assert(
        fc.property(areaCode, birthDate, sequence, position, shift, (area, date, seq, pos, by) => {
          const idNumber = makeIdNumber(area, date, seq);
          expect(parseIdNumber(idNumber)).toEqual({
            ok: true,
            areaCode: area,
            birthDate: date,
            sex: seq % 2 === 1 ? 'male' : 'female',
          });

          const original = idNumber.charAt(pos);
          const replacement = alphabet.charAt((alphabet.indexOf(original) + by) % alphabet.length);
          const mutated = `${idNumber.slice(0, pos)}${replacement}${idNumber.slice(pos + 1)}`;
          expect(mutated).not.toBe(idNumber);
          expect(parseIdNumber(mutated).ok).toBe(false);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('isMainlandMobile', () => {
    it('accepts 11 digits starting 13 to 19', () => {
      for (const good of ['13012345678', '15912345678', '16612345678', '18800001111', '19912345678']) {
        expect(isMainlandMobile(good)).toBe(true);
      }
    });

    it('rejects other prefixes, lengths and characters', () => {
      for (const bad of [
        '',
        '12012345678',
        '10012345678',
        '23812345678',
        '1381234567',
        '138123456789',
        '+8613812345678',
        '138-1234-5678',
        '1381234567a',
      ]) {
        expect(isMainlandMobile(bad)).toBe(false);
      }
    });
  });
});
