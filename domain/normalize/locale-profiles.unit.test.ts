import { describe, expect, it } from 'vitest';
import { LOCALE_PROFILE_CODES, LocaleProfile, getLocaleProfile } from './locale-profiles';

describe('locale profiles', () => {
  it('has every required profile', () => {
    expect([...LOCALE_PROFILE_CODES].sort()).toEqual(['ca', 'de', 'de-CH', 'en-GB', 'en-US', 'es', 'fr', 'it', 'pl', 'pt', 'ru'].sort());
  });

  it.each(LOCALE_PROFILE_CODES.map((c) => [c]))('%s satisfies the schema', (code) => {
    expect(LocaleProfile.safeParse(getLocaleProfile(code)).success).toBe(true);
  });

  it.each([
    ['es', ',', 'DMY', 'ES', 'EUR', 'windows-1252'],
    ['ca', ',', 'DMY', 'ES', 'EUR', 'windows-1252'],
    ['it', ',', 'DMY', 'IT', 'EUR', 'windows-1252'],
    ['pl', ',', 'DMY', 'PL', 'PLN', 'windows-1250'],
    ['ru', ',', 'DMY', 'RU', 'RUB', 'windows-1251'],
    ['de', ',', 'DMY', 'DE', 'EUR', 'windows-1252'],
    ['fr', ',', 'DMY', 'FR', 'EUR', 'windows-1252'],
    ['pt', ',', 'DMY', 'PT', 'EUR', 'windows-1252'],
    ['en-GB', '.', 'DMY', 'GB', 'GBP', 'windows-1252'],
    ['en-US', '.', 'MDY', 'US', 'USD', 'windows-1252'],
    ['de-CH', '.', 'DMY', 'CH', 'CHF', 'windows-1252'],
  ])('%s: decimal %s, %s, %s, %s, %s', (code, dec, order, country, currency, encoding) => {
    const p = getLocaleProfile(code);
    expect([p.decimalSeparator, p.dateOrder, p.defaultCountry, p.defaultCurrency, p.defaultEncoding]).toEqual([dec, order, country, currency, encoding]);
  });

  it.each([
    ['ru', '\u00a0'], ['ru', '\u202f'], ['fr', '\u202f'], ['de-CH', "'"], ['es', '.'], ['en-US', ','],
  ])('%s groups with %j', (code, sep) => {
    expect(getLocaleProfile(code).groupSeparators).toContain(sep);
  });

  it('throws naming the known codes for an unknown profile', () => {
    expect(() => getLocaleProfile('xx')).toThrow(/Unknown locale profile "xx"; known: es, ca, it, pl, ru/);
  });

  it('rejects a malformed profile', () => {
    const bad = { ...getLocaleProfile('es'), defaultCountry: 'Spain' };
    expect(LocaleProfile.safeParse(bad).success).toBe(false);
  });
});
