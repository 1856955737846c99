/**
 * The contract with the pipeline: every record the parsers emit passes the canonical row schemas
 * (the same ones ERP rows go through), means the same under every locale profile the source may
 * be configured with, and adds up (lines to the net total, net + tax to gross).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAccountRowSchema } from '../../../domain/canonical/account-row';
import { createInvoiceLineRowSchema, InvoiceLineRecord } from '../../../domain/canonical/invoice-line-row';
import { createInvoiceRowSchema, InvoiceRecord } from '../../../domain/canonical/invoice-row';
import { LookupIndex } from '../../../domain/canonical/lookup-index';
import type { RowContext } from '../../../domain/canonical/row-context';
import { getLocaleProfile, LOCALE_PROFILE_CODES } from '../../../domain/normalize';
import { parseEInvoice } from './index';
import { FIXTURES, fixture } from './test-helpers';

const READABLE = readdirSync(FIXTURES).filter((f) => /\.(xml|p7m)$/i.test(f) && !/^(bad|malformed|not|unsupported)-/.test(f));

function validate(file: string, profileCode: string) {
  const profile = getLocaleProfile(profileCode);
  const rc: RowContext = { profile, defaultCountry: profile.defaultCountry, lookups: new LookupIndex({}), date1904: false };
  const [accounts, invoices, lines] = [createAccountRowSchema(rc), createInvoiceRowSchema(rc), createInvoiceLineRowSchema(rc)];
  const { documents } = parseEInvoice(fixture(file), file, { ownTaxIds: [] });
  return documents.map((d) => {
    const unwrap = <T>(r: { success: true; data: T } | { success: false; issues: unknown[] }, what: string): T => {
      if (!r.success) throw new Error(`${file} ${what} under ${profileCode}: ${JSON.stringify(r.issues)}`);
      return r.data;
    };
    return {
      account: unwrap(accounts.safeParse(d.account), 'account'),
      // The strict canonical schemas too: the records are exactly what the fact tables take.
      invoice: InvoiceRecord.parse(unwrap(invoices.safeParse(d.invoice), 'invoice')),
      lines: d.lines.map((l) => InvoiceLineRecord.parse(unwrap(lines.safeParse(l), `line ${l['line_no']}`))),
    };
  });
}

describe('e-invoice records through the canonical row schemas', () => {
  it('covers every readable fixture', () => {
    expect(READABLE.length).toBe(16);
  });

  it.each(READABLE)('%s validates identically under every locale profile', (file) => {
    const reference = validate(file, 'en-GB');
    for (const code of LOCALE_PROFILE_CODES) expect(validate(file, code)).toEqual(reference);
  });

  it.each(READABLE)('%s adds up: lines to the net total, net + tax to gross', (file) => {
    for (const { invoice, lines } of validate(file, 'it')) {
      expect(invoice.total_net_minor! + invoice.total_tax_minor!).toBe(invoice.total_gross_minor);
      // Advance invoices list no lines (their order lines are not what they invoice).
      if (invoice.kind !== 'deposit' || lines.length > 0) {
        expect(lines.reduce((sum, l) => sum + l.net_minor!, 0n)).toBe(invoice.total_net_minor);
      }
    }
  });

  it('turns the multi-body file into minor units, with tax ids keyed for account resolution', () => {
    const [first] = validate('IT12345670017_00001.xml.p7m', 'it');
    expect(first!.invoice).toMatchObject({
      external_id: 'IT12345670017:2024/101:2024', total_net_minor: 108500n, total_tax_minor: 23420n, total_gross_minor: 131920n,
      account_tax_id: '02468130584', account_tax_id_country: 'IT',
    });
    expect(first!.account).toMatchObject({ external_id: 'tax:IT:02468130584', tax_id: '02468130584', tax_id_kind: 'it_piva', legal_form: 'S.p.A.' });
    expect(first!.lines.map((l) => [l.line_no, l.quantity, l.net_minor, l.tax_rate])).toEqual([
      [1, '4', 74000n, '22.00'], [2, '1', 32000n, '22.00'], [3, '2', 2500n, '4.00'],
    ]);
  });

  it('keeps a credit note negative through the schema', () => {
    const [note] = validate('ksef-fa3-kor.xml', 'pl');
    expect([note!.invoice.kind, note!.invoice.total_gross_minor, note!.invoice.corrects_external_id])
      .toEqual(['credit_note', -61500n, 'PL5261040828:FV/2026/02/0017:2026']);
  });
});
