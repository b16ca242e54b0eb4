import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../../functions/domain/member-import/csv.ts';
import {
  type BankResultLine,
  judgeLine,
  parseBankResult,
} from '../../../../functions/domain/payments/bank-result.ts';
import { type BatchLine, batchFile, controlTotal } from '../../../../functions/domain/payments/batch-file.ts';
import { csvDocument, safeCell } from '../../../../functions/domain/payments/csv-cells.ts';
import { parsePayoutId, payoutIdOf } from '../../../../functions/domain/payments/payout-ref.ts';
import { fenToYuan, parseYuan } from '../../../../functions/domain/payments/yuan.ts';

const CLAIM = 'C01JABCDEFGHJKMNPQRSTVWXYZ0';

function line(overrides: Partial<BatchLine> = {}): BatchLine {
  return {
    payoutId: payoutIdOf(CLAIM, 1),
    claimId: CLAIM,
    programId: 'skill-boost',
    payeeName: '王芳',
    bankName: '中国工商银行北京海淀支行',
    accountNumber: '6222020200112233445',
    amountFen: 100_000,
    ...overrides,
  };
}

/** The records of a CSV text, without its BOM. */
function records(text: string): string[][] {
  const parser = new CsvParser();
  return [...parser.push(text.slice(1)), ...parser.end()].map((r) => r.fields);
}

