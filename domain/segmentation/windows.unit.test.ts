import { describe, expect, it } from 'vitest';
import { addMonths, localDate, localMidnight, resolveWindow, windowDates } from './windows';

describe('windows', () => {
  it.each([
    [{ last: { n: 1, unit: 'day' } }, '2026-03-31', '2026-03-31', '2026-03-31'],
    [{ last: { n: 90, unit: 'day' } }, '2026-03-31', '2026-01-01', '2026-03-31'],
    [{ last: { n: 1, unit: 'week' } }, '2026-03-31', '2026-03-25', '2026-03-31'],
    [{ last: { n: 1, unit: 'month' } }, '2026-03-31', '2026-03-01', '2026-03-31'],
    [{ last: { n: 1, unit: 'month' } }, '2026-02-28', '2026-01-29', '2026-02-28'],
    [{ last: { n: 1, unit: 'month' } }, '2024-03-30', '2024-03-01', '2024-03-30'], // 30 Mar − 1 month = 29 Feb (leap)
    [{ last: { n: 12, unit: 'month' } }, '2026-12-03', '2025-12-04', '2026-12-03'],
    [{ last: { n: 1, unit: 'year' } }, '2024-02-29', '2023-03-01', '2024-02-29'],
    [{ calendar: 'last_month' }, '2026-03-31', '2026-02-01', '2026-02-28'],
    [{ calendar: 'this_month' }, '2024-02-10', '2024-02-01', '2024-02-29'],
    [{ calendar: 'last_quarter' }, '2026-01-15', '2025-10-01', '2025-12-31'],
    [{ calendar: 'this_quarter' }, '2026-05-31', '2026-04-01', '2026-06-30'],
    [{ calendar: 'last_year' }, '2026-12-03', '2025-01-01', '2025-12-31'],
    [{ calendar: 'last_week' }, '2026-12-03', '2026-11-23', '2026-11-29'], // Thursday → previous Mon–Sun
    [{ between: ['2026-05-01', '2026-01-01'] }, '2026-12-03', '2026-01-01', '2026-05-01'],
  ] as const)('%j as of %s = [%s, %s]', (w, asOf, from, to) => {
    expect(windowDates(w as never, asOf)).toEqual({ from, to });
  });

  it('clamps month arithmetic to month ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', -13)).toBe('2025-02-28');
  });

  it('gives a day its 23 hours on the spring DST change and 25 in autumn (Europe/Madrid)', () => {
    const spring = resolveWindow({ last: { n: 1, unit: 'day' } }, '2026-03-29', 'Europe/Madrid');
    expect(spring.fromInstant).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.toInstantExclusive).toBe('2026-03-29T22:00:00.000Z');
    const autumn = resolveWindow({ last: { n: 1, unit: 'day' } }, '2026-10-25', 'Europe/Madrid');
    expect(Date.parse(autumn.toInstantExclusive) - Date.parse(autumn.fromInstant)).toBe(25 * 3_600_000);
    // A 7-day window across the change is 7 × 24 − 1 hours.
    const week = resolveWindow({ last: { n: 7, unit: 'day' } }, '2026-04-01', 'Europe/Madrid');
    expect(Date.parse(week.toInstantExclusive) - Date.parse(week.fromInstant)).toBe((7 * 24 - 1) * 3_600_000);
  });

  it('handles zones west of UTC and zones whose DST starts at midnight', () => {
    expect(localMidnight('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnight('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    // Santiago skips 00:00–01:00 on 6 Sep 2026: the day starts at 01:00 local (04:00Z).
    expect(localDate(new Date(localMidnight('2026-09-06', 'America/Santiago')), 'America/Santiago')).toBe('2026-09-06');
  });

  it('takes the business date of a run in its zone', () => {
    expect(localDate(new Date('2026-03-01T23:30:00Z'), 'Europe/Madrid')).toBe('2026-03-02');
    expect(localDate(new Date('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
  });
});
