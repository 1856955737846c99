/**
 * Decimal and money parsing for spreadsheet cells written in any European convention.
 *
 * Amounts stay strings/bigints end to end: a float never touches a value, so 0.1 + 0.2 noise
 * and rounding drift cannot enter the CRM.
 */
import type { LocaleProfile } from './locale-profiles';
import { CURRENCY_TOKEN_SOURCE, currencyFromToken, currencyMinorDigits } from './currencies';
import { fail, type Failure } from './result';

export type DecimalResult = { ok: true; value: string; currency?: string } | Failure;
export type MoneyResult = { ok: true; amountMinor: bigint; currency: string } | Failure;

const SIGN = '[+\\-\u2212]';
const CUR = CURRENCY_TOKEN_SOURCE;
// The numeric body: digits with any separators between them, optionally a leading decimal
// separator (".5"). Everything around it (signs, parentheses, currency) is captured separately.
const NUM = `[.,]?\\d(?:[\\d.,'\u2019 \u00a0\u202f\u2009]*\\d)?`;
const CELL = new RegExp(
  `^\\s*(\\()?\\s*(${SIGN})?\\s*(${CUR})?\\s*(${SIGN})?\\s*(${NUM})\\s*(${SIGN})?\\s*(${CUR})?\\s*(${SIGN})?\\s*(\\))?\\s*$`,
  'iu',
);
const DIGITS = /^\d+$/;
const GROUP_CHARS = ".,'\u2019 \u00a0\u202f\u2009";
const SPACE_CHARS = ' \u00a0\u202f\u2009';
const CANONICAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parse a cell into a canonical decimal string ("-1234.56"), noting any currency it carried. */
export function parseDecimal(input: string | number, profile: LocaleProfile): DecimalResult {
  if (typeof input === 'number') return decimalFromNumber(input);
  const m = CELL.exec(input);
  if (!m) return fail(input.trim() === '' ? 'empty' : `not a number: "${input}"`);
  const [, open, s1, c1, s2, body = '', s3, c2, s4, close] = m;

  if (Boolean(open) !== Boolean(close)) return fail('unbalanced parentheses');
  const signs = [s1, s2, s3, s4].filter((s) => s !== undefined);
  if (signs.length > 1 || (open && signs.length > 0)) return fail('more than one sign');
  if (c1 && c2) return fail('more than one currency');
  let currency: string | undefined;
  const token = c1 ?? c2;
  if (token) {
    currency = currencyFromToken(token);
    if (!currency) return fail(`unknown currency "${token}"`);
  }

  const parts = splitBody(body, profile);
  if (!parts.ok) return parts;
  const negative = Boolean(open) || (signs[0] !== undefined && signs[0] !== '+');
  const value = canonical(negative, parts.int, parts.frac);
  return currency ? { ok: true, value, currency } : { ok: true, value };
}

type BodyParts = { ok: true; int: string; frac: string } | Failure;

/** Decide which separator (if any) is the decimal one, then validate the digit grouping. */
function splitBody(body: string, profile: LocaleProfile): BodyParts {
  if (DIGITS.test(body)) return { ok: true, int: body, frac: '' };
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: whichever comes last is the decimal separator (1.234,56 / 1,234.56).
    decimalAt = Math.max(lastDot, lastComma);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const at = Math.max(lastDot, lastComma);
    const ch = body[at] as '.' | ',';
    if (body.indexOf(ch) !== at) {
      decimalAt = -1; // repeated: can only be grouping (1.234.567)
    } else if (ch === profile.decimalSeparator) {
      decimalAt = at;
    } else if (profile.groupSeparators.includes(ch) && validGrouping(body)) {
      decimalAt = -1; // es: 1.234 → 1234
    } else {
      // Neither the profile's decimal separator nor a plausible thousands group (1.5 under es):
      // the only sensible reading is a decimal written in the other convention.
      decimalAt = at;
    }
  }
  const intPart = decimalAt < 0 ? body : body.slice(0, decimalAt);
  const frac = decimalAt < 0 ? '' : body.slice(decimalAt + 1);
  if (frac !== '' && !DIGITS.test(frac)) {
    return fail(frac.includes(body[decimalAt] as string) ? 'multiple decimal separators' : 'separator after the decimal separator');
  }
  if (intPart === '') return { ok: true, int: '0', frac };
  if (decimalAt >= 0 && intPart.includes(body[decimalAt] as string)) return fail('multiple decimal separators');
  if (!validGrouping(intPart)) {
    const dec = profile.decimalSeparator;
    const repeated = intPart.indexOf(dec) !== intPart.lastIndexOf(dec) || (decimalAt < 0 && intPart.includes(dec));
    return fail(repeated ? `multiple decimal separators: "${body}"` : `invalid digit grouping: "${body}"`);
  }
  return { ok: true, int: stripSeparators(intPart), frac };
}

