import { describe, expect, it } from 'vitest';
import { getLocaleProfile } from '../normalize';
import { createInvoiceRowSchema, InvoiceRecord } from './invoice-row';
import { LookupIndex } from './lookup-index';
import type { MappedFields } from './row-context';

const schemaFor = (profile: string, defaultCountry: string) =>
  createInvoiceRowSchema({ profile: getLocaleProfile(profile), defaultCountry, lookups: new LookupIndex({}), date1904: false });
const SCHEMAS = { 'en-GB': schemaFor('en-GB', 'GB'), es: schemaFor('es', 'ES'), it: schemaFor('it', 'IT'), pl: schemaFor('pl', 'PL') };
type Profile = keyof typeof SCHEMAS;

const BASE: MappedFields = { external_id: 'F-1', number: 'F/2024/1', issue_date: '2024-03-15', currency: 'EUR' };

function parse(profile: Profile, fields: MappedFields) {
  const r = SCHEMAS[profile].safeParse({ ...BASE, ...fields });
  return r.success ? r.data : { issues: r.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
/** [net, tax, gross] in minor units, or the issues. */
function totals(profile: Profile, fields: MappedFields) {
  const r = parse(profile, fields);
  return 'issues' in r ? r : [r.total_net_minor, r.total_tax_minor, r.total_gross_minor];
}

describe('invoice row: money in minor units with the currency exponent', () => {
  it.each<[string, Profile, MappedFields, unknown]>([
    ['EUR decimals as text', 'en-GB', { total_net: '100.00', total_tax: '21.00', total_gross: '121.00' }, [10000n, 2100n, 12100n]],
    ['EUR with comma decimals and thousands dots (es)', 'es', { total_net: '1.020,00', total_tax: '214,20', total_gross: '1.234,20' }, [102000n, 21420n, 123420n]],
    ['PLN with space-grouped thousands (pl)', 'pl', { currency: 'pln', total_gross: '1 234,56' }, [null, null, 123456n]],
    ['JPY has no minor unit (exponent 0)', 'en-GB', { currency: 'JPY', total_net: '1000', total_tax: '100', total_gross: '1100' }, [1000n, 100n, 1100n]],
    ['JPY decimals round half away from zero', 'en-GB', { currency: 'JPY', total_gross: '1234.5' }, [null, null, 1235n]],
    ['KWD has three decimals (exponent 3)', 'en-GB', { currency: 'KWD', total_gross: '12.345' }, [null, null, 12345n]],
    ['KWD with a decimal comma (it)', 'it', { currency: 'KWD', total_gross: '12,345' }, [null, null, 12345n]],
    ['a float (DOUBLE column) rounds once from its shortest decimal: 1.005 → 101', 'en-GB', { total_gross: 1.005 }, [null, null, 101n]],
    ['a float sum with binary noise: 0.1 + 0.2 → 30', 'es', { total_gross: 0.1 + 0.2 }, [null, null, 30n]],
    ['a float is not read with the profile separators', 'es', { total_gross: 1234.56 }, [null, null, 123456n]],
    ['minor units as a number', 'en-GB', { total_gross_minor: 12100 }, [null, null, 12100n]],
    ['minor units as text beyond 2^53', 'en-GB', { total_gross_minor: '9007199254740993' }, [null, null, 9007199254740993n]],
    ['both forms that agree', 'en-GB', { total_gross: '121.00', total_gross_minor: 12100 }, [null, null, 12100n]],
    ['gross derived from net + tax', 'en-GB', { total_net: '100.00', total_tax: '21.00' }, [10000n, 2100n, 12100n]],
    ['tax derived from gross − net', 'en-GB', { total_net_minor: 10000, total_gross_minor: 12100 }, [10000n, 2100n, 12100n]],
    ['a negative invoice keeps its sign', 'en-GB', { total_gross: '-50.00' }, [null, null, -5000n]],
    ['a credit note written positive is stored negative', 'en-GB', { kind: 'credit_note', total_net: '100', total_tax: '21', total_gross: '121' }, [-10000n, -2100n, -12100n]],
    ['a credit note already negative stays as it is', 'en-GB', { kind: 'Credit Note', total_net: '-100', total_tax: '-21', total_gross: '-121' }, [-10000n, -2100n, -12100n]],
    ['a positive credit note given in minor units is negated too', 'en-GB', { kind: 'CREDIT-NOTE', total_gross_minor: '12100' }, [null, null, -12100n]],
  ])('%s', (_, profile, fields, expected) => {
    expect(totals(profile, fields)).toEqual(expected);
  });

  it.each<[string, MappedFields, string[]]>([
    ['a missing currency', { currency: null, total_gross: '121.00' }, ['currency: currency is required']],
    ['an unknown currency', { currency: 'EURO', total_gross: '121.00' }, ['currency: unknown currency "EURO" (an ISO 4217 code such as EUR, PLN, JPY)']],
    ['fractional minor units', { total_gross_minor: 12.5 }, ['total_gross_minor: total_gross_minor must be a whole number of minor units, got 12.5']],
    ['minor units as decimal text', { total_gross_minor: '121.00' }, ['total_gross_minor: total_gross_minor must be a whole number of minor units, got "121.00"']],
    ['two forms that disagree', { total_gross: '121.00', total_gross_minor: 12000 }, ['total_gross: total_gross (12100 minor units) and total_gross_minor (12000) disagree']],
    ['no gross and no net + tax', { total_net: '100.00' }, ['total_gross: total_gross is required (or total_net and total_tax)']],
    ['an amount in another currency', { total_gross: '121,00 $' }, ['total_gross: total_gross is written in USD but the row\'s currency is EUR']],
    ['text that is no amount', { total_gross: 'n/a' }, ['total_gross: total_gross: not a number: "n/a"']],
    ['an unknown kind', { kind: 'proforma', total_gross: '1' }, ['kind: unknown invoice kind "proforma" (one of invoice, credit_note, deposit)']],
    ['an unknown status', { status: 'draft', total_gross: '1' }, ['status: unknown invoice status "draft" (one of posted, paid, cancelled)']],
    ['no issue date', { issue_date: null, total_gross: '1' }, ['issue_date: issue_date is required']],
  ])('quarantines %s, naming the field', (_, fields, issues) => {
    expect(parse('es', fields)).toEqual({ issues });
  });
});

describe('invoice row: the other fields', () => {
  it('builds the whole record, with defaults for kind and status', () => {
    const r = parse('es', {
      total_gross: '121,00', due_date: '14/04/2024', account_tax_id: 'B12345674', account_email: 'Compras@Cliente.es',
      corrects_external_id: 'F-0', notes: '  pedido   88 ',
    });
    expect(InvoiceRecord.parse(r)).toEqual({
      external_id: 'F-1', number: 'F/2024/1', kind: 'invoice', status: 'posted', issue_date: '2024-03-15', due_date: '2024-04-14',
      currency: 'EUR', total_net_minor: null, total_tax_minor: null, total_gross_minor: 12100n,
      account_external_id: null, account_tax_id: 'B12345674', account_tax_id_country: 'ES', account_email: 'compras@cliente.es',
      corrects_external_id: 'F-0', notes: 'pedido 88',
    });
  });

  it.each<[string, MappedFields, [string | null, string | null]]>([
    ['a prefixed VAT number', { account_tax_id: 'IT02468130584' }, ['02468130584', 'IT']],
    ['a codice fiscale with its country beside it', { account_tax_id: '80012340586', account_tax_id_country: 'IT' }, ['80012340586', 'IT']],
    ['a NIP under the source default country', { account_tax_id: '526-104-08-28' }, ['5261040828', 'PL']],
  ])('normalizes %s', (_, fields, expected) => {
    const r = SCHEMAS.pl.safeParse({ ...BASE, total_gross: '1', ...fields });
    expect(r.success && [r.data.account_tax_id, r.data.account_tax_id_country]).toEqual(expected);
  });

  it('drops a customer tax id that fails its checksum, with a warning (it never finds a customer)', () => {
    const r = SCHEMAS.es.safeParse({ ...BASE, total_gross: '1', account_tax_id: 'IT02468130585' });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect([r.data.account_tax_id, r.data.account_tax_id_country]).toEqual([null, null]);
    expect(r.warnings.map((w) => w.path)).toEqual(['account_tax_id']);
  });

  it('drops an unreadable net total with a warning when the gross total is there', () => {
    const r = SCHEMAS.es.safeParse({ ...BASE, total_gross: '121,00', total_net: 'n/d' });
    expect(r.success && [r.data.total_net_minor, r.data.total_gross_minor, r.warnings.map((w) => w.path)]).toEqual([null, 12100n, ['total_net']]);
  });
});
