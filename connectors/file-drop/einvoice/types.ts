/**
 * What the e-invoice parsers hand to the pipeline: one file's documents as stream records with
 * raw canonical field names, exactly like an ERP query with canonical column aliases. The shared
 * row schemas (domain/canonical/invoice-row.ts, invoice-line-row.ts, account-row.ts) validate and
 * normalize them like any other source.
 *
 * Value conventions (see README.md): amounts are exact decimal strings with the sign applied
 * (credit notes negative), '.' as decimal point and never exactly three decimals (so no locale
 * profile can read them as thousands); dates are YYYY-MM-DD; absent values are null.
 */

export type EInvoiceFormat = 'fatturapa' | 'ksef';
export type EInvoiceVersion = 'FPR12' | 'FPA12' | 'FA (2)' | 'FA (3)';
export type RawRecord = Record<string, string | null>;

export interface EInvoiceParseResult {
  format: EInvoiceFormat;
  version: EInvoiceVersion;
  /** A FatturaPA file may hold several bodies, each its own invoice; a KSeF file holds one. */
  documents: EInvoiceDocument[];
}

export interface EInvoiceDocument {
  /** 'purchase' when the buyer's tax id is one of `ownTaxIds` (the pipeline skips and counts those). */
  direction: 'sale' | 'purchase';
  /** The counterpart: the buyer of a sale, the seller of a purchase (account-row field names). */
  account: RawRecord;
  /** invoice-row field names; external_id per the scheme in README.md. */
  invoice: RawRecord;
  /** invoice-line-row field names, in document order. */
  lines: RawRecord[];
}

export interface EInvoiceParseOptions {
  /** Our own tax ids (any spelling: "IT12345670017", "12345670017", "PL 526-104-08-28"). */
  ownTaxIds: readonly string[];
}
