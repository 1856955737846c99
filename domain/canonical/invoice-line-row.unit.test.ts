import { describe, expect, it } from 'vitest';
import { getLocaleProfile } from '../normalize';
import { createInvoiceLineRowSchema, InvoiceLineRecord } from './invoice-line-row';
import { LookupIndex } from './lookup-index';
import type { MappedFields } from './row-context';

const LOOKUPS = new LookupIndex({
  product_families: [{ code: 'chairs', label: 'Chairs', synonyms: ['sedie', 'krzesła'], is_active: true }],
});
const schemaFor = (profile: string) =>
  createInvoiceLineRowSchema({ profile: getLocaleProfile(profile), defaultCountry: 'ES', lookups: LOOKUPS, date1904: false });
const SCHEMAS = { 'en-GB': schemaFor('en-GB'), es: schemaFor('es'), pl: schemaFor('pl') };
type Profile = keyof typeof SCHEMAS;

const BASE: MappedFields = { invoice_external_id: 'F-1', line_no: 1, currency: 'EUR' };

function parse(profile: Profile, fields: MappedFields) {
  const r = SCHEMAS[profile].safeParse({ ...BASE, ...fields });
  return r.success ? r.data : { issues: r.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe('invoice line row', () => {
  it('keeps a decimal net that came without a currency exact, for the invoice’s currency (the pipeline converts it)', () => {
    expect(parse('es', { currency: null, net: '1.234,50' })).toMatchObject({ net_minor: null, net_decimal: '1234.5', currency: null });
  });

  it.each<[string, Profile, MappedFields, Partial<InvoiceLineRecord>]>([
    ['EUR net as text', 'en-GB', { net: '740.00' }, { net_minor: 74000n }],
    ['a decimal comma (es)', 'es', { net: '1.234,5' }, { net_minor: 123450n }],
    ['PLN from the parent invoice', 'pl', { currency: 'PLN', net: '2 000,00' }, { net_minor: 200000n }],
    ['JPY (exponent 0)', 'en-GB', { currency: 'JPY', net: '1500' }, { net_minor: 1500n }],
    ['KWD (exponent 3)', 'en-GB', { currency: 'KWD', net: '0.125' }, { net_minor: 125n }],
    ['a float net rounds once', 'en-GB', { net: 2.675 }, { net_minor: 268n }],
    ['a negative line (a credit note, a discount)', 'es', { net: '-185,00' }, { net_minor: -18500n }],
    ['net in minor units needs no currency', 'en-GB', { currency: null, net_minor: '-2000' }, { net_minor: -2000n }],
    ['no net at all', 'en-GB', { description: 'DDT n. 12 del 01/03/2024' }, { net_minor: null }],
    ['quantity and rate as written in a Spanish file', 'es', { quantity: '1,5', tax_rate: '21' }, { quantity: '1.5', tax_rate: '21.00' }],
    ['the padded three decimals of the e-invoice parsers', 'es', { quantity: '1.5000', tax_rate: '5.50' }, { quantity: '1.5', tax_rate: '5.50' }],
    ['XLSX numbers', 'en-GB', { line_no: 3, quantity: 0.1 + 0.2, tax_rate: 22 }, { line_no: 3, quantity: '0.30000000000000004', tax_rate: '22.00' }],
    ['a product family by synonym', 'en-GB', { product_family: 'Sedie' }, { product_family: 'chairs' }],
  ])('%s', (_, profile, fields, expected) => {
    expect(parse(profile, fields)).toMatchObject(expected);
  });

  it('builds the whole record', () => {
    expect(InvoiceLineRecord.parse(parse('en-GB', {
      line_no: '2', product_code: 'SCR-140', description: 'Scrivania 140x70', quantity: '1.00', net: '320.00', tax_rate: '22.00',
    }))).toEqual({
      external_id: 'F-1#2', invoice_external_id: 'F-1', line_no: 2, product_code: 'SCR-140', product_family: null, description: 'Scrivania 140x70',
      quantity: '1', net_minor: 32000n, net_decimal: null, tax_rate: '22.00', currency: 'EUR',
    });
  });

  it.each<[string, MappedFields, string[]]>([
    ['a missing invoice reference', { invoice_external_id: null, net: '1' }, ['invoice_external_id: invoice_external_id is required']],
    ['line number zero', { line_no: '0' }, ['line_no: line_no must be a positive whole number, got "0"']],
    ['a fractional line number', { line_no: 1.5 }, ['line_no: line_no must be a positive whole number, got "1.5"']],
  ])('quarantines %s, naming the field', (_, fields, issues) => {
    expect(parse('es', fields)).toEqual({ issues });
  });

  it.each<[string, MappedFields, keyof InvoiceLineRecord, RegExp]>([
    ['a rate above 100', { tax_rate: '122' }, 'tax_rate', /^tax_rate: tax_rate 122 is not a percentage between 0 and 100/],
    ['a quantity that is no number', { quantity: 'due' }, 'quantity', /^quantity: quantity: not a number: "due"/],
    ['an unknown product family', { product_family: 'lamps' }, 'product_family', /^product_family: unknown product_families value "lamps"/],
  ])('loads the line without %s, with a warning', (_, fields, field, warning) => {
    const r = SCHEMAS.es.safeParse({ ...BASE, ...fields });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data[field]).toBeNull();
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([expect.stringMatching(warning)]);
  });
});
