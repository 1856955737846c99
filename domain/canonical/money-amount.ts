/**
 * Money fields of fact rows (invoices, lines, and later receivables and orders). A source gives an
 * amount either in minor units under `<name>_minor` (integer) or as a decimal under `<name>`,
 * which is converted with the ISO 4217 exponent of the row's currency (EUR/PLN 2, JPY 0, KWD 3).
 *
 * - A decimal that arrives as text (CSV, a DECIMAL column read as a string, e-invoice XML) is read
 *   exactly, with the locale profile's separators ("1.234,56" under es), then rounded half away
 *   from zero to the currency's digits if it has more.
 * - A decimal that arrives as a JS number is a float (an ERP DOUBLE column, an XLSX cell). It is
 *   rounded once, from its shortest round-trip decimal (what the ERP displays): 1.005 → 1.01,
 *   where Math.round(1.005 * 100) gives 1.00 because the double is 1.00499999999999989…
 * - Minor units must be whole: 1234, "1234", "-50". A fractional or unsafe JS number is an issue.
 * - Both forms given and disagreeing is an issue; neither is null.
 */
import { currencyMinorDigits, parseDecimal, toMinorUnits, type LocaleProfile } from '../normalize';
import type { CellParser } from './field-parsers';
import { asText, type MappedFields, type MappedValue } from './row-context';

export type AmountResult = { ok: true; value: bigint | null } | { ok: false; path: string; message: string };

/** An ISO 4217 code with a minor unit ("eur" → "EUR"); metals and test codes are refused. */
export const currencyField = (): CellParser<string> => (raw) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const code = text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || currencyMinorDigits(code) === undefined) {
    return { ok: false, reason: `unknown currency "${text}" (an ISO 4217 code such as EUR, PLN, JPY)` };
  }
  return { ok: true, value: code };
};

const WHOLE = /^[+-]?\d+$/;

/** The amount `name` of a row in minor units of `currency` (see the file comment for the rules). */
export function readAmount(input: MappedFields, name: string, currency: string | null, profile: LocaleProfile): AmountResult {
  const minorName = `${name}_minor`;
  const minor = readMinor(input[minorName], minorName);
  if (!minor.ok) return minor;
  const decimal = readDecimal(input[name], name, currency, profile);
  if (!decimal.ok) return decimal;
  if (minor.value !== null && decimal.value !== null && minor.value !== decimal.value) {
    return { ok: false, path: name, message: `${name} (${decimal.value} minor units) and ${minorName} (${minor.value}) disagree` };
  }
  return { ok: true, value: minor.value ?? decimal.value };
}

function readMinor(raw: MappedValue, path: string): AmountResult {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return { ok: false, path, message: `${path} must be a whole number of minor units, got ${raw}` };
    if (!Number.isSafeInteger(raw)) return { ok: false, path, message: `${path} ${raw} is beyond exact JS integers: send it as text` };
    return { ok: true, value: BigInt(raw) };
  }
  if (typeof raw === 'boolean') return { ok: false, path, message: `${path} must be a number, got ${raw}` };
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  if (!WHOLE.test(text)) return { ok: false, path, message: `${path} must be a whole number of minor units, got "${text}"` };
  return { ok: true, value: BigInt(text) };
}

function readDecimal(raw: MappedValue, path: string, currency: string | null, profile: LocaleProfile): AmountResult {
  if (typeof raw === 'boolean') return { ok: false, path, message: `${path} must be an amount, got ${raw}` };
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  if (currency === null) return { ok: false, path: 'currency', message: `currency is required to convert ${path} to minor units` };
  const parsed = parseDecimal(typeof raw === 'number' ? raw : text, profile);
  if (!parsed.ok) return { ok: false, path, message: `${path}: ${parsed.reason}` };
  if (parsed.currency && parsed.currency !== currency) {
    return { ok: false, path, message: `${path} is written in ${parsed.currency} but the row's currency is ${currency}` };
  }
  return { ok: true, value: toMinorUnits(parsed.value, currency) };
}