describe('payments files', () => {
  describe('yuan', () => {
    it('formats integer fen as yuan with two decimals', () => {
      expect(fenToYuan(0)).toBe('0.00');
      expect(fenToYuan(5)).toBe('0.05');
      expect(fenToYuan(123_456)).toBe('1234.56');
      expect(fenToYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
      expect(() => fenToYuan(1.5)).toThrow(RangeError);
      expect(() => fenToYuan(-1)).toThrow(RangeError);
    });

    it('parses yuan strictly, without floats', () => {
      expect(parseYuan('1234.56')).toBe(123_456);
      expect(parseYuan('1234.5')).toBe(123_450);
      expect(parseYuan(' 1000 ')).toBe(100_000);
      expect(parseYuan('0.29')).toBe(29);
      // 0.29 * 100 is 28.999999999999996 in floating point: the parser never goes there.
      expect(parseYuan('1.13')).toBe(113);
      for (const bad of [
        '',
        '-1.00',
        '+1',
        '1e3',
        '1,000.00',
        '1.234',
        '.5',
        '01.00',
        '1 000',
        'NaN',
        '１.00',
      ]) {
        expect(parseYuan(bad), bad).toBeNull();
      }
    });

    it('round-trips every amount in fen', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1e13 }), (fen) => {
          expect(parseYuan(fenToYuan(fen))).toBe(fen);
        }),
      );
    });
  });

  describe('csv cells', () => {
    it('defuses cells a spreadsheet would run as formulas', () => {
      expect(safeCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
      expect(safeCell('+86')).toBe("'+86");
      expect(safeCell('-1')).toBe("'-1");
      expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
      expect(safeCell('\t=1')).toBe("'\t=1");
      expect(safeCell('王芳')).toBe('王芳');
      expect(safeCell(12)).toBe('12');
    });

    it('writes UTF-8 with a BOM, CRLF and RFC 4180 quoting', () => {
      const text = csvDocument([
        ['a', 'b,c', 'say "hi"'],
        ['line\nbreak', '', '张三'],
      ]);
      expect(text).toBe('\uFEFFa,"b,c","say ""hi"""\r\n"line\nbreak",,张三\r\n');
    });
  });

  describe('payout ids', () => {
    it('name their claim and round', () => {
      expect(payoutIdOf(CLAIM, 1)).toBe('P01JABCDEFGHJKMNPQRSTVWXYZ0');
      expect(payoutIdOf(CLAIM, 2)).toBe('P01JABCDEFGHJKMNPQRSTVWXYZ0-2');
      expect(parsePayoutId(payoutIdOf(CLAIM, 1))).toEqual({ claimId: CLAIM, round: 1 });
      expect(parsePayoutId(payoutIdOf(CLAIM, 12))).toEqual({ claimId: CLAIM, round: 12 });
      for (const bad of ['', 'P1', `${payoutIdOf(CLAIM, 1)}-1`, `${payoutIdOf(CLAIM, 1)}-0`, CLAIM])
        expect(parsePayoutId(bad), bad).toBeNull();
    });
  });

  describe('batchFile', () => {
    it('has a header, one line per payout and the control line', () => {
      const lines = [
        line(),
        line({
          payoutId: 'P01JABCDEFGHJKMNPQRSTVWXYZ1',
          claimId: 'C01JABCDEFGHJKMNPQRSTVWXYZ1',
          amountFen: 50_050,
        }),
      ];
      const text = batchFile('B-BJ-HD-001-20261128', lines);
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      const rows = records(text);
      expect(rows).toHaveLength(4);
      expect(rows[0]?.[2]).toBe('付款编号(Payout ID)');
      expect(rows[1]).toEqual([
        '1',
        'B-BJ-HD-001-20261128',
        'P01JABCDEFGHJKMNPQRSTVWXYZ0',
        CLAIM,
        '王芳',
        '中国工商银行北京海淀支行',
        '6222020200112233445',
        '1000.00',
        '工会帮扶金 skill-boost',
      ]);
      expect(rows[2]?.[7]).toBe('500.50');
      expect(rows[3]).toEqual(['合计(Total)', 'B-BJ-HD-001-20261128', '2', '', '', '', '', '1500.50', '']);
      expect(controlTotal(lines)).toEqual({ count: 2, totalFen: 150_050 });
    });

    it('defuses a payee name that looks like a formula and quotes one with a comma', () => {
      const text = batchFile('B-X-20261128', [line({ payeeName: '=cmd|calc', bankName: '工行,海淀' })]);
      const row = records(text)[1];
      expect(row?.[4]).toBe("'=cmd|calc");
      expect(row?.[5]).toBe('工行,海淀');
    });
  });

  describe('parseBankResult', () => {
    const header = '付款编号(Payout ID),金额(元)(Amount CNY),结果(Result),原因(Reason)\r\n';
    const p = (n: number) => `P01JABCDEFGHJKMNPQRSTVWXYZ${n}`;

    it('reads the batch file with result columns added, and its control line', () => {
      const batch = batchFile('B-X-20261128', [line(), line({ payoutId: p(1), amountFen: 2_000 })]);
      const withResults = batch
        .split('\r\n')
        .map((row, i) =>
          row === ''
            ? row
            : `${row},${i === 0 ? '结果,原因' : i === 1 ? 'CONFIRMED,' : i === 2 ? '退回,账户已销户' : ','}`,
        )
        .join('\r\n');
      const parsed = parseBankResult(withResults);
      expect(parsed.fileErrors).toEqual([]);
      expect(parsed.refused).toEqual([]);
      expect(parsed.control).toEqual({ count: 2, totalFen: 102_000 });
      expect(parsed.lines).toEqual([
        {
          row: 2,
          batchId: 'B-X-20261128',
          payoutId: p(0),
          amountFen: 100_000,
          result: 'CONFIRMED',
          reason: '',
        },
        {
          row: 3,
          batchId: 'B-X-20261128',
          payoutId: p(1),
          amountFen: 2_000,
          result: 'RETURNED',
          reason: '账户已销户',
        },
      ]);
    });

    it('refuses unreadable lines, each with its row, and keeps the good ones', () => {
      const parsed = parseBankResult(
        `${header}${p(0)},10.00,CONFIRMED,\r\n${p(1)},10.001,CONFIRMED,\r\n${p(2)},10.00,PAID,\r\n${p(0)},10.00,RETURNED,wrong\r\n${p(3)},10.00,RETURNED,\r\n,10.00,CONFIRMED,\r\n`,
      );
      expect(parsed.lines.map((l) => l.payoutId)).toEqual([p(0)]);
      expect(parsed.refused.map((r) => [r.row, r.code])).toEqual([
        [3, 'bad-amount'],
        [4, 'bad-result'],
        [5, 'duplicate-line'],
        [6, 'missing-reason'],
        [7, 'bad-line'],
      ]);
    });

    it('refuses the whole file when its control line does not add up, or a column is missing', () => {
      const short = parseBankResult(
        `序号,付款编号,金额,结果\r\n1,${p(0)},10.00,CONFIRMED\r\n合计,2,20.00,\r\n`,
      );
      // The control line's count is under Payout ID, its sum under Amount.
      expect(short.fileErrors).toEqual([
        'the control line says 2 payouts, 2000 fen; the file has 1, 1000 fen',
      ]);
      expect(parseBankResult('payout,result\r\nP1,CONFIRMED\r\n').fileErrors).toEqual([
        'the header has no 金额(元)(Amount CNY) column',
      ]);
      expect(parseBankResult('').fileErrors).toEqual(['the file is empty']);
    });
  });

  describe('judgeLine', () => {
    const bank: BankResultLine = {
      row: 2,
      batchId: 'B-X-20261128',
      payoutId: 'P1',
      amountFen: 1000,
      result: 'RETURNED',
      reason: '户名不符',
    };
    const payout = { payoutId: 'P1', amountFen: 1000, batchId: 'B-X-20261128', status: 'PENDING' } as const;

    it('applies a line that matches a pending payout sent in a batch', () => {
      expect(judgeLine(bank, payout)).toEqual({ kind: 'apply' });
      expect(judgeLine({ ...bank, batchId: null }, payout)).toEqual({ kind: 'apply' });
    });

    it('changes nothing for a line already applied', () => {
      expect(judgeLine(bank, { ...payout, status: 'RETURNED' })).toEqual({ kind: 'already' });
    });

    it('refuses unknown payouts, amounts that differ, other batches and a result already otherwise', () => {
      const code = (v: ReturnType<typeof judgeLine>) => (v.kind === 'refuse' ? v.code : v.kind);
      expect(code(judgeLine(bank, null))).toBe('unknown-payout');
      expect(code(judgeLine(bank, { ...payout, batchId: null }))).toBe('not-in-batch');
      expect(code(judgeLine(bank, { ...payout, batchId: 'B-Y-20261128' }))).toBe('batch-mismatch');
      expect(code(judgeLine({ ...bank, amountFen: 1001 }, payout))).toBe('amount-mismatch');
      expect(code(judgeLine(bank, { ...payout, status: 'CONFIRMED' }))).toBe('conflicting-result');
    });
  });
});
