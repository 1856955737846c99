/**
 * Country cells to ISO 3166-1 alpha-2: codes (alpha-2/alpha-3) or names in the languages our
 * sources are written in. Names come from CLDR through Intl.DisplayNames (Node ships full ICU),
 * so every country is covered in every language without a hand-kept table; only colloquial
 * aliases CLDR does not use are listed here.
 */
import { ALPHA2_BY_ALPHA3, ALPHA3_BY_ALPHA2 } from './country-codes';
import { fail, type Failure } from './result';
import { foldText } from './text';

export type CountryResult = { ok: true; value: string } | Failure;

const NAME_LANGUAGES = ['es', 'ca', 'it', 'pl', 'ru', 'en', 'de', 'fr', 'pt'] as const;

// Colloquial or former names, written as people type them; folded at load like CLDR names.
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  GB: ['UK', 'U.K.', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'Gran Bretaña', 'Inglaterra', 'Inghilterra', 'Anglia', 'Англия', 'Großbritannien', 'Angleterre'],
  US: ['U.S.A.', 'U.S.', 'EE.UU.', 'EEUU', 'Estados Unidos de América', 'Stati Uniti d\'America', 'США', 'Amerika', 'Vereinigte Staaten von Amerika'],
  NL: ['Holland', 'Holanda', 'Olanda', 'Holandia', 'Голландия'],
  RU: ['Russian Federation', 'Российская Федерация', 'РФ', 'Rosja', 'Federación Rusa', 'Russische Föderation'],
  BY: ['Belorussia', 'Byelorussia', 'Белоруссия', 'Weißrussland', 'Biélorussie', 'Bielorussia'],
  MD: ['Moldavia', 'Молдавия', 'Moldawien', 'Mołdawia'],
  CZ: ['Czech Republic', 'República Checa', 'Repubblica Ceca', 'Tschechische Republik', 'République tchèque', 'Republika Czeska', 'Чешская Республика'],
  TR: ['Turkey', 'Türkei', 'Turquie', 'Турция'],
  MK: ['Macedonia', 'Macedonia del Norte', 'Македония'],
  DE: ['BRD', 'Deutschland'],
  CH: ['Schweiz', 'Suisse', 'Svizzera'],
  VA: ['Vatican', 'Holy See', 'Vaticano'],
  KR: ['South Korea', 'Corea del Sur', 'Южная Корея'],
  CI: ['Ivory Coast', 'Costa de Marfil'],
  SZ: ['Swaziland'],
  MM: ['Burma'],
  GR: ['Grecja'],
};

const NAME_TO_CODE = buildNameTable();

function buildNameTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  const add = (name: string | undefined, code: string): void => {
    const key = foldText(name);
    // First writer wins: a later language must not steal a name (collisions are rare homonyms).
    if (key && !table.has(key)) table.set(key, code);
  };
  for (const [code, names] of Object.entries(ALIASES)) for (const n of names) add(n, code);
  for (const lang of NAME_LANGUAGES) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([lang], { type: 'region', style, fallback: 'none' });
      for (const code of ALPHA3_BY_ALPHA2.keys()) add(names.of(code), code);
    }
  }
  return table;
}

const ALPHA2 = /^[A-Za-z]{2}$/;
const ALPHA3 = /^[A-Za-z]{3}$/;
// Not ISO, but found in data: UK for GB, EL (Greece's EU/VAT code) for GR.
const ALPHA2_ALIASES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

export function normalizeCountry(raw: string): CountryResult {
  const s = raw.trim();
  if (s === '') return fail('empty');
  if (ALPHA2.test(s)) {
    const code = s.toUpperCase();
    const resolved = ALPHA2_ALIASES[code] ?? code;
    if (ALPHA3_BY_ALPHA2.has(resolved)) return { ok: true, value: resolved };
    return fail(`unknown country code "${s}"`);
  }
  if (ALPHA3.test(s)) {
    const code = ALPHA2_BY_ALPHA3.get(s.toUpperCase());
    if (code) return { ok: true, value: code };
  }
  const byName = NAME_TO_CODE.get(foldText(s));
  if (byName) return { ok: true, value: byName };
  return fail(`unknown country "${s}"`);
}
