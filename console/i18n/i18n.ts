/**
 * Six interface languages. Messages are ICU MessageFormat (intl-messageformat), so plurals follow
 * each language's own categories (Polish and Russian have one/few/many/other). The language comes
 * from the `crmhub_lang` cookie the switcher sets, else the browser's Accept-Language, else English.
 * Numbers and dates are formatted by Intl for that language.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { ca } from './ca';
import { en, type MessageKey } from './en';
import { es } from './es';
import { it } from './it';
import { pl } from './pl';
import { ru } from './ru';

export const LOCALES = ['en', 'es', 'ca', 'it', 'pl', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, es, ca, it, pl, ru };
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', ca: 'Català', it: 'Italiano', pl: 'Polski', ru: 'Русский' };
export const LOCALE_COOKIE = 'crmhub_lang';

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/** The cookie's language, else the first Accept-Language range we speak (by q), else English. */
export function chooseLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const ranges = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
  }).filter((r) => r.tag && r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const primary = r.tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

const formats = new Map<string, IntlMessageFormat>();

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => {
    const id = `${locale}\u0000${key}`;
    let f = formats.get(id);
    if (!f) {
      f = new IntlMessageFormat(CATALOGS[locale][key] ?? en[key], locale);
      formats.set(id, f);
    }
    return String(f.format(values));
  };
}

export interface Formatters {
  num(n: number | string | null | undefined): string;
  pct(p: number): string;
  dateTime(d: Date | string | null | undefined): string;
  date(d: Date | string | null | undefined): string;
  duration(ms: number | null): string;
  bytes(n: number): string;
}

export function formatters(locale: Locale, timeZone: string): Formatters {
  const n = new Intl.NumberFormat(locale);
  const p = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const unit = (u: 'second' | 'minute' | 'hour', v: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
  const mb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 });
  const kb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 });
  const asDate = (x: Date | string) => (x instanceof Date ? x : new Date(x));
  return {
    num: (x) => (x === null || x === undefined || x === '' ? '' : n.format(typeof x === 'string' ? Number(x) : x)),
    pct: (x) => p.format(x),
    dateTime: (x) => (x ? dt.format(asDate(x)) : ''),
    date: (x) => (x ? d.format(asDate(typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T00:00:00Z` : x)) : ''),
    duration: (ms) => (ms === null ? '' : ms < 60_000 ? unit('second', ms / 1000) : ms < 3_600_000 ? unit('minute', ms / 60_000) : unit('hour', ms / 3_600_000)),
    bytes: (x) => (x < 1024 * 1024 ? kb.format(x / 1024) : mb.format(x / 1024 / 1024)),
  };
}
