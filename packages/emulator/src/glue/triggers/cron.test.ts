import { describe, expect, it } from 'vitest';
import { CronError, cronMatches, nextFireTime, parseCron } from './cron.js';

const at = (iso: string) => new Date(iso);
const next = (expr: string, after: string) => nextFireTime(parseCron(expr), at(after))?.toISOString();

/** The next `n` fire times after `after`. */
function fires(expr: string, after: string, n: number): string[] {
  const schedule = parseCron(expr);
  const out: string[] = [];
  let t: Date | undefined = at(after);
  for (let i = 0; i < n && t; i++) {
    t = nextFireTime(schedule, t);
    if (t) out.push(t.toISOString().slice(0, 16));
  }
  return out;
}

describe('parseCron: what AWS accepts', () => {
  it.each([
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(0 0 15W * ? *)',
    'cron(0 0 ? * 6L *)',
    'cron(0 0 ? * L *)',
    'cron(*/5 * * * ? *)',
    'cron(10-40/10 1,2,3 ? jan-mar sun,sat 2026-2030)',
    'cron(0 12 * * ? 2030)',
    ' cron( 0  12  *  *  ?  * ) ',
  ])('%s', (expr) => {
    expect(() => parseCron(expr)).not.toThrow();
  });

  it.each([
    ['15 12 * * ? *', /cron expression/],
    ['rate(5 minutes)', /cron expression/],
    ['cron(15 12 * * ?)', /6 fields/],
    ['cron(15 12 * * ? * *)', /6 fields/],
    ['cron(15 12 * * * *)', /must be "\?"/],
    ['cron(15 12 1 * MON *)', /must be "\?"/],
    ['cron(15 12 ? * ? *)', /both be "\?"/],
    ['cron(60 12 * * ? *)', /Minutes .*out of range/],
    ['cron(0 24 * * ? *)', /Hours .*out of range/],
    ['cron(0 0 32 * ? *)', /Day-of-month .*out of range/],
    ['cron(0 0 0 * ? *)', /Day-of-month .*out of range/],
    ['cron(0 0 * 13 ? *)', /Month .*out of range/],
    ['cron(0 0 ? * 8 *)', /Day-of-week .*out of range/],
    ['cron(0 0 * * ? 1969)', /Year .*out of range/],
    ['cron(0 0 * FOO ? *)', /invalid value/],
    ['cron(0 0 ? * FRI-MON *)', /start is after its end/],
    ['cron(0/0 0 * * ? *)', /invalid step/],
    ['cron(0,,5 0 * * ? *)', /empty list item/],
    ['cron(? 0 * * ? *)', /only allowed/],
    ['cron(0 0 ? * 2#6 *)', /occurrence/],
    ['cron(0 0 L-2 * ? *)', /L or W/],
    ['cron(0 0 * * ? *', /cron expression/],
  ])('%s is rejected', (expr, why) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(why);
  });
});

