import { describe, expect, it } from 'vitest';
import { getLocaleProfile } from './locale-profiles';
import { parseDecimal, parseMoney, toMinorUnits } from './numbers';

const p = getLocaleProfile;

describe('parseDecimal: strings', () => {
  it.each([
    // profile, input, value, currency
    ['es', '1.234,56', '1234.56', undefined],
    ['es', '1 234,56', '1234.56', undefined],
    ['fr', '1\u00a0234,56', '1234.56', undefined],
    ['fr', '1\u202f234\u202f567,8', '1234567.8', undefined],
    ['de-CH', "1'234.56", '1234.56', undefined],
    ['de-CH', '1\u2019234.56', '1234.56', undefined],
    ['en-US', '1,234.56', '1234.56', undefined],
    ['es', '1,234.56', '1234.56', undefined], // both separators: order decides, not the profile
    ['en-US', '1.234,56', '1234.56', undefined],
    ['es', '1234', '1234', undefined],
    ['es', '-1.234,56', '-1234.56', undefined],
    ['es', '\u22121.234,56', '-1234.56', undefined],
    ['es', '(1.234,56)', '-1234.56', undefined],
    ['es', '1.234,56-', '-1234.56', undefined],
    ['es', '+5', '5', undefined],
    ['es', '  12,50  ', '12.5', undefined],
    ['es', '0,10', '0.1', undefined],
    ['es', ',5', '0.5', undefined],
    ['es', '007', '7', undefined],
    ['es', '-0,00', '0', undefined],
    ['es', '1.234', '1234', undefined], // es: a dot + 3 digits is thousands
    ['en-US', '1.234', '1.234', undefined],
    ['en-US', '1,234', '1234', undefined],
    ['es', '1,234', '1.234', undefined],
    ['es', '1.5', '1.5', undefined], // cannot be thousands: read as a decimal
    ['es', '0.123', '0.123', undefined], // "0." never starts a thousands group
    ['es', '1.234.567', '1234567', undefined],
    ['en-US', '1,234,567', '1234567', undefined],
    ['es', '1.234.567,89', '1234567.89', undefined],
    ['ru', '1 234', '1234', undefined],
    ['de-CH', '1,234', '1.234', undefined], // comma is not a Swiss group separator
    // currencies before and after, symbols and codes
    ['es', '1.234,56 €', '1234.56', 'EUR'],
    ['es', '€1.234,56', '1234.56', 'EUR'],
    ['es', '-€ 12,00', '-12', 'EUR'],
    ['es', '€ -12,00', '-12', 'EUR'],
    ['es', '(€12,00)', '-12', 'EUR'],
    ['pl', '1 234,56 zł', '1234.56', 'PLN'],
    ['pl', '1234,56 PLN', '1234.56', 'PLN'],
    ['ru', '1 234,56 ₽', '1234.56', 'RUB'],
    ['ru', '1 234,56 руб.', '1234.56', 'RUB'],
    ['ru', '500 р.', '500', 'RUB'],
    ['de', 'EUR 1.000,00', '1000', 'EUR'],
    ['en-US', '$1,000.00', '1000', 'USD'],
    ['en-GB', '£1,000.5', '1000.5', 'GBP'],
    ['de-CH', "CHF 1'000.50", '1000.5', 'CHF'],
    ['de-CH', "1'000.50 CHF", '1000.5', 'CHF'],
    ['es', '100 usd', '100', 'USD'],
  ])('%s %j → %s %s', (profile, input, value, currency) => {
    const r = parseDecimal(input, p(profile));
    expect(r).toEqual(currency ? { ok: true, value, currency } : { ok: true, value });
  });

  it.each([
    ['es', '', 'empty'],
    ['es', '   ', 'empty'],
    ['es', 'abc', 'not a number'],
    ['es', '12abc', 'unknown currency "abc"'],
    ['es', '1e5', 'not a number'], // scientific notation only for JS numbers
    ['es', '1,234,56', 'multiple decimal separators'],
    ['en-US', '1.234.56,7', 'multiple decimal separators'],
    ['es', '1,2,3', 'multiple decimal separators'],
    ['en-US', '1,2,3', 'invalid digit grouping'],
    ['es', '12.34.56', 'invalid digit grouping'],
    ['es', '1 23 456', 'invalid digit grouping'],
    ['es', '1.234 567', 'separator after the decimal separator'], // mixed separators: not thousands
    ['es', '--5', 'more than one sign'],
    ['es', '-5-', 'more than one sign'],
    ['es', '(5', 'unbalanced parentheses'],
    ['es', '(-5)', 'more than one sign'],
    ['es', '€5 EUR', 'more than one currency'],
    ['es', '5 XYZ', 'unknown currency'],
    ['es', '5 kr', 'not a number'],
    ['es', '-', 'not a number'],
  ])('%s %j fails (%s)', (profile, input, reason) => {
    const r = parseDecimal(input, p(profile));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('parseDecimal: JS numbers from XLSX', () => {
  it.each([
    [1234.56, '1234.56'],
    [0.1 + 0.2, '0.30000000000000004'], // what the cell holds, nothing added
    [0.1, '0.1'],
    [-0, '0'],
    [42, '42'],
    [-1234.5, '-1234.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [123456789012.34, '123456789012.34'],
  ])('%d → %s', (input, value) => {
    expect(parseDecimal(input, p('es'))).toEqual({ ok: true, value });
  });

  it.each([[NaN], [Infinity], [-Infinity]])('%d fails', (input) => {
    expect(parseDecimal(input, p('es')).ok).toBe(false);
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['1234.56', 'EUR', 123456n],
    ['0.1', 'EUR', 10n],
    ['1.005', 'EUR', 101n], // half away from zero, no float error (1.005 * 100 = 100.49999…)
    ['-1.005', 'EUR', -101n],
    ['1.004', 'EUR', 100n],
    ['-1.004', 'EUR', -100n],
    ['2.5', 'JPY', 3n],
    ['-2.5', 'JPY', -3n],
    ['2.4999', 'JPY', 2n],
    ['1.2345', 'BHD', 1235n],
    ['0', 'EUR', 0n],
    ['0.001', 'EUR', 0n],
    ['99999999999999999999.99', 'EUR', 9999999999999999999999n], // beyond 2^53
  ])('%s %s → %s', (decimal, currency, minor) => {
    expect(toMinorUnits(decimal, currency)).toBe(minor);
  });

  it.each([['1,5', 'EUR'], ['abc', 'EUR'], ['1.5', 'XYZ'], ['1.5', 'XAU']])('throws on %s %s (programming error)', (d, c) => {
    expect(() => toMinorUnits(d, c)).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['es', '1.234,56 €', undefined, 123456n, 'EUR'],
    ['es', '1.234,56', undefined, 123456n, 'EUR'], // profile currency
    ['es', '1.234,56', 'usd', 123456n, 'USD'], // column currency
    ['es', '1.234,56 PLN', 'USD', 123456n, 'PLN'], // the cell's own currency wins
    ['pl', '10 zł', undefined, 1000n, 'PLN'],
    ['en-US', '(1,000.555)', undefined, -100056n, 'USD'],
    ['es', 1500, 'JPY', 1500n, 'JPY'],
    ['es', 0.1 + 0.2, undefined, 30n, 'EUR'],
  ] as const)('%s %j (%s) → %s %s', (profile, input, def, amountMinor, currency) => {
    expect(parseMoney(input, p(profile), def)).toEqual({ ok: true, amountMinor, currency });
  });

  it('fails on an unknown default currency and on garbage', () => {
    expect(parseMoney('5', p('es'), 'ZZZ')).toEqual({ ok: false, reason: 'unknown currency "ZZZ"' });
    expect(parseMoney('n/a', p('es')).ok).toBe(false);
  });
});
