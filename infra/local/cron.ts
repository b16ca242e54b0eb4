/**
 * EventBridge Scheduler cron expressions — `cron(minutes hours day-of-month month day-of-week year)` —
 * evaluated for the local scheduler. Fields take `*`, `?`, numbers, ranges `a-b`, lists `a,b` and steps
 * `a/n` or `*` + `/n`; day-of-week is 1–7 (SUN–SAT) or SUN…SAT. `L`, `W` and `#` are not supported.
 */
export interface CronSpec {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number> | null;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number> | null;
  readonly years: ReadonlySet<number> | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(
  text: string,
  min: number,
  max: number,
  names: readonly string[] = [],
  base = min,
): Set<number> | null {
  if (text === '?') return null;
  const values = new Set<number>();
  const value = (v: string): number => {
    const named = names.indexOf(v.toUpperCase());
    const n = named >= 0 ? named + base : Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new RangeError(`cron: ${v} is out of ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new RangeError(`cron: bad step in ${part}`);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = value(a);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b);
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

export function parseCron(expression: string): CronSpec {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const parts = m?.[1]?.trim().split(/\s+/) ?? [];
  if (parts.length !== 6) throw new RangeError(`not an EventBridge cron expression: ${expression}`);
  const [mi = '', h = '', dom = '', mon = '', dow = '', y = ''] = parts;
  if ((dom === '?') === (dow === '?')) {
    throw new RangeError('cron: exactly one of day-of-month and day-of-week must be ?');
  }
  const all = (s: Set<number> | null, what: string) => {
    if (s === null) throw new RangeError(`cron: ${what} cannot be ?`);
    return s;
  };
  return {
    minutes: all(field(mi, 0, 59), 'minutes'),
    hours: all(field(h, 0, 23), 'hours'),
    days: field(dom, 1, 31),
    months: all(field(mon, 1, 12, MONTHS), 'month'),
    weekdays: field(dow, 1, 7, DAYS, 1),
    years: y === '*' ? null : field(y, 1970, 2199),
  };
}

const ZONE_OFFSETS_MIN: Readonly<Record<string, number>> = { 'Asia/Shanghai': 8 * 60, UTC: 0 };

/** The first instant strictly after `after` (whole minutes) that the expression names, in the time zone. */
export function nextRun(expression: string, timezone: string, after: Date): Date {
  const spec = parseCron(expression);
  const offset = ZONE_OFFSETS_MIN[timezone];
  if (offset === undefined) throw new RangeError(`time zone ${timezone} is not supported locally`);
  const offsetMs = offset * 60_000;
  // Wall-clock time in the zone as a UTC date (Asia/Shanghai has no daylight saving).
  let t = Math.floor((after.getTime() + offsetMs) / 60_000) * 60_000 + 60_000;
  const limit = t + 5 * 366 * 86_400_000;
  while (t < limit) {
    const d = new Date(t);
    const dayOk =
      spec.months.has(d.getUTCMonth() + 1) &&
      (spec.years === null || spec.years.has(d.getUTCFullYear())) &&
      (spec.days === null || spec.days.has(d.getUTCDate())) &&
      (spec.weekdays === null || spec.weekdays.has(d.getUTCDay() + 1));
    if (!dayOk) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (spec.hours.has(d.getUTCHours()) && spec.minutes.has(d.getUTCMinutes())) return new Date(t - offsetMs);
    t += 60_000;
  }
  throw new RangeError(`cron: ${expression} names no time in the next five years`);
}
