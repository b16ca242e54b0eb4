/**
 * A streaming RFC 4180 CSV parser: fields in double quotes may hold commas, line breaks and doubled
 * quotes (`""`); records end with CRLF, LF or a lone CR (Excel for Mac); a trailing line break adds no
 * record. Lenient where Excel is: a quote inside an unquoted field is kept as a character.
 *
 * Rows are numbered as a spreadsheet shows them: the first record is row 1, and an empty line still
 * takes up a row number although it is not yielded.
 */

export interface CsvRecord {
  /** 1-based row number as a spreadsheet shows it. */
  readonly row: number;
  readonly fields: string[];
  /** The file ended inside a quoted field: the last field ran to the end of the file. */
  readonly unterminatedQuote?: true;
}

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

/** Longest record accepted; a longer one is almost always a quote that was never closed. */
export const MAX_RECORD_CHARS = 1024 * 1024;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Push-style parser: feed it text chunks, collect the complete records of each. */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  /** Characters in the current record so far (for the size limit). */
  private recordChars = 0;
  /** Inside a quoted field. */
  private inQuotes = false;
  /** The current field began with a quote. */
  private quoted = false;
  /** A quote ended the previous chunk inside a quoted field: the next character decides what it was. */
  private quotePending = false;
  /** A CR ended the previous record: a following LF belongs to it. */
  private skipLf = false;
  private row = 0;

  /** The complete records in `chunk` (records may span chunks). */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (chunk.charCodeAt(0) === LF) i = 1;
    }
    if (this.quotePending && i < n) {
      this.quotePending = false;
      if (chunk.charCodeAt(i) === QUOTE) {
        this.field += '"';
        i++;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          this.append(chunk.slice(i));
          i = n;
          break;
        }
        this.append(chunk.slice(i, q));
        if (q + 1 >= n) {
          this.quotePending = true;
          i = n;
        } else if (chunk.charCodeAt(q + 1) === QUOTE) {
          this.append('"');
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      // Unquoted: copy up to the next delimiter in one slice.
      let j = i;
      let c = 0;
      while (j < n) {
        c = chunk.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) this.append(chunk.slice(i, j));
      if (j >= n) break;
      if (c === QUOTE) {
        if (this.field === '' && !this.quoted) {
          this.inQuotes = true;
          this.quoted = true;
        } else {
          this.append('"');
        }
        i = j + 1;
      } else if (c === COMMA) {
        this.endField();
        i = j + 1;
      } else {
        const record = this.endRecord();
        if (record !== null) out.push(record);
        i = j + 1;
        if (c === CR) {
          if (i < n) {
            if (chunk.charCodeAt(i) === LF) i++;
          } else {
            this.skipLf = true;
          }
        }
      }
    }
    return out;
  }

  /** The last record, if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    const unterminated = this.inQuotes;
    this.inQuotes = false;
    if (this.fields.length === 0 && this.field === '' && !this.quoted) return [];
    const record = this.endRecord();
    if (record === null) return [];
    return unterminated ? [{ ...record, unterminatedQuote: true }] : [record];
  }

  private append(text: string): void {
    this.field += text;
    this.recordChars += text.length;
    if (this.recordChars > MAX_RECORD_CHARS) {
      throw new CsvError(
        this.row + 1,
        `第 ${this.row + 1} 行超过 ${MAX_RECORD_CHARS} 个字符，可能有未闭合的引号 / row ${this.row + 1} is longer than ${MAX_RECORD_CHARS} characters; a quote is probably not closed`,
      );
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
  }

  /** Ends the record; null for a blank one (an empty line or only empty cells), which is not yielded. */
  private endRecord(): CsvRecord | null {
    this.endField();
    const fields = this.fields;
    this.fields = [];
    this.recordChars = 0;
    this.row++;
    if (fields.every((f) => f === '')) return null;
    return { row: this.row, fields };
  }
}

/** Parses a stream of text chunks into records (see {@link CsvParser}). */
export async function* parseCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/** One CSV line (with CRLF) for a report: fields quoted when they hold a comma, quote or line break. */
export function formatCsvLine(fields: readonly (string | number)[]): string {
  return `${fields
    .map((value) => {
      const text = String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}
