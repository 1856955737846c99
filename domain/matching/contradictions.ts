/**
 * What two records of one company do not disagree on. A company keeps one tax id, one legal form,
 * one web domain and one seat: two records that disagree on any of them are two companies (a
 * namesake, a subsidiary, a franchisee) or one that moved, and a person should look before they
 * merge. Phones and e-mails are not here: one company has many, and sources write different ones.
 *
 * Used by the name rule (same normalized name, nothing contradicting: at least review) and by
 * the automatic-merge decision: a contradicted pair is merged without a person only when an
 * identifier beyond the name corroborates it (another city next to the same phone and street is
 * a company spelled its city otherwise; the same name in another city and nothing shared is not).
 */
import type { AccountMatchRecord } from './match-record';
import { jaroWinkler, levenshtein } from './string-similarity';

/**
 * The same legal form written in another script or language: a Russian ООО is what its Latin
 * spelling calls an LLC, an АО a JSC. Keys are the canonical forms `splitLegalForm` returns.
 */
const FORM_EQUIVALENT: Readonly<Record<string, string>> = { LLC: 'ООО', JSC: 'АО', PJSC: 'ПАО', CJSC: 'ЗАО', OJSC: 'ОАО' };

/** The legal form as compared: equivalent spellings collapse to one key. */
export function legalFormKey(form: string | null): string | null {
  return form === null ? null : (FORM_EQUIVALENT[form] ?? form);
}

export type Contradiction = 'different_tax_ids' | 'different_legal_forms' | 'different_domains' | 'different_countries' | 'different_postcodes' | 'different_cities';

export const CONTRADICTION_TEXT: Readonly<Record<Contradiction, string>> = {
  different_tax_ids: 'different tax ids',
  different_legal_forms: 'different legal forms',
  different_domains: 'different web domains',
  different_countries: 'different countries',
  different_postcodes: 'different postcodes',
  different_cities: 'different cities',
};

/** City spellings closer than this are one city ("Gerona"/"Girona"), as the city comparison's fuzzy level. */
const SAME_CITY_JW = 0.9;

/**
 * The first thing the two records disagree on, or null. A value missing on either side is no
 * contradiction; postcodes one typo apart and city spellings that the city comparison calls
 * similar are not either.
 */
export function accountContradiction(a: AccountMatchRecord, b: AccountMatchRecord): Contradiction | null {
  if (a.tax !== null && b.tax !== null && a.tax !== b.tax) return 'different_tax_ids';
  if (a.form !== null && b.form !== null && legalFormKey(a.form) !== legalFormKey(b.form)) return 'different_legal_forms';
  if (a.domain !== null && b.domain !== null && a.domain !== b.domain) return 'different_domains';
  if (a.country !== null && b.country !== null && a.country !== b.country) return 'different_countries';
  if (a.postcode !== null && b.postcode !== null && a.postcode !== b.postcode && levenshtein(a.postcode, b.postcode) > 1) return 'different_postcodes';
  // One postcode is one place, whatever the city is called there ("Sevilla"/"Seville").
  const samePostcode = a.postcode !== null && a.postcode === b.postcode;
  if (a.city !== null && b.city !== null && a.city !== b.city && !samePostcode && jaroWinkler(a.city, b.city) < SAME_CITY_JW) return 'different_cities';
  return null;
}

/**
 * The records share an identifier beyond the name: an e-mail address, a phone number (last 7
 * digits), the web domain, or the street with its house number. A postcode or a city is a place
 * many companies share, not an identifier.
 */
export function accountCorroboration(a: AccountMatchRecord, b: AccountMatchRecord): boolean {
  if (a.domain !== null && a.domain === b.domain) return true;
  if (a.street !== null && a.house !== null && a.street === b.street && a.house === b.house) return true;
  for (const e of a.emails) if (b.emails.includes(e)) return true;
  for (const x of a.phones) for (const y of b.phones) if (x === y || (x.length >= 7 && x.slice(-7) === y.slice(-7))) return true;
  return false;
}
