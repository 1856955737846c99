/**
 * Currency facts needed by the money parser: which codes exist, how many minor-unit digits
 * each has (ISO 4217), and which symbols/abbreviations in European spreadsheets mean which code.
 */

// ISO 4217 exponents that differ from the usual 2. Hard-coded on purpose: ICU/CLDR "digits"
// (what Intl.NumberFormat reports) diverge from ISO for several codes (RSD, IQD, LAK, …), and a
// ledger amount must follow ISO, not display conventions.
const NON_TWO_DIGIT_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

// Codes with no minor unit in ISO 4217 ("N.A."): metals, SDR, test codes. Not money for a CRM.
const NO_MINOR_UNIT = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

const KNOWN_CODES: ReadonlySet<string> = new Set(
  [...Intl.supportedValuesOf('currency'), ...Object.keys(NON_TWO_DIGIT_EXPONENTS)].filter((c) => !NO_MINOR_UNIT.has(c)),
);

/** ISO 4217 minor-unit digits of `code` (upper-case), or undefined for an unknown/unusable code. */
export function currencyMinorDigits(code: string): number | undefined {
  if (!KNOWN_CODES.has(code)) return undefined;
  return NON_TWO_DIGIT_EXPONENTS[code] ?? 2;
}

/** The ISO 4217 exponents other than 2 (for SQL that converts decimals to minor units). */
export function nonTwoDigitExponents(): Readonly<Record<string, number>> {
  return NON_TWO_DIGIT_EXPONENTS;
}

export function isKnownCurrency(code: string): boolean {
  return KNOWN_CODES.has(code);
}

// Keys are lower-case; lookups lower-case the token. `$` is ambiguous world-wide (CAD, AUD,
// MXN…) but in European SME data it means USD; `kr` (SEK/NOK/DKK) and `¥` (JPY/CNY) are left
// out because guessing wrong silently corrupts an amount.
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['€', 'EUR'], ['$', 'USD'], ['us$', 'USD'], ['£', 'GBP'],
  ['₽', 'RUB'], ['руб', 'RUB'], ['руб.', 'RUB'], ['р.', 'RUB'],
  ['zł', 'PLN'], ['zl', 'PLN'], ['kč', 'CZK'], ['ft', 'HUF'], ['lei', 'RON'],
  ['₴', 'UAH'], ['грн', 'UAH'], ['грн.', 'UAH'], ['fr.', 'CHF'], ['sfr.', 'CHF'], ['₺', 'TRY'],
]);

/** Regex source matching one currency token (symbol, abbreviation or 3-letter code). */
export const CURRENCY_TOKEN_SOURCE = '(?:US\\$|SFr\\.|Fr\\.|руб\\.?|грн\\.?|р\\.|zł|zl|Kč|Ft|lei|[€$£₽₴₺]|[A-Za-z]{3})';

/** The ISO code a currency token stands for, or undefined when it is not a currency. */
export function currencyFromToken(token: string): string | undefined {
  const lower = token.toLowerCase();
  const bySymbol = SYMBOLS.get(lower);
  if (bySymbol) return bySymbol;
  if (token.length === 3) {
    const code = token.toUpperCase();
    if (KNOWN_CODES.has(code)) return code;
  }
  return undefined;
}
