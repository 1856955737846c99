/**
 * Wall-clock times without a zone (MariaDB DATETIME, PostgreSQL timestamp) → ISO instants, in an
 * IANA zone, without a date library: Intl gives the zone's offset at an instant. Microseconds are
 * kept as text: JavaScript dates stop at milliseconds.
 */

/** `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]` optionally followed by a zone (`Z`, `+00`, `+01:00`, `-0530`). */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ParsedTimestamp {
  /** Milliseconds since the epoch of the wall-clock fields read as if they were UTC. */
  wallMs: number;
  /** Fraction of the second as written (digits only, may be longer than milliseconds). */
  fraction: string;
  /** Offset in minutes when the text carries a zone, else null. */
  offsetMinutes: number | null;
}

export function parseTimestamp(text: string): ParsedTimestamp | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const check = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  check.setUTCFullYear(Number(y)); // Date.UTC reads years 0–99 as 1900–1999
  const wallMs = check.getTime();
  // Rejects 2024-02-30 and 25:00 instead of letting Date roll them over.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h)) return null;
  return { wallMs, fraction: frac, offsetMinutes: zone ? zoneOffsetMinutes(zone) : null };
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offsets by quarter hour, per zone: Intl's formatToParts costs microseconds, and a sync converts
 * every timestamp of every row (three lookups each). A quarter hour whose two ends have the same
 * offset has that offset throughout (zones never change twice within 15 minutes); one that holds
 * a transition is not cached and is computed exactly.
 */
const QUARTER = 900_000;
const quarters = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in minutes (Europe/Madrid in July: +120). */
export function offsetAt(instantMs: number, zone: string): number {
  let cache = quarters.get(zone);
  if (!cache) quarters.set(zone, (cache = new Map()));
  const q = Math.floor(instantMs / QUARTER);
  const known = cache.get(q);
  if (known !== undefined) return known;
  const start = exactOffsetAt(q * QUARTER, zone);
  if (start === exactOffsetAt(q * QUARTER + QUARTER - 1, zone)) {
    if (cache.size >= 100_000) cache.clear(); // bounded: a few MB at most
    cache.set(q, start);
    return start;
  }
  return exactOffsetAt(instantMs, zone);
}

export function exactOffsetAt(instantMs: number, zone: string): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/**
 * The instant of a wall-clock time in a zone. In the autumn overlap the earlier instant (summer
 * time) is taken; a time in the spring gap is read with the offset before the gap.
 */
export function wallToInstantMs(wallMs: number, zone: string): number {
  const before = offsetAt(wallMs - 86_400_000, zone);
  const after = offsetAt(wallMs + 86_400_000, zone);
  // Try both offsets around the wall time; keep the one that round-trips, preferring the earlier instant.
  const candidates = [...new Set([before, after])].map((o) => wallMs - o * 60_000).sort((a, b) => a - b);
  for (const t of candidates) if (offsetAt(t, zone) * 60_000 === wallMs - t) return t;
  return wallMs - before * 60_000;
}

// Rows arrive ordered by updated_at: the same text repeats, and converting it is most of a row's cost.
let lastText = '';
let lastZone = '';
let lastIso: string | null = null;

/** ISO instant (`2024-07-01T08:00:00.123456Z`) of a database timestamp; `zone` is used when the text has none. */
export function toIsoInstant(text: string, zone: string): string | null {
  if (text === lastText && zone === lastZone) return lastIso;
  lastIso = convertToIso(text, zone);
  lastText = text;
  lastZone = zone;
  return lastIso;
}

function convertToIso(text: string, zone: string): string | null {
  const p = parseTimestamp(text);
  if (!p) return null;
  const ms = p.offsetMinutes !== null ? p.wallMs - p.offsetMinutes * 60_000 : zone === 'UTC' ? p.wallMs : wallToInstantMs(p.wallMs, zone);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const fraction = p.fraction.replace(/0+$/, '');
  return `${iso}${fraction ? `.${fraction}` : ''}Z`;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][zone]` minus whole seconds, keeping the fraction and the zone as written. */
export function shiftTimestampText(text: string, seconds: number): string | null {
  const m = TIMESTAMP.exec(text.trim());
  const p = parseTimestamp(text);
  if (!m || !p) return null;
  const shifted = new Date(p.wallMs - seconds * 1000).toISOString();
  const frac = p.fraction ? `.${p.fraction}` : '';
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}${frac}${m[8] ?? ''}`;
}
