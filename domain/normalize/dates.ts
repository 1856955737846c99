/**
 * Business dates ('YYYY-MM-DD', no time zone: an invoice date is a calendar day, not an
 * instant) and instants (ISO-8601 UTC) from text cells or Excel serial numbers.
 *
 * Day/month order comes from the locale profile, never from the row: guessing per row would
 * read 03/04/2024 and 13/04/2024 from the same column in two different orders.
 * No clock is read anywhere: results depend only on the input.
 */
import type { LocaleProfile } from './locale-profiles';
import { fail, type Failure } from './result';

export type DateResult = { ok: true; value: string } | Failure;
export type InstantResult = { ok: true; value: string } | Failure;
export interface DateOptions {
  /** The workbook uses the 1904 date system (old Mac Excel): serial 0 = 1904-01-01. */
  date1904?: boolean;
}
export interface InstantOptions extends DateOptions {
  /** IANA zone for values without an offset (e.g. 'Europe/Madrid'); UTC when absent. */
  timeZone?: string;
}

// Optional time of day, AM/PM and zone after a date. Groups: hour, minute, second, fraction, ampm, zone.
const TAIL = '(?:(?:[T\\s]+|,\\s*)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*([AaPp]\\.?[Mm]\\.?)?\\s*(Z|[+\\-]\\d{2}(?::?\\d{2})?)?)?';
const YEAR_FIRST = new RegExp(`^(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${TAIL}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
// Russian "4.03.2024 г." and Polish "04.03.2024 r." add a "year" abbreviation.
const SHORT_FIRST = new RegExp(`^(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})(?:\\s*[гr]\\.?)?${TAIL}$`);

interface DateTimeParts {
  y: number; m: number; d: number;
  hh: number; mi: number; ss: number; ms: number;
  /** Minutes east of UTC, or null when the text had no zone. */
  offset: number | null;
}

const MAX_SERIAL_1900 = 2958465; // 9999-12-31
const MAX_SERIAL_1904 = 2957003;
const DAYS_1899_12_30 = -25569; // days from 1970-01-01 (Unix epoch) to Excel's effective epoch
const DAYS_1904_01_01 = -24107;
const MS_PER_DAY = 86_400_000;

/** A calendar date as 'YYYY-MM-DD'; any time part in the cell is ignored. */
export function parseBusinessDate(input: string | number, profile: LocaleProfile, opts?: DateOptions): DateResult {
  if (typeof input === 'number') {
    const t = excelSerialToUtcMs(input, opts?.date1904 ?? false);
    if (typeof t !== 'number') return t;
    const [y, m, d] = civilFromDays(Math.floor(t / MS_PER_DAY));
    return { ok: true, value: ymd(y, m, d) };
  }
  const parts = parseDateText(input, profile);
  if (!parts.ok) return parts;
  const { y, m, d } = parts.value;
  return { ok: true, value: ymd(y, m, d) };
}

/**
 * An instant as ISO-8601 in UTC ('2024-03-04T09:30:00.000Z'). A value with an explicit offset
 * keeps its meaning; a naive one ("04/03/2024 10:30", or an Excel serial, which never carries a
 * zone) is read in `opts.timeZone`, and in UTC when none is given — the import's mapping must
 * name the source's zone, because silently using the server's would make results host-dependent.
 */
export function parseInstant(input: string | number, profile: LocaleProfile, opts?: InstantOptions): InstantResult {
  let localMs: number;
  let offset: number | null = null;
  if (typeof input === 'number') {
    const t = excelSerialToUtcMs(input, opts?.date1904 ?? false);
    if (typeof t !== 'number') return t;
    localMs = t;
  } else {
    const parts = parseDateText(input, profile);
    if (!parts.ok) return parts;
    const p = parts.value;
    localMs = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mi, p.ss, p.ms);
    offset = p.offset;
  }
  let utcMs: number;
  if (offset !== null) utcMs = localMs - offset * 60_000;
  else if (opts?.timeZone) {
    const zoned = zonedToUtc(localMs, opts.timeZone);
    if (typeof zoned !== 'number') return zoned;
    utcMs = zoned;
  } else utcMs = localMs;
  return { ok: true, value: new Date(utcMs).toISOString() };
}

function parseDateText(input: string, profile: LocaleProfile): { ok: true; value: DateTimeParts } | Failure {
  const s = input.trim();
  if (s === '') return fail('empty');
  let y: number, m: number, d: number;
  let tail: RegExpExecArray | null = null;
  let match: RegExpExecArray | null;
  if ((match = COMPACT.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = YEAR_FIRST.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[3]), Number(match[4])];
    tail = match;
  } else if ((match = SHORT_FIRST.exec(s))) {
    const a = Number(match[1]);
    const b = Number(match[3]);
    const yearText = match[4] as string;
    const year = Number(yearText);
    // Two-digit years pivot at 69: 00-69 → 2000s, 70-99 → 1900s.
    const fullYear = yearText.length === 2 ? (year <= 69 ? 2000 + year : 1900 + year) : year;
    if (profile.dateOrder === 'MDY') [y, m, d] = [fullYear, a, b];
    else if (profile.dateOrder === 'DMY') [y, m, d] = [fullYear, b, a];
    else return fail(`"${s}" is not year-first, but profile ${profile.code} expects YMD`);
    tail = match;
  } else {
    return fail(`not a date: "${s}"`);
  }
  if (y < 1000) return fail(`year out of range: ${y}`);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return fail(`no such calendar date: "${s}"`);
  const time = tail ? readTime(tail) : { hh: 0, mi: 0, ss: 0, ms: 0, offset: null };
  if (!time) return fail(`invalid time: "${s}"`);
  return { ok: true, value: { y, m, d, ...time } };
}

/** Time groups start at index 5 in both date regexes that carry a TAIL. */
function readTime(g: RegExpExecArray): Omit<DateTimeParts, 'y' | 'm' | 'd'> | null {
  if (g[5] === undefined) return { hh: 0, mi: 0, ss: 0, ms: 0, offset: null };
  let hh = Number(g[5]);
  const mi = Number(g[6]);
  const ss = g[7] === undefined ? 0 : Number(g[7]);
  const ms = g[8] === undefined ? 0 : Math.floor(Number(`0.${g[8]}`) * 1000);
  const ampm = g[9];
  if (ampm) {
    if (hh < 1 || hh > 12) return null;
    const pm = ampm[0] === 'p' || ampm[0] === 'P';
    hh = (hh % 12) + (pm ? 12 : 0);
  }
  if (hh > 23 || mi > 59 || ss > 59) return null;
  let offset: number | null = null;
  const zone = g[10];
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
    if (minutes > 18 * 60) return null;
    offset = zone[0] === '-' ? -minutes : minutes;
  }
  return { hh, mi, ss, ms, offset };
}

/**
 * Excel serial → milliseconds as if UTC. In the 1900 system Excel copies Lotus 1-2-3's bug of a
 * 29 February 1900: serials 1-59 count from 1899-12-31, 60 is that phantom day, and from 61
 * (1900-03-01) on the effective epoch is 1899-12-30.
 */
function excelSerialToUtcMs(serial: number, date1904: boolean): number | Failure {
  if (!Number.isFinite(serial)) return fail(`not a date serial: ${serial}`);
  const whole = Math.floor(serial);
  if (date1904 ? whole < 0 || whole > MAX_SERIAL_1904 : whole < 1 || whole > MAX_SERIAL_1900) {
    return fail(`Excel date serial out of range: ${serial}`);
  }
  if (!date1904 && whole === 60) return fail('Excel serial 60 is 1900-02-29, a day that does not exist (Lotus 1-2-3 bug)');
  const days = date1904 ? DAYS_1904_01_01 + whole : whole < 60 ? DAYS_1899_12_30 + 1 + whole : DAYS_1899_12_30 + whole;
  // Fractions are the time of day; round to the millisecond to drop float noise (0.5 → 12:00).
  return days * MS_PER_DAY + Math.round((serial - whole) * MS_PER_DAY);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** UTC ms for a wall-clock time in an IANA zone (uses the ICU tz database, not the clock). */
function zonedToUtc(localMs: number, timeZone: string): number | Failure {
  let fmt = zoneFormats.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      return fail(`unknown time zone "${timeZone}"`);
    }
    zoneFormats.set(timeZone, fmt);
  }
  // Two passes settle the offset across DST changes (an ambiguous time takes the first offset).
  let utc = localMs - zoneOffsetMs(fmt, localMs);
  utc = localMs - zoneOffsetMs(fmt, utc);
  return utc;
}

function zoneOffsetMs(fmt: Intl.DateTimeFormat, utcMs: number): number {
  const f: Record<string, number> = {};
  for (const p of fmt.formatToParts(utcMs)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  const asUtc = Date.UTC(f.year ?? 0, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
