/** Display formats: money as CNY from integer fen, times and dates in Beijing time. */
import type { Lang } from './i18n.ts';

const grouping = new Intl.NumberFormat('en-US', { useGrouping: true, maximumFractionDigits: 0 });

/** `123456` fen → `¥1,234.56`, with integer arithmetic only (no float on money). */
export function cny(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isInteger(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}¥${grouping.format(yuan)}.${cents}`;
}

/** `"1,234.5"` or `"1234.50"` CNY as typed → integer fen; null when it is not an amount. */
export function parseCny(text: string): number | null {
  const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/[,，¥\s]/g, ''));
  if (match === null) return null;
  const yuan = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return yuan * 100 + cents;
}

const locales: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

/** An ISO time as Beijing date and time, e.g. `2026年3月5日 14:30`. */
export function beijingTime(iso: string | null | undefined, lang: Lang): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export function percent(ratio: number, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}
