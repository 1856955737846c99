/**
 * Match records: the normalized comparison values of one account or contact.
 *
 * Built from canonical column values (CRM rows, import payloads) with the import's normalizers,
 * so "Distribuciones Pérez, S.L." and "DISTRIBUCIONES PEREZ SL" give the same name. Kept compact
 * on purpose (a million of them must fit in memory next to the candidate pairs): a few strings
 * per record, arrays only for multi-valued fields, no derived objects. Stored as jsonb in
 * match_profiles, hence the zod schemas.
 */
import { z } from 'zod';
import { cleanText, emailDomain, foldText, isFreeMailDomain, normalizeWebsite, splitLegalForm } from '../normalize';
import { splitStreet } from './street';

export const MATCH_ENTITIES = ['accounts', 'contacts'] as const;
export type MatchEntity = (typeof MATCH_ENTITIES)[number];

const NullableText = z.string().nullable();

export const AccountMatchRecord = z.strictObject({
  e: z.literal('accounts'),
  id: z.string(),
  /** Name without its legal form, folded to ASCII (Cyrillic transliterated). */
  name: NullableText,
  /** The same name in its own script, lower-cased, when it is not Latin ("ромашка"). */
  nameNative: NullableText,
  /** legal_name when it differs from name (folded the same way). */
  name2: NullableText,
  form: NullableText,
  /** "ES:B12345674"; the CRM only stores valid tax ids. */
  tax: NullableText,
  domain: NullableText,
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  street: NullableText,
  house: NullableText,
  postcode: NullableText,
  city: NullableText,
  country: NullableText,
});
export type AccountMatchRecord = z.infer<typeof AccountMatchRecord>;

export const ContactMatchRecord = z.strictObject({
  e: z.literal('contacts'),
  id: z.string(),
  first: NullableText,
  last: NullableText,
  /** YYYYMMDD */
  dob: NullableText,
  nid: NullableText,
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  street: NullableText,
  /** Address line 2 (building, estate), folded. */
  street2: NullableText,
  house: NullableText,
  postcode: NullableText,
  city: NullableText,
  region: NullableText,
  country: NullableText,
  account: NullableText,
});
export type ContactMatchRecord = z.infer<typeof ContactMatchRecord>;

export const MatchRecord = z.discriminatedUnion('e', [AccountMatchRecord, ContactMatchRecord]);
export type MatchRecord = z.infer<typeof MatchRecord>;

type Text = string | null | undefined;

export interface AccountMatchInput {
  name?: Text;
  legal_name?: Text;
  legal_form?: Text;
  tax_id?: Text;
  tax_id_country?: Text;
  website?: Text;
  domain?: Text;
  email?: Text;
  additional_emails?: readonly string[] | null;
  phone?: Text;
  additional_phones?: readonly string[] | null;
  street1?: Text;
  street2?: Text;
  postcode?: Text;
  city?: Text;
  region?: Text;
  country_code?: Text;
}

export interface ContactMatchInput {
  first_name?: Text;
  last_name?: Text;
  email?: Text;
  additional_emails?: readonly string[] | null;
  phone?: Text;
  mobile?: Text;
  additional_phones?: readonly string[] | null;
  birth_date?: Text;
  national_id?: Text;
  street1?: Text;
  street2?: Text;
  postcode?: Text;
  city?: Text;
  region?: Text;
  country_code?: Text;
  account_id?: Text;
}

// A letter outside the Latin script: the name is written natively (Cyrillic, Greek, …) and its
// transliteration may differ between sources ("Ромашка" vs "Romaschka"), so keep both forms.
const NON_LATIN_LETTER = /(?![\p{Script=Latin}])\p{L}/u;
const NON_ALNUM_RUN = /[^\p{L}\p{N}]+/gu;
const SPACES = /\s+/g;
const DIGITS = /[^0-9]/g;

function orNull(s: string): string | null {
  return s === '' ? null : s;
}

/** Folded company name without its legal form, plus the form (the given one wins). */
function companyName(raw: Text): { folded: string | null; native: string | null; form: string | null } {
  const clean = cleanText(raw);
  if (clean === null) return { folded: null, native: null, form: null };
  let split = splitLegalForm(clean);
  // Customers typing in lower case write "garcia hermanos sl": the undotted forms the import
  // trusts only in capitals ("SL", "SRL", "OOO"; "Hotel Spa" is a name) are split off for
  // matching when the whole name is lower case.
  if (split.legalForm === null && clean === clean.toLowerCase() && clean !== clean.toUpperCase()) {
    const upper = splitLegalForm(clean.toUpperCase());
    if (upper.legalForm !== null) split = upper;
  }
  const native = NON_LATIN_LETTER.test(split.name) ? orNull(split.name.toLowerCase().replace(NON_ALNUM_RUN, ' ').trim()) : null;
  return { folded: orNull(foldText(split.name)), native, form: split.legalForm };
}

/**
 * An array pushed to from empty keeps room for 17 elements (152 bytes for one e-mail address);
 * a dedupe holds a million records with two such arrays each, so they are copied to their length
 * (177 MB less at 853k accounts, measured).
 */
function exactLength(out: string[]): string[] {
  return out.length === 0 ? [] : out.slice();
}

function uniqueLower(values: ReadonlyArray<Text>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = cleanText(v)?.toLowerCase();
    if (s && !out.includes(s)) out.push(s);
  }
  return exactLength(out);
}

