import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  CsvParser,
  type CsvRecord,
  formatCsvLine,
  MAX_RECORD_CHARS,
  parseCsv,
} from '../../../../functions/domain/member-import/csv.ts';

async function* from(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

async function parse(chunks: readonly string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of parseCsv(from(chunks))) out.push(record);
  return out;
}

/** The text cut into pieces of `size` characters, so every construct also meets a chunk boundary. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('member-import csv', () => {
  describe('parseCsv', () => {
    it('splits plain fields and numbers rows from 1', async () => {
      expect(await parse(['a,b,c\n1,2,3\n'])).toEqual([
        { row: 1, fields: ['a', 'b', 'c'] },
        { row: 2, fields: ['1', '2', '3'] },
      ]);
    });

    it('reads quoted fields with commas, doubled quotes and line breaks inside', async () => {
      const records = await parse(['name,note\r\n"Wang, Fang","say ""hi""\r\nand go"\r\nnext,x\r\n']);
      expect(records).toEqual([
        { row: 1, fields: ['name', 'note'] },
        { row: 2, fields: ['Wang, Fang', 'say "hi"\r\nand go'] },
        { row: 3, fields: ['next', 'x'] },
      ]);
    });

    it('accepts CRLF, LF and a lone CR as line ends, and a missing final line break', async () => {
      expect((await parse(['a\r\nb\nc\rd'])).map((r) => r.fields)).toEqual([['a'], ['b'], ['c'], ['d']]);
    });

    it('adds no record for a trailing line break', async () => {
      expect(await parse(['a,b\r\n'])).toEqual([{ row: 1, fields: ['a', 'b'] }]);
    });

    it('skips empty lines and rows of empty cells but counts them as rows, as Excel shows them', async () => {
      const records = await parse(['h\n\nx\n,,\ny\n']);
      expect(records).toEqual([
        { row: 1, fields: ['h'] },
        { row: 3, fields: ['x'] },
        { row: 5, fields: ['y'] },
      ]);
    });

    it('keeps empty fields, including quoted ones and a trailing one', async () => {
      expect((await parse(['a,,"",\n'])).map((r) => r.fields)).toEqual([['a', '', '', '']]);
    });

    it('keeps a quote inside an unquoted field as a character', async () => {
      expect((await parse(['5"7,x\n'])).map((r) => r.fields)).toEqual([['5"7', 'x']]);
    });

    it('marks a record whose quote is never closed', async () => {
      const records = await parse(['a,"open\nrest']);
      expect(records).toEqual([{ row: 1, fields: ['a', 'open\nrest'], unterminatedQuote: true }]);
    });

    it('refuses a record longer than the limit', async () => {
      const long = `"${'x'.repeat(MAX_RECORD_CHARS + 1)}`;
      await expect(parse(['h\n', long])).rejects.toBeInstanceOf(CsvError);
    });

    it('gives the same records whatever the chunk boundaries', async () => {
      const text = 'h1,h2\r\n"a ""q""",b\r\n"x\r\ny",""\r\n\r\nlast,"e,f"\r\n';
      const whole = await parse([text]);
      for (const size of [1, 2, 3, 5, 7]) expect(await parse(pieces(text, size))).toEqual(whole);
    });

    it('round-trips any table through formatCsvLine', async () => {
      const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ') });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
          fc.integer({ min: 1, max: 9 }),
          async (table, size) => {
            // Prepare: a first column that is never empty, so no row is blank.
            const rows = table.map((row, i) => [`r${i}`, ...row]);
            const text = rows.map((row) => formatCsvLine(row)).join('');
            // Act
            const records = await parse(pieces(text, size));
            // Assess
            expect(records.map((r) => r.fields)).toEqual(rows);
            expect(records.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
          },
        ),
      );
    });
  });

  describe('CsvParser', () => {
    it('holds a quote at the end of a chunk until the next character tells what it was', () => {
      const parser = new CsvParser();
      expect(parser.push('"a"')).toEqual([]);
      expect(parser.push('"b",c\n')).toEqual([{ row: 1, fields: ['a"b', 'c'] }]);
      expect(parser.push('"x"')).toEqual([]);
      expect(parser.push(',y\n')).toEqual([{ row: 2, fields: ['x', 'y'] }]);
    });

    it('joins a CR at the end of a chunk with the LF that starts the next', () => {
      const parser = new CsvParser();
      expect(parser.push('a\r')).toEqual([{ row: 1, fields: ['a'] }]);
      expect(parser.push('\nb\r\n')).toEqual([{ row: 2, fields: ['b'] }]);
      expect(parser.end()).toEqual([]);
    });
  });

  describe('formatCsvLine', () => {
    it('quotes only fields that need it and ends with CRLF', () => {
      expect(formatCsvLine([2, 'a', 'b,c', 'say "x"'])).toBe('2,a,"b,c","say ""x"""\r\n');
    });
  });
});
