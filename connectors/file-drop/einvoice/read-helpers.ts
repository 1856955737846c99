/**
 * What both format readers share: required-element reads that fail with a message naming the
 * file, the document and the element; the external id scheme; the counterpart's account record
 * and the own-tax-id test.
 */
import { EInvoiceError } from './errors';
import { addDecimals, formatDecimal, parseDecimalText, type Decimal } from './decimal';
import { textAt, type XmlElement } from './xml-tree';
import type { RawRecord } from './types';

/** Where in the file a document sits, for error messages ("body 2", "Fa"). */
export interface Place {
  file: string;
  where: string;
}

export function invalid(place: Place, reason: string): EInvoiceError {
  return new EInvoiceError('invalid_document', place.file, `${place.where}: ${reason}`);
}

export function requiredText(place: Place, el: XmlElement | undefined, path: string[]): string {
  const t = textAt(el, ...path);
  if (t === null) throw invalid(place, `${path.join('/')} is missing`);
  return t;
}

export function decimalAt(place: Place, el: XmlElement | undefined, path: string[]): Decimal | null {
  const t = textAt(el, ...path);
  return t === null ? null : decimalOf(place, t, path.join('/'));
}

export function decimalOf(place: Place, text: string, what: string): Decimal {
  const d = parseDecimalText(text);
  if (!d) throw invalid(place, `${what} "${text}" is not a decimal number`);
  return d;
}

export function requiredDecimal(place: Place, el: XmlElement | undefined, path: string[]): Decimal {
  const d = decimalAt(place, el, path);
  if (!d) throw invalid(place, `${path.join('/')} is missing`);
  return d;
}

/** A sum of amounts; at least two decimals, so an empty sum is "0.00" like the amounts it adds. */
export const sumDecimals = (values: readonly Decimal[]): Decimal => addDecimals([{ units: 0n, scale: 2 }, ...values]);
export const decimalText = (d: Decimal | null): string | null => (d ? formatDecimal(d) : null);

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** An xs:date as YYYY-MM-DD (a time-zone suffix, which xs:date allows, is dropped). */
export function dateOf(place: Place, text: string | null, what: string): string | null {
  if (text === null) return null;
  const m = ISO_DATE.exec(text);
  if (!m) throw invalid(place, `${what} "${text}" is not a date (YYYY-MM-DD)`);
  return m[1]!;
}

export function earliest(dates: readonly string[]): string | null {
  return dates.length ? [...dates].sort()[0]! : null;
}

/** Upper-case letters and digits only: "it 0246-813 0584" → "IT02468130584". */
export const compactId = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Invoice external id: `<seller country><seller tax id>:<number>:<issue year>`, e.g.
 * "IT12345670017:2024/101:2024". Italian (DPR 633/72 art. 21; circolare 1/E 2013) and Polish
 * (VAT act art. 106e ust. 1 pkt 2) law both require a number that identifies the invoice
 * uniquely among the seller's documents of the year (series included), so the triple is unique
 * per seller without the document type — which lets a credit note name the external id of the
 * invoice it corrects, from the number and date it cites.
 */
export function invoiceExternalId(sellerKey: string, number: string, issueDate: string): string {
  return `${sellerKey}:${number}:${issueDate.slice(0, 4)}`;
}

/** A party as the readers see it, format-neutral. */
export interface Party {
  name: string | null;
  /** Tax id as the account should carry it: with its country prefix when it is a VAT number. */
  taxId: string | null;
  taxIdCountry: string | null;
  /** Every spelling of the party's ids, compact, to compare with `ownTaxIds`. */
  idKeys: string[];
  street1: string | null;
  street2: string | null;
  postcode: string | null;
  city: string | null;
  region: string | null;
  countryCode: string | null;
  email: string | null;
  phone: string | null;
}

/** The account record of a counterpart; `external_id` is null: accounts resolve by tax id. */
export function accountRecord(p: Party): RawRecord {
  return {
    external_id: null,
    name: p.name,
    tax_id: p.taxId,
    tax_id_country: p.taxIdCountry,
    street1: p.street1,
    street2: p.street2,
    postcode: p.postcode,
    city: p.city,
    region: p.region,
    country_code: p.countryCode,
    email: p.email,
    phone: p.phone,
  };
}

/** VAT prefixes that are not the ISO country code. */
export const vatPrefixCountry = (prefix: string): string => (prefix === 'EL' ? 'GR' : prefix);

export function ownIdSet(ownTaxIds: readonly string[]): ReadonlySet<string> {
  return new Set(ownTaxIds.map(compactId).filter((k) => k !== ''));
}

export function isOwn(party: Party, own: ReadonlySet<string>): boolean {
  return party.idKeys.some((k) => own.has(k));
}
