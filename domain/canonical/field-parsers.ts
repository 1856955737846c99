/**
 * zod building blocks that turn one mapped cell into a canonical value with the normalizers.
 * Each yields `null` for an empty cell and a zod issue (never an exception) for a bad one.
 */
import { z } from 'zod';
import {
  normalizeCountry,
  normalizeEmail,
  normalizePhone,
  normalizeTaxId,
  normalizeWebsite,
  parseBoolean,
  parseBusinessDate,
  splitEmails,
  cleanText,
} from '../normalize';
import type { LookupTable } from './fields';
import { asText, type MappedValue, type RowContext } from './row-context';

type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** `kind` tags the issue (zod `params.kind`) so the importer can tell an unknown lookup value from bad data. */
function fromResult<T>(parse: (text: string, raw: MappedValue) => Result<T>, kind?: string) {
  return z.unknown().optional().transform((value, ctx): T | null => {
    const raw = value as MappedValue;
    const text = asText(raw);
    if (text === null) return null;
    const r = parse(text, raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.reason, input: text, ...(kind ? { params: { kind } } : {}) });
    return z.NEVER;
  });
}

export const textField = () => fromResult((t) => ({ ok: true, value: cleanText(t) ?? t }));
export const idField = () => fromResult((t) => ({ ok: true, value: t }));

export const emailField = () =>
  fromResult((t) => {
    const r = normalizeEmail(t);
    return r.ok ? { ok: true, value: r.value } : r;
  });

export const emailsField = () =>
  fromResult((t) => {
    const { emails, invalid } = splitEmails(t);
    if (invalid.length) return { ok: false, reason: `invalid e-mail(s): ${invalid.join(', ')}` };
    return { ok: true, value: emails };
  });

export const phoneField = (rc: RowContext, country: () => string) =>
  fromResult((t) => {
    const r = normalizePhone(t, country() || rc.defaultCountry);
    return r.ok ? { ok: true, value: r.e164 } : r;
  });

export const taxIdField = (country: () => string) =>
  fromResult((t) => {
    const r = normalizeTaxId(t, country());
    return r.ok ? { ok: true, value: { value: r.value, country: r.country, kind: r.kind } } : r;
  });

export const websiteField = () =>
  fromResult((t) => {
    const r = normalizeWebsite(t);
    return r.ok ? { ok: true, value: { website: r.website, domain: r.domain } } : r;
  });

export const countryField = () =>
  fromResult<string>((t) => {
    return normalizeCountry(t);
  });

export const booleanField = () =>
  fromResult<boolean>((t, raw) => {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    return parseBoolean(t);
  });

export const dateField = (rc: RowContext) =>
  fromResult((t, raw) => {
    const r = parseBusinessDate(typeof raw === 'number' ? raw : t, rc.profile, { date1904: rc.date1904 });
    return r.ok ? { ok: true, value: r.value } : r;
  });

export const lookupField = (rc: RowContext, table: LookupTable) =>
  fromResult((t) => {
    const code = rc.lookups.resolve(table, t);
    if (code) return { ok: true, value: code };
    const known = rc.lookups.knownCodes(table);
    return { ok: false, reason: `unknown ${table} value "${t}" (known codes: ${known.join(', ')}); add it to the lookup or map it in the mapping's "values"` };
  }, 'unknown_lookup');

export const postcodeField = () =>
  // XLSX may hand a numeric postcode (08001 → 8001): the country's length is not known here,
  // so the value is kept as written; spreadsheets should store postcodes as text.
  fromResult((t) => ({ ok: true, value: t.replace(/\s+/g, ' ').toUpperCase() }));
