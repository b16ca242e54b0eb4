import type { EvaluationReducer } from '../domain/evaluation/reducer.ts';
import type { ScanTable, TableScanner } from '../ports/exports.ts';

/** What a scan into the evaluation needs: the scanner, how many segments, and who hears of its progress. */
export interface EvaluationScanDeps {
  readonly scanner: TableScanner;
  /** Parallel scan segments per table (default 4). */
  readonly segments?: number;
  /** After each page scanned: the table and the items read from it so far (the command line shows it). */
  readonly onProgress?: (progress: { readonly table: ScanTable; readonly items: number }) => void;
}

/** Feeds a table's parallel scan segments into the reducer, each a page at a time. */
export async function scanInto(
  deps: EvaluationScanDeps,
  reducer: EvaluationReducer,
  table: ScanTable,
): Promise<number> {
  const total = deps.segments ?? 4;
  let items = 0;
  await Promise.all(
    Array.from({ length: total }, async (_, segment) => {
      for await (const page of deps.scanner.segment(table, segment, total)) {
        for (const item of page) reducer.add(item);
        items += page.length;
        deps.onProgress?.({ table, items });
      }
    }),
  );
  return items;
}
