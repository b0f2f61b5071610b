/**
 * AWS cron expressions, as Glue triggers (and EventBridge) take them: `cron(Minutes Hours Day-of-month Month
 * Day-of-week Year)`, six fields, always UTC.
 *
 * | field        | values                 | wildcards         |
 * | ------------ | ---------------------- | ----------------- |
 * | Minutes      | 0-59                   | , - * /           |
 * | Hours        | 0-23                   | , - * /           |
 * | Day-of-month | 1-31                   | , - * ? / L W     |
 * | Month        | 1-12 or JAN-DEC        | , - * /           |
 * | Day-of-week  | 1-7 or SUN-SAT (1=SUN) | , - * ? L #       |
 * | Year         | 1970-2199              | , - * /           |
 *
 * One of Day-of-month and Day-of-week must be `?` (they cannot both restrict the day). `L` alone is the
 * last day of the month (Day-of-month) or Saturday (Day-of-week); `5L` is the last Thursday of the month;
 * `15W` the weekday nearest the 15th within the month; `LW` the last weekday of the month; `3#2` the second
 * Tuesday. Steps (`0/15`, `*\/5`, `10-40/10`) and names are case-insensitive.
 *
 * LIMITATIONS: `rate(...)` expressions are not accepted (Glue triggers take only `cron(...)`); ranges that
 * wrap around (`FRI-MON`) are rejected.
 */

/** How one day field restricts a day, beyond the plain value set. */
type DaySpec =
  | { kind: 'any' } // `?` or `*`
  | { kind: 'set'; values: ReadonlySet<number> }
  | { kind: 'lastDay' } // L (day of month)
  | { kind: 'lastWeekday' } // LW
  | { kind: 'nearestWeekday'; day: number } // 15W
  | { kind: 'lastOfWeekday'; weekday: number } // 5L (day of week)
  | { kind: 'nth'; weekday: number; n: number }; // 3#2

export interface CronSchedule {
  /** The expression as given, e.g. `cron(15 12 * * ? *)`. */
  expression: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  months: ReadonlySet<number>;
  years: ReadonlySet<number>;
  dayOfMonth: DaySpec;
  dayOfWeek: DaySpec;
}

