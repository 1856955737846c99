/** Fixture reading and record builders shared by the e-invoice unit tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EInvoiceError } from './errors';
import type { RawRecord } from './types';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A fixture's text with replacements applied, as bytes: for one-off variants of a document. */
export function variant(name: string, ...replacements: [string | RegExp, string][]): Buffer {
  let text = fixture(name).toString('utf8');
  for (const [from, to] of replacements) {
    const found = typeof from === 'string' ? text.includes(from) : from.test(text);
    if (!found) throw new Error(`variant of ${name}: ${String(from)} not found`);
    text = text.replace(from, to);
  }
  return Buffer.from(text, 'utf8');
}

export function line(
  invoiceExternalId: string,
  lineNo: string,
  productCode: string | null,
  description: string | null,
  quantity: string | null,
  net: string | null,
  taxRate: string | null,
  currency: string,
): RawRecord {
  return {
    invoice_external_id: invoiceExternalId,
    line_no: lineNo,
    product_code: productCode,
    product_family: null,
    description,
    quantity,
    net,
    tax_rate: taxRate,
    currency,
  };
}

/** The account reference fields of an invoice that points at `account`. */
export function refTo(account: RawRecord): RawRecord {
  return {
    account_external_id: null,
    account_tax_id: account['tax_id'] ?? null,
    account_tax_id_country: account['tax_id_country'] ?? null,
    account_email: account['email'] ?? null,
  };
}

/** The EInvoiceError `fn` throws (any other outcome fails the test). */
export function catchError(fn: () => unknown): EInvoiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EInvoiceError) return err;
    throw err;
  }
  throw new Error('expected an EInvoiceError');
}
