import { CsvParser } from '../member-import/csv.ts';
import type { Fen } from '../money.ts';
import { BATCH_COLUMNS, type ControlTotal, TOTAL_LABEL } from './batch-file.ts';
import { parseYuan } from './yuan.ts';

export const BANK_RESULTS = ['CONFIRMED', 'RETURNED'] as const;
export type BankResult = (typeof BANK_RESULTS)[number];

/** A line of the bank's result: one payout, confirmed or returned (with the bank's reason). */
export interface BankResultLine {
  /** Row number as a spreadsheet shows it. */
  readonly row: number;
  readonly batchId: string | null;
  readonly payoutId: string;
  readonly amountFen: Fen;
  readonly result: BankResult;
  readonly reason: string;
}

export type RefusalCode =
  | 'bad-line'
  | 'bad-result'
  | 'bad-amount'
  | 'missing-reason'
  | 'duplicate-line'
  | 'unknown-payout'
  | 'not-in-batch'
  | 'batch-mismatch'
  | 'amount-mismatch'
  | 'conflicting-result'
  | 'outside-scope';

/** A line that is not applied, and why. */
export interface RefusedLine {
  readonly row: number;
  readonly payoutId: string;
  readonly code: RefusalCode;
  readonly reason: string;
}

export interface ParsedBankResult {
  readonly lines: BankResultLine[];
  readonly refused: RefusedLine[];
  /** The file's own control line, if it has one. */
  readonly control: ControlTotal | null;
  /** What is wrong with the file as a whole (no header, a control total that does not add up): nothing applies. */
  readonly fileErrors: string[];
}

type Column = 'batchId' | 'payoutId' | 'amount' | 'result' | 'reason';

/** Header names each column is known by (lower case, spaces dropped): the batch file's and plain ones. */
const ALIASES: Record<Column, readonly string[]> = {
  batchId: ['批次号', 'batch', 'batchid'],
  payoutId: ['付款编号', 'payoutid', 'payout'],
  amount: ['金额', '金额(元)', 'amount', 'amountcny', 'amount(cny)'],
  result: ['结果', '处理结果', 'result', 'status'],
  reason: ['原因', '退回原因', 'reason', 'returnreason'],
};

/** `付款编号(Payout ID)` → `['付款编号(payoutid)', '付款编号', 'payoutid']`. */
function headerNames(cell: string): string[] {
  const text = cell
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
  const parts = text.split(/[()（）]/).filter((p) => p !== '');
  return [text, ...parts];
}

function columnsOf(header: readonly string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const names = headerNames(cell);
    for (const column of Object.keys(ALIASES) as Column[]) {
      if (found[column] === undefined && names.some((n) => ALIASES[column].includes(n)))
        found[column] = index;
    }
  });
  return found;
}

const RESULT_WORDS: Record<string, BankResult> = {
  confirmed: 'CONFIRMED',
  成功: 'CONFIRMED',
  已入账: 'CONFIRMED',
  returned: 'RETURNED',
  退回: 'RETURNED',
  退票: 'RETURNED',
};