export class CronError extends Error {}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldDef {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS = {
  minutes: { label: 'Minutes', min: 0, max: 59 },
  hours: { label: 'Hours', min: 0, max: 23 },
  dayOfMonth: { label: 'Day-of-month', min: 1, max: 31 },
  months: { label: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { label: 'Day-of-week', min: 1, max: 7, names: WEEKDAYS },
  years: { label: 'Year', min: 1970, max: 2199 },
} as const satisfies Record<string, FieldDef>;

function fail(field: FieldDef, text: string, why: string): never {
  throw new CronError(`${field.label} field "${text}" ${why}`);
}

function value(field: FieldDef, text: string, whole: string): number {
  const upper = text.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) fail(field, whole, `has an invalid value "${text}"`);
  const n = Number(text);
  if (n < field.min || n > field.max) fail(field, whole, `is out of range (${field.min}-${field.max})`);
  return n;
}

/** `*`, `a`, `a-b`, each optionally `/step`, comma-separated: the set of values it names. */
function valueSet(field: FieldDef, text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') fail(field, text, 'has an empty list item');
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) fail(field, text, 'has more than one "/"');
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(field, text, `has an invalid step "${stepText}"`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = field.min;
      hi = field.max;
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      if (more !== undefined) fail(field, text, 'has an invalid range');
      lo = value(field, a, text);
      hi = value(field, b, text);
      if (lo > hi) fail(field, text, 'has a range whose start is after its end');
    } else {
      lo = value(field, range, text);
      // `a/step` runs from a to the field's end, as in `0/15`.
      hi = stepText !== undefined ? field.max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function dayOfMonthSpec(text: string): DaySpec {
  const f = FIELDS.dayOfMonth;
  const upper = text.toUpperCase();
  if (upper === '?' || upper === '*') return { kind: 'any' };
  if (upper === 'L') return { kind: 'lastDay' };
  if (upper === 'LW') return { kind: 'lastWeekday' };
  const w = /^(\d+)W$/.exec(upper);
  if (w) return { kind: 'nearestWeekday', day: value(f, w[1] ?? '', text) };
  if (/[LW#]/.test(upper)) fail(f, text, 'uses L or W in a way AWS does not accept');
  return { kind: 'set', values: valueSet(f, text) };
}

function dayOfWeekSpec(text: string): DaySpec {
  const f = FIELDS.dayOfWeek;
  const upper = text.toUpperCase();
  if (upper === '?' || upper === '*') return { kind: 'any' };
  if (upper === 'L') return { kind: 'set', values: new Set([7]) };
  const last = /^([A-Z]{3}|\d)L$/.exec(upper);
  if (last) return { kind: 'lastOfWeekday', weekday: value(f, last[1] ?? '', text) };
  const nth = /^([A-Z]{3}|\d)#(\d)$/.exec(upper);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) fail(f, text, 'has an occurrence outside 1-5 after "#"');
    return { kind: 'nth', weekday: value(f, nth[1] ?? '', text), n };
  }
  if (/[L#W]/.test(upper.replace(/[A-Z]{3}/g, '1'))) fail(f, text, 'uses L or # in a way AWS does not accept');
  return { kind: 'set', values: valueSet(f, text) };
}

/**
 * Parse `cron(...)`. Throws `CronError` with the reason when the expression is not one AWS accepts.
 *
 * @example
 * parseCron('cron(0/15 8-17 ? * MON-FRI *)'); // every quarter hour, 08:00-17:45 UTC on weekdays
 */
export function parseCron(expression: string): CronSchedule {
  const m = /^cron\((.*)\)$/s.exec(expression.trim());
  if (!m)
    throw new CronError(
      'the schedule must be a cron expression: cron(Minutes Hours Day-of-month Month Day-of-week Year)',
    );
  const parts = (m[1] ?? '').trim().split(/\s+/);
  if (parts.length !== 6) throw new CronError(`a cron expression has 6 fields, this one has ${parts.length}`);
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = parts;
  if (min === '?' || hour === '?' || month === '?' || year === '?') {
    throw new CronError('"?" is only allowed in the Day-of-month and Day-of-week fields');
  }
  const domQ = dom === '?';
  const dowQ = dow === '?';
  if (domQ === dowQ) {
    throw new CronError(
      domQ
        ? 'Day-of-month and Day-of-week cannot both be "?"'
        : 'one of Day-of-month and Day-of-week must be "?" (they cannot both be specified)',
    );
  }
  return {
    expression,
    minutes: valueSet(FIELDS.minutes, min),
    hours: valueSet(FIELDS.hours, hour),
    dayOfMonth: dayOfMonthSpec(dom),
    months: valueSet(FIELDS.months, month),
    dayOfWeek: dayOfWeekSpec(dow),
    years: valueSet(FIELDS.years, year),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday ... 7 = Saturday, as AWS numbers weekdays. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const w = weekday(year, month, day);
  return w !== 1 && w !== 7;
}

/** The weekday nearest `day` without leaving the month (Quartz's `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  const w = weekday(year, month, d);
  if (w === 7) return d === 1 ? 3 : d - 1; // Saturday: Friday, or Monday the 3rd
  if (w === 1) return d === last ? d - 2 : d + 1; // Sunday: Monday, or Friday before the last day
  return d;
}

function matchesDay(spec: DaySpec, isDow: boolean, year: number, month: number, day: number): boolean {
  switch (spec.kind) {
    case 'any':
      return true;
    case 'set':
      return spec.values.has(isDow ? weekday(year, month, day) : day);
    case 'lastDay':
      return day === daysInMonth(year, month);
    case 'lastWeekday': {
      let d = daysInMonth(year, month);
      while (!isWeekday(year, month, d)) d--;
      return day === d;
    }
    case 'nearestWeekday':
      return day === nearestWeekday(year, month, spec.day);
    case 'lastOfWeekday':
      return weekday(year, month, day) === spec.weekday && day + 7 > daysInMonth(year, month);
    case 'nth':
      return weekday(year, month, day) === spec.weekday && Math.ceil(day / 7) === spec.n;
  }
}

/** Whether the schedule fires in the UTC minute that contains `at`. */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  const y = at.getUTCFullYear();
  const mo = at.getUTCMonth() + 1;
  const d = at.getUTCDate();
  return (
    schedule.years.has(y) &&
    schedule.months.has(mo) &&
    matchesDay(schedule.dayOfMonth, false, y, mo, d) &&
    matchesDay(schedule.dayOfWeek, true, y, mo, d) &&
    schedule.hours.has(at.getUTCHours()) &&
    schedule.minutes.has(at.getUTCMinutes())
  );
}

function sorted(values: ReadonlySet<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * The first time strictly after `after` at which the schedule fires (whole minutes, UTC), or undefined
 * when it never fires again (its years are past).
 *
 * @example
 * nextFireTime(parseCron('cron(15 12 * * ? *)'), new Date('2026-01-01T13:00:00Z')); // 2026-01-02T12:15:00Z
 */
export function nextFireTime(schedule: CronSchedule, after: Date): Date | undefined {
  // Start at the next whole minute after `after`.
  const start = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  const sy = start.getUTCFullYear();
  const smo = start.getUTCMonth() + 1;
  const sd = start.getUTCDate();
  const sh = start.getUTCHours();
  const smi = start.getUTCMinutes();
  const minutes = sorted(schedule.minutes);
  const hours = sorted(schedule.hours);
  for (const y of sorted(schedule.years)) {
    if (y < sy) continue;
    for (const mo of sorted(schedule.months)) {
      if (y === sy && mo < smo) continue;
      const sameMonth = y === sy && mo === smo;
      for (let d = sameMonth ? sd : 1; d <= daysInMonth(y, mo); d++) {
        if (!matchesDay(schedule.dayOfMonth, false, y, mo, d) || !matchesDay(schedule.dayOfWeek, true, y, mo, d)) {
          continue;
        }
        const sameDay = sameMonth && d === sd;
        for (const h of hours) {
          if (sameDay && h < sh) continue;
          const sameHour = sameDay && h === sh;
          for (const mi of minutes) {
            if (sameHour && mi < smi) continue;
            return new Date(Date.UTC(y, mo - 1, d, h, mi));
          }
        }
      }
    }
  }
  return undefined;
}
