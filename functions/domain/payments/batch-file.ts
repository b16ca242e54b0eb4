import type { Fen } from '../money.ts';
import { csvDocument } from './csv-cells.ts';
import { fenToYuan } from './yuan.ts';

/** One payout instruction of a batch: who gets how much, and which payout and claim it settles. */
export interface BatchLine {
  readonly payoutId: string;
  readonly claimId: string;
  readonly programId: string;
  readonly payeeName: string;
  readonly bankName: string;
  readonly accountNumber: string;
  readonly amountFen: Fen;
}

/** The control total of a batch: how many payouts, and their sum. */
export interface ControlTotal {
  readonly count: number;
  readonly totalFen: Fen;
}

/** Column headers, Chinese first (the finance office), English in brackets; the bank result reuses them. */
export const BATCH_COLUMNS = {
  no: '序号(No.)',
  batchId: '批次号(Batch)',
  payoutId: '付款编号(Payout ID)',
  claimId: '申请编号(Claim ID)',
  payee: '收款人(Payee)',
  bank: '开户行(Bank)',
  account: '账号(Account)',
  amount: '金额(元)(Amount CNY)',
  purpose: '用途(Purpose)',
} as const;

/** First cell of the control line after the payouts (payout count in the Payout ID column, sum under Amount). */
export const TOTAL_LABEL = '合计(Total)';

export function controlTotal(lines: readonly { amountFen: Fen }[]): ControlTotal {
  return { count: lines.length, totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0) };
}

/**
 * The bank file of a batch: a header, one line per payout in the given order, and the control line.
 * Amounts in yuan with two decimals, computed from integer fen.
 */
export function batchFile(batchId: string, lines: readonly BatchLine[]): string {
  const total = controlTotal(lines);
  return csvDocument([
    Object.values(BATCH_COLUMNS),
    ...lines.map((line, i) => [
      i + 1,
      batchId,
      line.payoutId,
      line.claimId,
      line.payeeName,
      line.bankName,
      line.accountNumber,
      fenToYuan(line.amountFen),
      `工会帮扶金 ${line.programId}`,
    ]),
    [TOTAL_LABEL, batchId, total.count, '', '', '', '', fenToYuan(total.totalFen), ''],
  ]);
}
