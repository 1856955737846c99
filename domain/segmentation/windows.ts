/**
 * Relative date windows in a time zone, resolved against the run's as-of date (never now()).
 * A window is a range of business dates [from, to], both included; facts stamped with an instant
 * (orders, activities, site visits) are compared with the instants of local midnight, computed
 * here so that a day across a DST change has its 23 or 25 hours.
 *
 * - rolling `last n days` = (as_of − n days, as_of], today included;
 * - rolling `last n months` starts the day after as_of − n months, clamped to the month's end
 *   (as of 31 March, last 1 month = 1–31 March; as of 28 February = 29 January–28 February);
 * - calendar periods are whole periods (ISO weeks start on Monday).
 */
import type { CalendarPeriod, Window } from './rule-schema';

export interface DateRange { from: string; to: string }
export interface ResolvedWindow extends DateRange { fromInstant: string; toInstantExclusive: string }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(d: string): [number, number, number] {
  const m = ISO_DATE.exec(d);
  if (!m) throw new Error(`not an ISO date: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  const [y, m, day] = parts(d);
  return fmt(Date.UTC(y, m - 1, day + n));
}

function daysInMonth(y: number, m0: number): number {
  return new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
}

/** Adds months, clamping the day to the target month's last day (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(d: string, n: number): string {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12;
  return fmt(Date.UTC(ty, tm, Math.min(day, daysInMonth(ty, tm))));
}

export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

export type Period = 'week' | 'month' | 'quarter' | 'year';

export function periodStart(d: string, period: Period): string {
  const [y, m, day] = parts(d);
  if (period === 'year') return `${y}-01-01`;
  if (period === 'quarter') return fmt(Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1));
  if (period === 'month') return fmt(Date.UTC(y, m - 1, 1));
  const dow = (new Date(Date.UTC(y, m - 1, day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(d, -dow);
}

export function periodEnd(d: string, period: Period): string {
  const start = periodStart(d, period);
  if (period === 'week') return addDays(start, 6);
  return addDays(addMonths(start, period === 'year' ? 12 : period === 'quarter' ? 3 : 1), -1);
}

function calendar(asOf: string, p: CalendarPeriod): DateRange {
  const [which, unit] = p.split('_') as ['this' | 'last', Period];
  let anchor = asOf;
  if (which === 'last') anchor = unit === 'week' ? addDays(periodStart(asOf, 'week'), -1) : addDays(periodStart(asOf, unit), -1);
  return { from: periodStart(anchor, unit), to: periodEnd(anchor, unit) };
}

export function windowDates(w: Window, asOf: string): DateRange {
  if ('between' in w) {
    const [a, b] = w.between;
    return a <= b ? { from: a, to: b } : { from: b, to: a };
  }
  if ('calendar' in w) return calendar(asOf, w.calendar);
  const { n, unit } = w.last;
  if (unit === 'day') return { from: addDays(asOf, -(n - 1)), to: asOf };
  if (unit === 'week') return { from: addDays(asOf, -(7 * n - 1)), to: asOf };
  return { from: addDays(addMonths(asOf, -(unit === 'year' ? 12 * n : n)), 1), to: asOf };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at an instant. */
function zoneOffsetMs(ms: number, tz: string): number {
  let f = offsetFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(ms / 1000) * 1000;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The UTC instant of local midnight starting the date (the first instant of the day, where midnight is skipped). */
export function localMidnight(d: string, tz: string): string {
  const [y, m, day] = parts(d);
  const wall = Date.UTC(y, m - 1, day);
  // Offsets in force around the date; the day starts at the earliest instant whose local date is d
  // (one candidate where midnight exists; the end of the gap where DST skips midnight).
  const offsets = new Set([zoneOffsetMs(wall - 86_400_000, tz), zoneOffsetMs(wall, tz), zoneOffsetMs(wall + 86_400_000, tz)]);
  const starts = [...offsets].map((o) => wall - o).filter((ms) => fmtLocalDate(ms, tz) === d);
  return new Date(starts.length ? Math.min(...starts) : wall - zoneOffsetMs(wall, tz)).toISOString();
}

function fmtLocalDate(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** The business date of an instant in a zone: a run at 03:00 Madrid time on 2 March evaluates "as of 2 March". */
export function localDate(instant: Date, tz: string): string {
  return fmtLocalDate(instant.getTime(), tz);
}

export function resolveWindow(w: Window, asOf: string, tz: string): ResolvedWindow {
  const r = windowDates(w, asOf);
  return { ...r, fromInstant: localMidnight(r.from, tz), toInstantExclusive: localMidnight(addDays(r.to, 1), tz) };
}

export function describeWindow(w: Window): string {
  if ('between' in w) return `${w.between[0]}..${w.between[1]}`;
  if ('calendar' in w) return w.calendar.replace('_', ' ');
  return `last ${w.last.n} ${w.last.unit}${w.last.n === 1 ? '' : 's'}`;
}