describe('nextFireTime', () => {
  it('daily at 12:15 UTC: later today, or tomorrow once passed', () => {
    expect(next('cron(15 12 * * ? *)', '2026-03-10T08:00:00Z')).toBe('2026-03-10T12:15:00.000Z');
    expect(next('cron(15 12 * * ? *)', '2026-03-10T12:15:00Z')).toBe('2026-03-11T12:15:00.000Z');
    expect(next('cron(15 12 * * ? *)', '2026-03-10T12:14:59.999Z')).toBe('2026-03-10T12:15:00.000Z');
  });

  it('is strictly after, in whole minutes', () => {
    expect(next('cron(* * * * ? *)', '2026-03-10T08:00:00Z')).toBe('2026-03-10T08:01:00.000Z');
    expect(next('cron(* * * * ? *)', '2026-03-10T08:00:30.500Z')).toBe('2026-03-10T08:01:00.000Z');
  });

  it('steps and ranges', () => {
    expect(fires('cron(0/15 * * * ? *)', '2026-03-10T08:50:00Z', 3)).toEqual([
      '2026-03-10T09:00',
      '2026-03-10T09:15',
      '2026-03-10T09:30',
    ]);
    expect(fires('cron(10-40/10 9 * * ? *)', '2026-03-10T00:00:00Z', 5)).toEqual([
      '2026-03-10T09:10',
      '2026-03-10T09:20',
      '2026-03-10T09:30',
      '2026-03-10T09:40',
      '2026-03-11T09:10',
    ]);
    expect(fires('cron(*/20 22-23 * * ? *)', '2026-12-31T23:30:00Z', 2)).toEqual([
      '2026-12-31T23:40',
      '2027-01-01T22:00',
    ]);
  });

  it('weekdays by name and number (1 = Sunday)', () => {
    // 2026-03-13 is a Friday.
    expect(fires('cron(0 18 ? * MON-FRI *)', '2026-03-13T19:00:00Z', 2)).toEqual([
      '2026-03-16T18:00',
      '2026-03-17T18:00',
    ]);
    expect(next('cron(0 0 ? * 1 *)', '2026-03-13T00:00:00Z')).toBe('2026-03-15T00:00:00.000Z');
    expect(next('cron(0 0 ? * SUN *)', '2026-03-13T00:00:00Z')).toBe('2026-03-15T00:00:00.000Z');
    expect(next('cron(0 0 ? * L *)', '2026-03-13T00:00:00Z')).toBe('2026-03-14T00:00:00.000Z');
  });

  it('L: last day of the month, leap years included', () => {
    expect(fires('cron(0 0 L * ? *)', '2028-01-15T00:00:00Z', 3)).toEqual([
      '2028-01-31T00:00',
      '2028-02-29T00:00',
      '2028-03-31T00:00',
    ]);
    expect(next('cron(0 0 L 2 ? *)', '2026-01-01T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
  });

  it('LW: last weekday of the month', () => {
    // 2026-05-31 is a Sunday, so the last weekday is Friday the 29th.
    expect(next('cron(0 0 LW * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
  });

  it('nW: the weekday nearest the day, within the month', () => {
    // 2026-03-15 is a Sunday: nearest weekday is Monday the 16th.
    expect(next('cron(0 0 15W * ? *)', '2026-03-01T00:00:00Z')).toBe('2026-03-16T00:00:00.000Z');
    // 2026-08-01 is a Saturday: 1W does not go back into July, it moves to Monday the 3rd.
    expect(next('cron(0 0 1W * ? *)', '2026-07-31T00:00:00Z')).toBe('2026-08-03T00:00:00.000Z');
    // 2026-01-31 is a Saturday: 31W is Friday the 30th.
    expect(next('cron(0 0 31W * ? *)', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
  });

  it('nL in Day-of-week: the last such weekday of the month', () => {
    // Last Friday (6) of March 2026 is the 27th.
    expect(next('cron(0 0 ? * 6L *)', '2026-03-01T00:00:00Z')).toBe('2026-03-27T00:00:00.000Z');
    expect(next('cron(0 0 ? * FRIL *)', '2026-03-01T00:00:00Z')).toBe('2026-03-27T00:00:00.000Z');
  });

  it('#: the nth weekday of the month', () => {
    // The first Monday of each month at 09:00.
    expect(fires('cron(0 9 ? * 2#1 *)', '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-02T09:00',
      '2026-04-06T09:00',
      '2026-05-04T09:00',
    ]);
    // A fifth Tuesday exists only in some months: March 2026 has one (the 31st), April does not.
    expect(fires('cron(0 0 ? * TUE#5 *)', '2026-03-01T00:00:00Z', 2)).toEqual(['2026-03-31T00:00', '2026-06-30T00:00']);
  });

  it('months and years, including a schedule that has ended', () => {
    expect(next('cron(0 0 1 JAN,JUL ? *)', '2026-03-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z');
    expect(next('cron(30 6 29 2 ? *)', '2026-03-01T00:00:00Z')).toBe('2028-02-29T06:30:00.000Z');
    expect(next('cron(0 12 * * ? 2025)', '2026-03-01T00:00:00Z')).toBeUndefined();
    expect(next('cron(0 0 31 4 ? *)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('day 31 skips shorter months', () => {
    expect(fires('cron(0 0 31 * ? *)', '2026-01-31T01:00:00Z', 2)).toEqual(['2026-03-31T00:00', '2026-05-31T00:00']);
  });

  it('agrees with cronMatches minute by minute over two days', () => {
    const schedule = parseCron('cron(0/7 1-3,22 ? * MON,WED-FRI *)');
    let t = at('2026-03-09T00:00:00Z');
    const end = at('2026-03-11T00:00:00Z').getTime();
    const bySearch: string[] = [];
    for (
      let f = nextFireTime(schedule, at('2026-03-08T23:59:00Z'));
      f && f.getTime() < end;
      f = nextFireTime(schedule, f)
    ) {
      bySearch.push(f.toISOString());
    }
    const byScan: string[] = [];
    for (; t.getTime() < end; t = new Date(t.getTime() + 60_000))
      if (cronMatches(schedule, t)) byScan.push(t.toISOString());
    expect(bySearch).toEqual(byScan);
    expect(byScan.length).toBeGreaterThan(0);
  });
});
