import { describe, expect, it } from 'vitest';
import { getLocaleProfile, LOCALE_PROFILE_CODES, parseDecimal } from '../../../domain/normalize';
import { addDecimals, formatDecimal, formatRate, multiplyDecimals, negateDecimal, parseDecimalText, roundDecimal } from './decimal';

const d = (text: string) => {
  const v = parseDecimalText(text);
  if (!v) throw new Error(`not a decimal: ${text}`);
  return v;
};

describe('e-invoice decimals', () => {
  it.each([
    ['1319.20', '1319.20'],
    ['+0.5', '0.5'],
    ['-0.00', '0.00'],
    ['007', '7'],
    ['1.500', '1.5000'], // three decimals would read as thousands under it/es/de/pl profiles
    ['123.456', '123.4560'],
    ['12.50000000', '12.50000000'],
  ])('writes %s as %s', (input, out) => {
    expect(formatDecimal(d(input))).toBe(out);
  });

  it.each(['', '1,5', '1.2.3', '1e3', '12 000', '.5', '-'])('rejects %j', (input) => {
    expect(parseDecimalText(input)).toBeUndefined();
  });

  it('adds and negates exactly', () => {
    expect(formatDecimal(addDecimals([d('1060.00'), d('25.0'), d('0.005')]))).toBe('1085.0050');
    expect(formatDecimal(addDecimals([d('0.1'), d('0.2')]))).toBe('0.3');
    expect(formatDecimal(negateDecimal(d('225.70')))).toBe('-225.70');
  });

  it.each([
    ['1.250', '64.00', '80.00'],
    ['3', '33.333', '100.00'],
    ['-0.5', '0.01', '-0.01'],
    ['2', '0.125', '0.25'],
  ])('multiplies %s × %s and rounds half away from zero to %s', (a, b, out) => {
    expect(formatDecimal(roundDecimal(multiplyDecimals(d(a), d(b)), 2))).toBe(out);
  });

  it.each([['22', '22.00'], ['4.0', '4.00'], ['5.5', '5.50'], ['19.125', '19.1250']])('writes the rate %s as %s', (input, out) => {
    expect(formatRate(d(input))).toBe(out);
  });

  // The records are validated with whatever locale profile the pipeline is given: every profile
  // must read every written value as the same number.
  const readings = (written: string) =>
    new Set(LOCALE_PROFILE_CODES.map((code) => {
      const r = parseDecimal(written, getLocaleProfile(code));
      return r.ok ? r.value : `error: ${r.reason}`;
    }));

  it.each([
    ['1.5000', '1.5'], ['123.4560', '123.456'], ['1319.20', '1319.2'], ['-185.00', '-185'], ['0.53', '0.53'],
    ['1200', '1200'], ['12.5', '12.5'], ['1234567.8900', '1234567.89'],
  ])('%s reads as %s under every locale profile', (written, value) => {
    expect(readings(written)).toEqual(new Set([value]));
  });

  it('would not if three decimals were written as such (why formatDecimal pads them)', () => {
    expect(readings('1.500')).toEqual(new Set(['1.5', '1500']));
  });
});
