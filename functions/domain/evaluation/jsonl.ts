import type { ExportPeriod } from './period.ts';
import type { MemberLine, PublishedRow } from './rows.ts';

/**
 * JSON Lines, a line at a time: one `cell` line per row of the evaluation, then one `member` line per
 * member served in the period, under their pseudonym (which programs served them, how many paid claims
 * and visits) — what an evaluator needs for participation without any personal data. A suppressed
 * row (a small group) has `suppressed: true` and null figures; its members have no line.
 */
export function* evaluationJsonl(
  period: ExportPeriod,
  rows: Iterable<PublishedRow>,
  members: Iterable<MemberLine>,
): Generator<string> {
  for (const row of rows) yield `${JSON.stringify({ record: 'cell', period, ...row })}\n`;
  for (const member of members) yield `${JSON.stringify({ record: 'member', ...member })}\n`;
}