/** 1-3 digits, then groups of exactly 3, all separated by one kind of separator. */
function validGrouping(intPart: string): boolean {
  let kind = '';
  let groupLen = 0;
  let groups = 0;
  for (let i = 0; i < intPart.length; i++) {
    const ch = intPart[i] as string;
    if (ch >= '0' && ch <= '9') {
      groupLen++;
      continue;
    }
    if (!GROUP_CHARS.includes(ch)) return false;
    const k = SPACE_CHARS.includes(ch) ? ' ' : ch === '\u2019' ? "'" : ch;
    if (kind === '') kind = k;
    else if (kind !== k) return false;
    if (groups === 0 ? groupLen < 1 || groupLen > 3 : groupLen !== 3) return false;
    // A leading zero group ("0.123") is a decimal, not thousands.
    if (groups === 0 && intPart[0] === '0') return false;
    groups++;
    groupLen = 0;
  }
  return groups === 0 || groupLen === 3;
}

function stripSeparators(intPart: string): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    const ch = intPart[i] as string;
    if (ch >= '0' && ch <= '9') out += ch;
  }
  return out;
}

function canonical(negative: boolean, int: string, frac: string): string {
  let i = 0;
  while (i < int.length - 1 && int[i] === '0') i++;
  let j = frac.length;
  while (j > 0 && frac[j - 1] === '0') j--;
  const intDigits = int.slice(i) || '0';
  const fracDigits = frac.slice(0, j);
  const isZero = intDigits === '0' && fracDigits === '';
  return `${negative && !isZero ? '-' : ''}${intDigits}${fracDigits ? `.${fracDigits}` : ''}`;
}

/**
 * XLSX cells arrive as JS numbers. String(n) is the shortest representation that round-trips
 * to the same double, i.e. exactly what the spreadsheet stored — no float noise added. Only the
 * exponent form ("1e+21", "1.5e-7") needs expanding.
 */
function decimalFromNumber(n: number): DecimalResult {
  if (!Number.isFinite(n)) return fail(`not a finite number: ${n}`);
  const s = String(n);
  const e = s.indexOf('e');
  const negative = s[0] === '-';
  const unsigned = negative ? s.slice(1, e < 0 ? undefined : e) : s.slice(0, e < 0 ? undefined : e);
  const dot = unsigned.indexOf('.');
  let int = dot < 0 ? unsigned : unsigned.slice(0, dot);
  let frac = dot < 0 ? '' : unsigned.slice(dot + 1);
  if (e >= 0) {
    const exp = Number(s.slice(e + 1));
    const digits = int + frac;
    const point = int.length + exp;
    if (point <= 0) {
      int = '0';
      frac = '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      int = digits + '0'.repeat(point - digits.length);
      frac = '';
    } else {
      int = digits.slice(0, point);
      frac = digits.slice(point);
    }
  }
  return { ok: true, value: canonical(negative, int, frac) };
}

/**
 * Minor units (cents) of a canonical decimal in `currency`, rounding half away from zero.
 * Throws on a non-canonical decimal or unknown currency: callers pass parseDecimal output and
 * a validated code, so either is a programming error (parseMoney checks both and fails softly).
 */
export function toMinorUnits(decimal: string, currency: string): bigint {
  const m = CANONICAL.exec(decimal);
  if (!m) throw new RangeError(`not a canonical decimal: "${decimal}"`);
  const digits = currencyMinorDigits(currency);
  if (digits === undefined) throw new RangeError(`unknown currency: "${currency}"`);
  const [, minus, int = '0', frac = ''] = m;
  const kept = frac.slice(0, digits).padEnd(digits, '0');
  let magnitude = BigInt(int + kept);
  const next = frac.charCodeAt(digits); // NaN when there is no further digit
  if (next >= 0x35 /* '5' */) magnitude += 1n;
  return minus ? -magnitude : magnitude;
}

/**
 * A money cell: amount in minor units plus currency. A currency written in the cell wins over
 * `defaultCurrency` (the column's), which wins over the profile's.
 */
export function parseMoney(input: string | number, profile: LocaleProfile, defaultCurrency?: string): MoneyResult {
  const parsed = parseDecimal(input, profile);
  if (!parsed.ok) return parsed;
  const currency = parsed.currency ?? defaultCurrency?.toUpperCase() ?? profile.defaultCurrency;
  if (currencyMinorDigits(currency) === undefined) return fail(`unknown currency "${currency}"`);
  return { ok: true, amountMinor: toMinorUnits(parsed.value, currency), currency };
}
