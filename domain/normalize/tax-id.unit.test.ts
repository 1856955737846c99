import { describe, expect, it } from 'vitest';
import { formatTaxIdKey, normalizeTaxId } from './tax-id';

describe('normalizeTaxId', () => {
  it.each([
    // raw, default country, value, country, kind
    ['ES B12345674', undefined, 'B12345674', 'ES', 'es_cif'],
    ['ESB-12345674', undefined, 'B12345674', 'ES', 'es_cif'],
    ['esb12345674', undefined, 'B12345674', 'ES', 'es_cif'],
    ['b12345674', 'ES', 'B12345674', 'ES', 'es_cif'],
    ['B-12.345.674', 'es', 'B12345674', 'ES', 'es_cif'],
    ['NIF: B12345674', 'ES', 'B12345674', 'ES', 'es_cif'],
    ['Q2826000H', 'ES', 'Q2826000H', 'ES', 'es_cif'], // letter control digit
    ['12345678Z', 'ES', '12345678Z', 'ES', 'es_nif'],
    ['12.345.678-Z', 'ES', '12345678Z', 'ES', 'es_nif'],
    ['ES12345678Z', undefined, '12345678Z', 'ES', 'es_nif'],
    ['X1234567L', 'ES', 'X1234567L', 'ES', 'es_nie'],
    ['Y-1234567-X', 'ES', 'Y1234567X', 'ES', 'es_nie'],
    ['IT 00743110157', undefined, '00743110157', 'IT', 'it_piva'],
    ['00743110157', 'IT', '00743110157', 'IT', 'it_piva'],
    ['P.IVA 00743110157', 'IT', '00743110157', 'IT', 'it_piva'],
    ['RSSMRA85T10A562S', undefined, 'RSSMRA85T10A562S', 'IT', 'it_cf'], // shape alone says IT
    ['DEXMRA85T10A562Q', undefined, 'DEXMRA85T10A562Q', 'IT', 'it_cf'], // "DE…" is a surname, not a prefix
    ['PLXMRA85T10A562T', 'IT', 'PLXMRA85T10A562T', 'IT', 'it_cf'],
    ['rssmra85t10a562s', 'IT', 'RSSMRA85T10A562S', 'IT', 'it_cf'],
    ['RSSMRA85T10A562S', 'IT', 'RSSMRA85T10A562S', 'IT', 'it_cf'],
    ['PL 526-000-12-46', undefined, '5260001246', 'PL', 'pl_nip'],
    ['526-000-12-46', 'PL', '5260001246', 'PL', 'pl_nip'],
    ['PL5260001246', 'ES', '5260001246', 'PL', 'pl_nip'], // prefix beats the default
    ['123456785', 'PL', '123456785', 'PL', 'pl_regon'],
    ['12345678512347', 'PL', '12345678512347', 'PL', 'pl_regon'],
    ['7707083893', 'RU', '7707083893', 'RU', 'ru_inn'],
    ['ИНН 7707083893', 'RU', '7707083893', 'RU', 'ru_inn'],
    ['500100732259', 'RU', '500100732259', 'RU', 'ru_inn'],
    ['EL 094259216', undefined, '094259216', 'GR', 'eu_vat'],
    ['094259216', 'GR', '094259216', 'GR', 'eu_vat'],
    ['DE 136 695 976', undefined, '136695976', 'DE', 'eu_vat'],
    ['USt-IdNr.: DE136695976', undefined, '136695976', 'DE', 'eu_vat'],
    ['ATU13585627', undefined, 'U13585627', 'AT', 'eu_vat'],
    ['FR 40 303 265 045', undefined, '40303265045', 'FR', 'eu_vat'],
    ['NL004495445B01', undefined, '004495445B01', 'NL', 'eu_vat'],
    ['BE 0403.170.701', undefined, '0403170701', 'BE', 'eu_vat'],
    ['PT 501 964 843', undefined, '501964843', 'PT', 'eu_vat'],
  ])('%j (%s) → %s %s %s', (raw, def, value, country, kind) => {
    expect(normalizeTaxId(raw, def)).toEqual({ ok: true, value, country, kind });
  });

  it.each([
    ['', 'ES', 'empty'],
    ['B12345675', 'ES', 'invalid ES CIF checksum'],
    ['ES B12345675', undefined, 'invalid ES CIF checksum'],
    ['12345678A', 'ES', 'invalid ES NIF checksum'],
    ['X1234567A', 'ES', 'invalid ES NIE checksum'],
    ['B1234567', 'ES', 'invalid ES CIF length'],
    ['IT 01234567897', undefined, 'invalid IT Partita IVA'], // office code 789 does not exist
    ['00743110158', 'IT', 'invalid IT Partita IVA checksum'],
    ['RSSMRA85T10A562T', 'IT', 'invalid IT Codice Fiscale checksum'],
    ['1234', 'IT', 'invalid IT tax id length'],
    ['5260001247', 'PL', 'invalid PL NIP checksum'],
    ['123456786', 'PL', 'invalid PL REGON checksum'],
    ['12345', 'PL', 'invalid PL tax id length'],
    ['7707083894', 'RU', 'invalid RU INN checksum'],
    ['DE136695977', undefined, 'invalid DE VAT checksum'],
    ['EL 12345', undefined, 'invalid GR VAT format'],
    ['B12345674', undefined, 'no country prefix and no default country'],
    ['123456789', 'US', 'unsupported tax id country: US'],
    ['B12345674!', 'ES', 'invalid characters'],
  ])('%j (%s) fails: %s', (raw, def, reason) => {
    const r = normalizeTaxId(raw, def);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('formatTaxIdKey', () => {
  it.each([
    ['ES', 'B12345674', 'ES:B12345674'],
    ['gr', '094259216', 'GR:094259216'],
  ])('%s %s → %s', (country, value, key) => {
    expect(formatTaxIdKey(country, value)).toBe(key);
  });
});