function uniquePhones(values: ReadonlyArray<Text>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = cleanText(v)?.replace(SPACES, '');
    if (s && !out.includes(s)) out.push(s);
  }
  return exactLength(out);
}

// Countries whose postcodes are all digits of one length: a spreadsheet that read "05031" as a
// number wrote "5031", so the leading zeros come back.
const NUMERIC_POSTCODE_DIGITS: Readonly<Record<string, number>> = { ES: 5, IT: 5, FR: 5, DE: 5, US: 5, RU: 6, FI: 5 };
const ALL_DIGITS = /^\d+$/;

export function normalizePostcode(raw: Text, country?: string | null): string | null {
  const s = cleanText(raw);
  if (s === null) return null;
  const compact = s.toUpperCase().replace(SPACES, '').replace(/-/g, '');
  const digits = country ? NUMERIC_POSTCODE_DIGITS[country] : undefined;
  if (digits && ALL_DIGITS.test(compact) && compact.length < digits && compact.length >= digits - 2) return compact.padStart(digits, '0');
  return orNull(compact);
}

function upper2(raw: Text): string | null {
  const s = cleanText(raw);
  return s === null ? null : s.toUpperCase();
}

function registrableDomain(values: AccountMatchInput, emails: readonly string[]): string | null {
  const given = cleanText(values.domain)?.toLowerCase();
  if (given) return given;
  const site = cleanText(values.website);
  if (site) {
    const r = normalizeWebsite(site);
    if (r.ok) return r.domain;
  }
  // A company's own mailbox domain identifies it; gmail.com does not.
  for (const email of emails) {
    const d = emailDomain(email);
    if (d && !isFreeMailDomain(d)) return d;
  }
  return null;
}

export function accountMatchRecord(id: string, values: AccountMatchInput): AccountMatchRecord {
  const main = companyName(values.name);
  const legal = companyName(values.legal_name);
  const emails = uniqueLower([values.email, ...(values.additional_emails ?? [])]);
  const address = splitStreet(values.street1);
  const taxId = cleanText(values.tax_id)?.toUpperCase().replace(SPACES, '');
  const taxCountry = upper2(values.tax_id_country) ?? upper2(values.country_code);
  const name = main.folded ?? legal.folded;
  return {
    e: 'accounts',
    id,
    name,
    nameNative: main.native ?? legal.native,
    name2: legal.folded !== null && legal.folded !== name ? legal.folded : null,
    form: cleanText(values.legal_form) ?? main.form ?? legal.form,
    tax: taxId ? `${taxCountry ?? '??'}:${taxId}` : null,
    domain: registrableDomain(values, emails),
    emails,
    phones: uniquePhones([values.phone, ...(values.additional_phones ?? [])]),
    street: address.street,
    house: address.house,
    postcode: normalizePostcode(values.postcode, upper2(values.country_code)),
    city: orNull(foldText(values.city)),
    country: upper2(values.country_code),
  };
}

/** 'YYYY-MM-DD' (or YYYYMMDD) → 'YYYYMMDD'; anything else → null. */
function compactDate(raw: Text): string | null {
  const s = cleanText(raw)?.replace(DIGITS, '');
  return s && s.length === 8 ? s : null;
}

export function contactMatchRecord(id: string, values: ContactMatchInput): ContactMatchRecord {
  const address = splitStreet(values.street1);
  return {
    e: 'contacts',
    id,
    first: orNull(foldText(values.first_name)),
    last: orNull(foldText(values.last_name)),
    dob: compactDate(values.birth_date),
    nid: orNull(foldText(values.national_id).replace(SPACES, '')),
    emails: uniqueLower([values.email, ...(values.additional_emails ?? [])]),
    phones: uniquePhones([values.phone, values.mobile, ...(values.additional_phones ?? [])]),
    street: address.street,
    street2: orNull(foldText(values.street2)),
    house: address.house,
    postcode: normalizePostcode(values.postcode, upper2(values.country_code)),
    city: orNull(foldText(values.city)),
    region: orNull(foldText(values.region)),
    country: upper2(values.country_code),
    account: cleanText(values.account_id),
  };
}

/** The match record of either entity, from its canonical values (a CRM row or a parsed file row). */
export function matchRecordOf(entity: MatchEntity, id: string, values: AccountMatchInput | ContactMatchInput): MatchRecord {
  return entity === 'accounts' ? accountMatchRecord(id, values as AccountMatchInput) : contactMatchRecord(id, values as ContactMatchInput);
}

/**
 * Fields whose values repeat across records (a city, a postcode, a street, a legal form): a
 * dedupe holding a million records keeps one copy of each value instead of one per record.
 */
const REPEATED_FIELDS: { readonly [E in MatchEntity]: readonly string[] } = {
  accounts: ['form', 'street', 'postcode', 'city', 'country'],
  contacts: ['street', 'postcode', 'city', 'region', 'country'],
};

/**
 * Replaces the record's repeated values with the pool's copy (adding new ones to it), in place,
 * and returns the record. For whole-CRM passes that hold every record in memory; the pool lives as
 * long as the pass.
 */
export function shareRepeatedValues<R extends MatchRecord>(record: R, pool: Map<string, string>): R {
  const r = record as unknown as Record<string, string | null>;
  for (const field of REPEATED_FIELDS[record.e]) {
    const value = r[field];
    if (value == null) continue;
    const shared = pool.get(value);
    if (shared === undefined) pool.set(value, value);
    else r[field] = shared;
  }
  return record;
}