/** A spreadsheet may have put an apostrophe before text that looked like a formula; it is not part of the value. */
const cellText = (fields: readonly string[], index: number | undefined) =>
  index === undefined ? '' : (fields[index] ?? '').trim().replace(/^'(?=[=+\-@])/, '');

/**
 * Parses the bank's result file (CSV, the batch file's columns plus 结果/Result and 原因/Reason, or just
 * those with 付款编号/Payout ID and 金额/Amount). Lines that cannot be read, or that repeat a payout,
 * are refused with their row; a control line (合计), if present, must match the lines.
 */
export function parseBankResult(text: string): ParsedBankResult {
  const parser = new CsvParser();
  const records = [...parser.push(text.replace(/^\uFEFF/, '')), ...parser.end()];
  const [header, ...rows] = records;
  const lines: BankResultLine[] = [];
  const refused: RefusedLine[] = [];
  const fileErrors: string[] = [];
  if (header === undefined) return { lines, refused, control: null, fileErrors: ['the file is empty'] };
  const columns = columnsOf(header.fields);
  const missing = (['payoutId', 'amount', 'result'] as const).filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    const names = { payoutId: BATCH_COLUMNS.payoutId, amount: BATCH_COLUMNS.amount, result: '结果(Result)' };
    fileErrors.push(`the header has no ${missing.map((c) => names[c]).join(', ')} column`);
    return { lines, refused, control: null, fileErrors };
  }
  let control: ControlTotal | null = null;
  let dataRows = 0;
  let dataFen = 0;
  const seen = new Set<string>();
  for (const record of rows) {
    const first = (record.fields[0] ?? '').trim();
    if (first === TOTAL_LABEL || first === '合计' || first.toLowerCase() === 'total') {
      const count = Number(cellText(record.fields, columns.payoutId));
      const totalFen = parseYuan(cellText(record.fields, columns.amount));
      if (!Number.isSafeInteger(count) || totalFen === null)
        fileErrors.push(`row ${record.row}: the control line has no readable count and sum`);
      else control = { count, totalFen };
      continue;
    }
    const payoutId = cellText(record.fields, columns.payoutId);
    const amountText = cellText(record.fields, columns.amount);
    const resultText = cellText(record.fields, columns.result);
    const reason = cellText(record.fields, columns.reason);
    const amountFen = parseYuan(amountText);
    dataRows++;
    dataFen += amountFen ?? 0;
    const refuse = (code: RefusalCode, why: string) =>
      refused.push({ row: record.row, payoutId, code, reason: why });
    if (record.unterminatedQuote === true || payoutId === '') {
      refuse('bad-line', 'the line has no payout id (or a quote is never closed)');
      continue;
    }
    if (seen.has(payoutId)) {
      refuse('duplicate-line', `payout ${payoutId} appears on an earlier line of this file`);
      continue;
    }
    seen.add(payoutId);
    const result = RESULT_WORDS[resultText.toLowerCase()];
    if (result === undefined) {
      refuse('bad-result', `result "${resultText}" is neither CONFIRMED (成功) nor RETURNED (退回)`);
      continue;
    }
    if (amountFen === null) {
      refuse('bad-amount', `amount "${amountText}" is not yuan with at most two decimals`);
      continue;
    }
    if (result === 'RETURNED' && reason.length < 2) {
      refuse('missing-reason', 'a returned payout needs the bank’s reason');
      continue;
    }
    lines.push({
      row: record.row,
      batchId: columns.batchId === undefined ? null : cellText(record.fields, columns.batchId) || null,
      payoutId,
      amountFen,
      result,
      reason,
    });
  }
  if (control !== null && (control.count !== dataRows || control.totalFen !== dataFen)) {
    fileErrors.push(
      `the control line says ${control.count} payouts, ${control.totalFen} fen; the file has ${dataRows}, ${dataFen} fen`,
    );
  }
  return { lines, refused, control, fileErrors };
}

/** A payout as reconciliation sees it. */
export interface PayoutState {
  readonly payoutId: string;
  readonly amountFen: Fen;
  readonly batchId: string | null;
  readonly status: 'PENDING' | BankResult;
}

export type LineVerdict =
  | { readonly kind: 'apply' }
  | { readonly kind: 'already' }
  | { readonly kind: 'refuse'; readonly code: RefusalCode; readonly reason: string };

/** What to do with a readable line given the payout it names (null: no such payout). */
export function judgeLine(line: BankResultLine, payout: PayoutState | null): LineVerdict {
  if (payout === null)
    return { kind: 'refuse', code: 'unknown-payout', reason: `no payout ${line.payoutId}` };
  if (payout.batchId === null)
    return {
      kind: 'refuse',
      code: 'not-in-batch',
      reason: `payout ${line.payoutId} was never sent in a batch`,
    };
  if (line.batchId !== null && line.batchId !== payout.batchId)
    return {
      kind: 'refuse',
      code: 'batch-mismatch',
      reason: `payout ${line.payoutId} was sent in batch ${payout.batchId}, not ${line.batchId}`,
    };
  if (line.amountFen !== payout.amountFen)
    return {
      kind: 'refuse',
      code: 'amount-mismatch',
      reason: `payout ${line.payoutId} is ${payout.amountFen} fen, the line says ${line.amountFen} fen`,
    };
  if (payout.status === line.result) return { kind: 'already' };
  if (payout.status !== 'PENDING')
    return {
      kind: 'refuse',
      code: 'conflicting-result',
      reason: `payout ${line.payoutId} is already ${payout.status}`,
    };
  return { kind: 'apply' };
}
