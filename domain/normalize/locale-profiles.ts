/**
 * Locale profiles: how a source file writes numbers and dates, and what to assume when a row
 * does not say (country, currency, file encoding).
 *
 * A profile is chosen once per import (by the mapping), never guessed per row: `03/04/2024` is
 * 3 April under `es` and March 4 under `en-US`, and the same file must not mix both readings.
 */
import { z } from 'zod';

export const LocaleProfile = z.object({
  code: z.string().min(2),
  label: z.string().min(1),
  decimalSeparator: z.enum([',', '.']),
  /** Characters that may group thousands. Spaces, NBSP (U+00A0) and NNBSP (U+202F) included. */
  groupSeparators: z.array(z.string().length(1)).min(1),
  dateOrder: z.enum(['DMY', 'MDY', 'YMD']),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217'),
  /** Encoding to try when a CSV has no BOM and is not valid UTF-8. */
  defaultEncoding: z.string().min(1),
});
export type LocaleProfile = z.infer<typeof LocaleProfile>;

const SPACES = [' ', '\u00a0', '\u202f'];

const PROFILES = [
  { code: 'es', label: 'Español (España)', decimalSeparator: ',', groupSeparators: ['.', ...SPACES], dateOrder: 'DMY', defaultCountry: 'ES', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  { code: 'ca', label: 'Català', decimalSeparator: ',', groupSeparators: ['.', ...SPACES], dateOrder: 'DMY', defaultCountry: 'ES', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  { code: 'it', label: 'Italiano', decimalSeparator: ',', groupSeparators: ['.', "'", ...SPACES], dateOrder: 'DMY', defaultCountry: 'IT', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  // Polish and Russian group with (no-break) spaces; Excel in those locales never uses '.'.
  { code: 'pl', label: 'Polski', decimalSeparator: ',', groupSeparators: [...SPACES, '.'], dateOrder: 'DMY', defaultCountry: 'PL', defaultCurrency: 'PLN', defaultEncoding: 'windows-1250' },
  { code: 'ru', label: 'Русский', decimalSeparator: ',', groupSeparators: [...SPACES], dateOrder: 'DMY', defaultCountry: 'RU', defaultCurrency: 'RUB', defaultEncoding: 'windows-1251' },
  { code: 'de', label: 'Deutsch (Deutschland)', decimalSeparator: ',', groupSeparators: ['.', ...SPACES], dateOrder: 'DMY', defaultCountry: 'DE', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  { code: 'fr', label: 'Français (France)', decimalSeparator: ',', groupSeparators: [...SPACES, '.'], dateOrder: 'DMY', defaultCountry: 'FR', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  { code: 'pt', label: 'Português (Portugal)', decimalSeparator: ',', groupSeparators: [...SPACES, '.'], dateOrder: 'DMY', defaultCountry: 'PT', defaultCurrency: 'EUR', defaultEncoding: 'windows-1252' },
  { code: 'en-GB', label: 'English (United Kingdom)', decimalSeparator: '.', groupSeparators: [',', ...SPACES], dateOrder: 'DMY', defaultCountry: 'GB', defaultCurrency: 'GBP', defaultEncoding: 'windows-1252' },
  { code: 'en-US', label: 'English (United States)', decimalSeparator: '.', groupSeparators: [',', ...SPACES], dateOrder: 'MDY', defaultCountry: 'US', defaultCurrency: 'USD', defaultEncoding: 'windows-1252' },
  // Swiss German: 1'234.56 (CLDR now prints U+2019, older Excel prints the ASCII apostrophe).
  { code: 'de-CH', label: 'Deutsch (Schweiz)', decimalSeparator: '.', groupSeparators: ["'", '\u2019', ...SPACES], dateOrder: 'DMY', defaultCountry: 'CH', defaultCurrency: 'CHF', defaultEncoding: 'windows-1252' },
] as const satisfies readonly LocaleProfile[];

export type LocaleProfileCode = (typeof PROFILES)[number]['code'];

// Parsed once at load so a typo in the table fails at startup, not mid-import.
const BY_CODE: ReadonlyMap<string, LocaleProfile> = new Map(
  PROFILES.map((p) => [p.code, Object.freeze(LocaleProfile.parse(p))]),
);

export const LOCALE_PROFILE_CODES: readonly LocaleProfileCode[] = PROFILES.map((p) => p.code);

/** The profile for `code`; throws (a configuration error, not row data) when unknown. */
export function getLocaleProfile(code: string): LocaleProfile {
  const profile = BY_CODE.get(code);
  if (!profile) {
    throw new Error(`Unknown locale profile "${code}"; known: ${LOCALE_PROFILE_CODES.join(', ')}`);
  }
  return profile;
}
