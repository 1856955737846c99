import { describe, expect, it } from 'vitest';
import { currencyFromToken, currencyMinorDigits, isKnownCurrency } from './currencies';

describe('currencyMinorDigits (ISO 4217, not CLDR)', () => {
  it.each([
    ['EUR', 2], ['PLN', 2], ['RUB', 2], ['CHF', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0], ['ISK', 0],
    ['BHD', 3], ['KWD', 3], ['TND', 3], ['CLF', 4], ['RSD', 2], ['IQD', 3], ['HUF', 2],
    ['XAU', undefined], ['XXX', undefined], ['ABC', undefined], ['eur', undefined],
  ])('%s → %s', (code, digits) => {
    expect(currencyMinorDigits(code)).toBe(digits);
  });

  it('knows current codes only as upper-case', () => {
    expect(isKnownCurrency('UAH')).toBe(true);
    expect(isKnownCurrency('uah')).toBe(false);
  });
});

describe('currencyFromToken', () => {
  it.each([
    ['€', 'EUR'], ['$', 'USD'], ['US$', 'USD'], ['£', 'GBP'], ['₽', 'RUB'], ['руб.', 'RUB'], ['руб', 'RUB'],
    ['РУБ.', 'RUB'], ['р.', 'RUB'], ['zł', 'PLN'], ['ZŁ', 'PLN'], ['zl', 'PLN'], ['Kč', 'CZK'], ['Ft', 'HUF'],
    ['lei', 'RON'], ['грн', 'UAH'], ['Fr.', 'CHF'], ['CHF', 'CHF'], ['eur', 'EUR'], ['Pln', 'PLN'],
    ['kr', undefined], ['abc', undefined], ['¥', undefined],
  ])('%s → %s', (token, code) => {
    expect(currencyFromToken(token)).toBe(code);
  });
});
