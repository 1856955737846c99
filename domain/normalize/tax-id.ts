/**
 * Tax identifiers (NIF/NIE/CIF, Partita IVA, Codice Fiscale, NIP, REGON, ИНН, EU VAT) to a
 * compact form plus country, checksum-validated by stdnum (domestic ids) and jsvat (other EU
 * VAT numbers). The pair (country, value) is a strong match key for accounts.
 */
import { stdnum, type Validator } from './stdnum-countries';
import { checkVAT, countries as jsvatCountries } from 'jsvat';
import { fail, type Failure } from './result';

export type TaxIdKind =
  | 'es_nif' | 'es_nie' | 'es_cif' | 'it_piva' | 'it_cf' | 'pl_nip' | 'pl_regon' | 'ru_inn' | 'eu_vat';
export type TaxIdResult =
  | { ok: true; value: string; country: string; kind: TaxIdKind }
  | Failure;

function validator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name} validator`); // fails at load, not per row
  return v;
}
const ES_NIF = validator('ES', 'nif'); // DNI digits-first and the K/L/M variants
const ES_NIE = validator('ES', 'nie');
const ES_CIF = validator('ES', 'cif');
const IT_IVA = validator('IT', 'iva');
const IT_CF = validator('IT', 'codicefiscale');
const PL_NIP = validator('PL', 'nip');
const PL_REGON = validator('PL', 'regon');
const RU_INN = validator('RU', 'inn');

const EU_MEMBERS = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT',
  'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);
const EU_VAT_COUNTRIES = jsvatCountries.filter((c) => EU_MEMBERS.has(c.codes[0] ?? ''));
// Prefixes a VAT number may carry. Greece's VAT prefix is EL, its ISO code GR.
const PREFIX_COUNTRY: ReadonlyMap<string, string> = new Map([
  ...[...EU_MEMBERS].map((c) => [c, c] as const), ['EL', 'GR'], ['RU', 'RU'],
]);
const VAT_PREFIX = (country: string): string => (country === 'GR' ? 'EL' : country);

// "NIF: B12345674", "P.IVA 01234567890", "ИНН 7707083893", "USt-IdNr. DE…": a label typed into the cell.
const LABEL = /^(?:N\.?I\.?[FE]\.?|C\.?I\.?F\.?|D\.?N\.?I\.?|P\.?\s?IVA|PARTITA\s+IVA|C\.?F\.?|COD(?:ICE)?\.?\s*FISC(?:ALE)?\.?|NIP|REGON|ИНН|INN|VAT(?:\s*(?:NO|NUMBER|ID))?\.?|UST-?ID(?:NR)?\.?|TVA|IVA)(?:\s*[:#]\s*|\s+)/iu;
const SEPARATORS = /[\s\-./_,:\u00a0\u202f]+/g;
const ALNUM = /^[A-Z0-9]+$/;
const DIGITS = /^\d+$/;
const CODICE_FISCALE_SHAPE = /^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/;

/** Compact, validated tax id. `defaultCountry` applies when the id has no country prefix. */
export function normalizeTaxId(raw: string, defaultCountry?: string): TaxIdResult {
  const compact = raw.trim().replace(LABEL, '').toUpperCase().replace(SEPARATORS, '');
  if (compact === '') return fail('empty');
  if (!ALNUM.test(compact)) return fail(`invalid characters in tax id: "${raw.trim()}"`);
  const fallbackCountry = defaultCountry?.toUpperCase() ?? (CODICE_FISCALE_SHAPE.test(compact) ? 'IT' : undefined);

  const prefixCountry = PREFIX_COUNTRY.get(compact.slice(0, 2));
  if (prefixCountry && compact.length > 2) {
    const withPrefix = validateFor(prefixCountry, compact.slice(2));
    if (withPrefix.ok || !fallbackCountry) return withPrefix;
    // Some domestic ids start with letters that look like a prefix (a Codice Fiscale "DEX…"
    // of a Mr De): try the whole text as a domestic id before reporting the prefixed failure.
    const whole = validateFor(fallbackCountry, compact);
    return whole.ok ? whole : withPrefix;
  }
  if (!fallbackCountry) return fail(`no country prefix and no default country: "${raw.trim()}"`);
  return validateFor(fallbackCountry, compact);
}

function validateFor(country: string, body: string): TaxIdResult {
  switch (country) {
    case 'ES': {
      const first = body[0] ?? '';
      if ((first >= '0' && first <= '9') || 'KLM'.includes(first)) return check(ES_NIF, body, 'ES', 'es_nif', 'NIF');
      if ('XYZ'.includes(first)) return check(ES_NIE, body, 'ES', 'es_nie', 'NIE');
      return check(ES_CIF, body, 'ES', 'es_cif', 'CIF');
    }
    case 'IT':
      if (body.length === 11 && DIGITS.test(body)) return check(IT_IVA, body, 'IT', 'it_piva', 'Partita IVA');
      if (body.length === 16) return check(IT_CF, body, 'IT', 'it_cf', 'Codice Fiscale');
      return fail(`invalid IT tax id length: ${body.length} (Partita IVA has 11 digits, Codice Fiscale 16 characters)`);
    case 'PL':
      if (body.length === 10) return check(PL_NIP, body, 'PL', 'pl_nip', 'NIP');
      if (body.length === 9 || body.length === 14) return check(PL_REGON, body, 'PL', 'pl_regon', 'REGON');
      return fail(`invalid PL tax id length: ${body.length} (NIP has 10 digits, REGON 9 or 14)`);
    case 'RU':
      return check(RU_INN, body, 'RU', 'ru_inn', 'INN');
    default:
      if (EU_MEMBERS.has(country)) return checkEuVat(country, body);
      return fail(`unsupported tax id country: ${country}`);
  }
}

function check(v: Validator, body: string, country: string, kind: TaxIdKind, label: string): TaxIdResult {
  const r = v.validate(body);
  if (r.isValid) return { ok: true, value: r.compact, country, kind };
  const what = r.error?.name === 'InvalidChecksum' ? 'checksum' : r.error?.name === 'InvalidLength' ? 'length' : 'format';
  return fail(`invalid ${country} ${label} ${what}`);
}

function checkEuVat(country: string, body: string): TaxIdResult {
  const prefix = VAT_PREFIX(country);
  const r = checkVAT(prefix + body, EU_VAT_COUNTRIES);
  if (r.isValid) return { ok: true, value: (r.value ?? prefix + body).slice(prefix.length), country, kind: 'eu_vat' };
  return fail(`invalid ${country} VAT ${r.isValidFormat ? 'checksum' : 'format'}`);
}

/** Match key for a tax id: "ES:B12345674". */
export function formatTaxIdKey(country: string, value: string): string {
  return `${country.toUpperCase()}:${value}`;
}
