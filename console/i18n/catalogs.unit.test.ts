/**
 * The six catalogs: same keys as English, every message parses as ICU MessageFormat with the same
 * placeholders, and every plural names each category its language has (pl/ru: one/few/many/other,
 * es/ca/it: one/many/other, en: one/other) as Node's Intl reports them.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGS, chooseLocale, formatters, LOCALES, translator } from './i18n';
import { en } from './en';

function walk(els: MessageFormatElement[], visit: (e: MessageFormatElement) => void): void {
  for (const e of els) {
    visit(e);
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const o of Object.values(e.options)) walk(o.value, visit);
    if (e.type === TYPE.tag) walk(e.children, visit);
  }
}

function shape(message: string): { args: string[]; plurals: Map<string, string[]> } {
  const args = new Set<string>();
  const plurals = new Map<string, string[]>();
  walk(parse(message), (e) => {
    if ('value' in e && (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.plural || e.type === TYPE.select)) args.add(e.value as string);
    if (e.type === TYPE.plural) plurals.set(e.value, Object.keys(e.options));
  });
  return { args: [...args].sort(), plurals };
}

describe('console catalogs', () => {
  const keys = Object.keys(en).sort();

  it.each(LOCALES)('%s has exactly the English keys, same placeholders, all plural categories', (locale) => {
    const catalog = CATALOGS[locale];
    expect(Object.keys(catalog).sort()).toEqual(keys);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of keys) {
      const mine = shape(catalog[key as keyof typeof en]);
      const ref = shape(en[key as keyof typeof en]);
      expect(mine.args, `${locale} ${key}`).toEqual(ref.args);
      expect([...mine.plurals.keys()].sort(), `${locale} ${key}`).toEqual([...ref.plurals.keys()].sort());
      for (const [arg, options] of mine.plurals) {
        for (const c of categories) expect(options, `${locale} ${key} {${arg}} lacks "${c}"`).toContain(c);
      }
      expect(catalog[key as keyof typeof en].trim().length, `${locale} ${key}`).toBeGreaterThan(0);
    }
  });

  it('knows the plural categories the notes measured', () => {
    expect(new Intl.PluralRules('pl').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
    expect(new Intl.PluralRules('ru').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
    expect(new Intl.PluralRules('es').resolvedOptions().pluralCategories.sort()).toEqual(['many', 'one', 'other']);
  });

  it('formats plurals and numbers per language', () => {
    expect(translator('pl')('run.ignored', { count: 2 })).toBe('Pominięto 2 wiersze.');
    expect(translator('pl')('run.ignored', { count: 5 })).toBe('Pominięto 5 wierszy.');
    expect(translator('ru')('run.ignored', { count: 21 })).toBe('Пропущена 21 строка.');
    expect(translator('es')('run.ignored', { count: 1 })).toBe('1 fila ignorada.');
    expect(formatters('es', 'Europe/Madrid').num(1234567)).toBe('1.234.567');
    expect(formatters('en', 'Europe/Madrid').num(1234567)).toBe('1,234,567');
    expect(formatters('ru', 'Europe/Moscow').num(1234567).replace(/\s/g, ' ')).toBe('1 234 567');
    expect(formatters('ca', 'Europe/Madrid').date('2025-03-01')).toMatch(/2025/);
  });

  it('chooses the language from the cookie, then Accept-Language by weight, then English', () => {
    expect(chooseLocale('ca', 'es-ES,es;q=0.9')).toBe('ca');
    expect(chooseLocale(undefined, 'de-DE,de;q=0.9,it;q=0.8,en;q=0.7')).toBe('it');
    expect(chooseLocale(undefined, 'en;q=0.5, ru')).toBe('ru');
    expect(chooseLocale('xx', 'fr-FR')).toBe('en');
    expect(chooseLocale(undefined, undefined)).toBe('en');
  });
});
