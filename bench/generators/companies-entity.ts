/**
 * The true companies (entities) behind the generated company dataset. Entity i is a pure function
 * of (seed, i), so a million of them can be streamed in O(1) memory and any one regenerated alone.
 *
 * Entities are distinct companies: distinct valid tax ids (an injective scramble of the
 * per-language index), names distinct until the name space of the language is used up, and
 * deliberately hard negatives:
 * - namesakes (4 %): a company with the name of an earlier company of the same language (a
 *   subsidiary or an unrelated firm, "Servicios Integrales Levante" in two cities), often another
 *   legal form, always another tax id, domain and phone;
 * - franchisees (1.5 %): the brand name ("Pizzería Don Giovanni", sometimes + city), often the
 *   brand's website, their own tax id;
 * - an accountant's free-mail address shared by the companies they keep the books of (8 %).
 */
import { slug } from './accounts-rows';
import { decimalScrambler, int, makePermutation, mixSeed, pick, rowRng, weighted, type Rng } from './prng';
import { esCifFromDigits, itIvaFromDigits, plNipFromDigits, ruInn10FromDigits } from './tax-ids';
import {
  CITIES, FRANCHISES, FREE_MAIL, GIVEN_NAMES, LANG_COUNTRY, LEGAL_FORMS, NAME_PARTS, STREET_NAMES, STREET_TYPES, TLD,
  type CompanyCity, type CompanyCountry, type CompanyLang, type Spelled,
} from './companies-vocab';

export type CompanyKind = 'regular' | 'namesake' | 'franchisee';

export interface CompanyEntity {
  index: number;
  lang: CompanyLang;
  country: CompanyCountry;
  kind: CompanyKind;
  /** The earlier entity whose name a namesake copies. */
  namesakeOf: number | null;
  /** Name without legal form; `name[0]` native script, the rest Latin spellings (Russian). */
  name: Spelled;
  /** Spanish spelling of a Catalan name ("Distribuciones Puig" for "Distribucions Puig"), if any. */
  nameEs: string | null;
  legalForm: string;
  /** Compact domestic tax id (valid check digits), no country prefix. */
  taxId: string;
  /** The company's own registrable domain (null: no website, e-mail on free-mail). */
  domain: string | null;
  /** A franchise brand's domain, used as the franchisee's website. */
  brandDomain: string | null;
  /** The owner's personal free-mail address, typed into shops. */
  ownerEmail: string;
  /** The accountant's free-mail address, shared with other companies. */
  accountantEmail: string | null;
  /** National significant numbers (no trunk prefix). */
  landline: string;
  mobile: string;
  streetType: Spelled;
  streetName: Spelled;
  houseNumber: number;
  /** An older address of the same company (it moved), seen in some stale spreadsheets. */
  oldStreetName: Spelled;
  oldHouseNumber: number;
  postcode: string;
  city: CompanyCity;
  /** Number of source records of this entity (1–5). */
  records: number;
}

/** 20 slots: the language of entity i is LANG_SLOTS[i % 20] (Spanish 7, Catalan 2, Italian 4, Polish 3, Russian 4). */
const LANG_SLOTS: readonly CompanyLang[] = ['es', 'es', 'es', 'es', 'es', 'es', 'es', 'ca', 'ca', 'it', 'it', 'it', 'it', 'pl', 'pl', 'pl', 'ru', 'ru', 'ru', 'ru'];
const SLOTS = LANG_SLOTS.length;
const SLOT_RANK = LANG_SLOTS.map((l, k) => LANG_SLOTS.slice(0, k).filter((x) => x === l).length);
const SLOT_COUNT = Object.fromEntries(LANG_SLOTS.map((l) => [l, LANG_SLOTS.filter((x) => x === l).length])) as Record<CompanyLang, number>;

export const RECORD_COUNT_WEIGHTS = [[1, 40], [2, 30], [3, 17], [4, 9], [5, 4]] as const;
export const NAMESAKE_RATE = 0.04;
export const FRANCHISE_RATE = 0.015;
export const ACCOUNTANT_RATE = 0.08;
/** Companies per accountant group (within one language): about 2 of them use that accountant. */
const ACCOUNTANT_GROUP = 25;

// Stream tags: each decision draws from its own stream so adding one does not shift the others.
const T_ENTITY = 0x0e17;
const T_KIND = 0x0c1d;

export function langOf(i: number): CompanyLang {
  return LANG_SLOTS[i % SLOTS] as CompanyLang;
}

/** The index of entity i among the entities of its language (0, 1, 2 … per language). */
export function langIndexOf(i: number): number {
  return Math.floor(i / SLOTS) * SLOT_COUNT[langOf(i)] + (SLOT_RANK[i % SLOTS] as number);
}

export function recordCountOf(seed: number, i: number): number {
  return weighted(rowRng(mixSeed(seed, 0x4ec0), i), RECORD_COUNT_WEIGHTS);
}

export function kindOf(seed: number, i: number): CompanyKind {
  const r = rowRng(mixSeed(seed, T_KIND), i)();
  if (r < NAMESAKE_RATE && i >= SLOTS) return 'namesake';
  if (r >= NAMESAKE_RATE && r < NAMESAKE_RATE + FRANCHISE_RATE) return 'franchisee';
  return 'regular';
}

interface Caches {
  seed: number;
  perms: Map<CompanyLang, (i: number) => number>;
  serial: Map<CompanyLang, (i: number) => number>;
}
let caches: Caches | undefined;
function cachesFor(seed: number): Caches {
  if (caches?.seed !== seed) caches = { seed, perms: new Map(), serial: new Map() };
  return caches;
}

function nameSpace(lang: CompanyLang): number {
  const p = NAME_PARTS[lang];
  return p.activities.length * p.cores.length * p.qualifiers.length;
}

/** Distinct name-part indices for distinct per-language indices below the name space. */
function namePartIndices(seed: number, lang: CompanyLang, li: number): { a: number; c: number; q: number; round: number } {
  const c = cachesFor(seed);
  const n = nameSpace(lang);
  let perm = c.perms.get(lang);
  if (!perm) {
    perm = makePermutation(n, mixSeed(seed, lang.charCodeAt(0) * 31 + lang.charCodeAt(1)));
    c.perms.set(lang, perm);
  }
  const x = perm(li % n);
  const p = NAME_PARTS[lang];
  const q = x % p.qualifiers.length;
  const rest = Math.floor(x / p.qualifiers.length);
  return { a: rest % p.activities.length, c: Math.floor(rest / p.activities.length), q, round: Math.floor(li / n) };
}

function joinParts(parts: readonly string[]): string {
  // Russian qualifiers starting with '-' attach to the word before ("Вектор-Строй").
  let out = '';
  for (const w of parts) {
    if (w === '') continue;
    out = out === '' ? w : w.startsWith('-') ? `${out}${w}` : `${out} ${w}`;
  }
  return out;
}

function spelledName(lang: CompanyLang, a: number, c: number, q: number): Spelled {
  const p = NAME_PARTS[lang];
  const A = p.activities[a] as Spelled;
  const C = p.cores[c] as Spelled;
  const Q = p.qualifiers[q] as Spelled;
  if (lang !== 'ru') return [joinParts([A[0], C[0], Q[0]])];
  // Russian: native, then each Latin spelling of the core (activity/qualifier first spelling).
  const latin = C.slice(1).map((cl) => joinParts([A[1] ?? '', cl, Q[1] ?? '']));
  return [joinParts([A[0], C[0], Q[0]]), ...latin];
}

/** The name of a regular entity j (namesakes copy their original's, franchisees use a brand). */
function baseNameOf(seed: number, j: number): { name: Spelled; nameEs: string | null; round: number } {
  const lang = langOf(j);
  const { a, c, q, round } = namePartIndices(seed, lang, langIndexOf(j));
  const name = spelledName(lang, a, c, q);
  let nameEs: string | null = null;
  if (lang === 'ca') {
    // Catalan activities are listed in the order of their Spanish translations.
    const es = NAME_PARTS.es.activities[a] as Spelled;
    nameEs = joinParts([es[0], (NAME_PARTS.ca.cores[c] as Spelled)[0], (NAME_PARTS.ca.qualifiers[q] as Spelled)[0]]);
  }
  return { name, nameEs, round };
}

/** ASCII, lower-case, letters and digits only (for e-mail and web addresses). */
export const slugify = slug;

function taxIdOf(seed: number, lang: CompanyLang, li: number, legalForm: string, city: CompanyCity, rng: Rng): string {
  const c = cachesFor(seed);
  let scr = c.serial.get(lang);
  if (!scr) {
    scr = decimalScrambler(7, mixSeed(seed, 0x7a1d + lang.charCodeAt(0)));
    c.serial.set(lang, scr);
  }
  // Injective in li (for li < 10^7): distinct entities of a language never share a tax id.
  const serial = String(scr(li % 10_000_000)).padStart(7, '0');
  switch (LANG_COUNTRY[lang]) {
    case 'ES': {
      const letter = legalForm === 'sa' ? 'A' : legalForm === 'coop' ? 'F' : legalForm === 'cb' ? 'E' : 'B';
      return esCifFromDigits(letter, serial);
    }
    case 'IT':
      return itIvaFromDigits(serial, city.office ?? '015');
    case 'PL':
      return plNipFromDigits(`${int(rng, 1, 9)}${serial}${int(rng, 0, 9)}`);
    default:
      return ruInn10FromDigits(`${city.office ?? '77'}${serial}`);
  }
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function landlineOf(rng: Rng, country: CompanyCountry, city: CompanyCity): string {
  const a = city.area;
  switch (country) {
    case 'ES':
      // Two-digit areas: the next digit stays in 1-8 (969…, 940… are special ranges).
      return a.length === 2 ? `${a}${int(rng, 1, 8)}${pad(int(rng, 0, 999999), 6)}` : `${a}${pad(int(rng, 0, 999999), 6)}`;
    case 'IT':
      return `${a}${pad(int(rng, 10 ** (9 - a.length), 10 ** (10 - a.length) - 1), 10 - a.length)}`;
    case 'PL':
      return `${a}${int(rng, 2, 9)}${pad(int(rng, 0, 999999), 6)}`;
    default:
      return `${a}${int(rng, 2, 9)}${pad(int(rng, 0, 999999), 6)}`;
  }
}

const IT_MOBILE = ['320', '328', '333', '335', '338', '339', '340', '347', '348', '349', '366', '380', '389', '392'];
const PL_MOBILE = ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'];
function mobileOf(rng: Rng, country: CompanyCountry): string {
  switch (country) {
    case 'ES':
      return `6${pad(int(rng, 0, 99_999_999), 8)}`;
    case 'IT':
      return `${pick(rng, IT_MOBILE)}${pad(int(rng, 0, 9_999_999), 7)}`;
    case 'PL':
      return `${pick(rng, PL_MOBILE)}${pad(int(rng, 0, 9_999_999), 7)}`;
    default:
      return `9${int(rng, 0, 9)}${int(rng, 0, 9)}${pad(int(rng, 0, 9_999_999), 7)}`;
  }
}

function postcodeOf(rng: Rng, country: CompanyCountry, city: CompanyCity): string {
  if (country === 'PL') return `${city.cp}-${pad(int(rng, 1, 999), 3)}`;
  const width = country === 'RU' ? 6 : 5;
  const rest = width - city.cp.length;
  return `${city.cp}${pad(int(rng, country === 'RU' ? 0 : 1, 10 ** rest - 1), rest)}`;
}

function accountantEmailOf(seed: number, lang: CompanyLang, group: number): string {
  const rng = rowRng(mixSeed(seed, 0xacc0 + lang.charCodeAt(0)), group);
  const sur = slugify((pick(rng, NAME_PARTS[lang === 'ru' ? 'ru' : lang].cores) as Spelled).at(-1) as string);
  const label = { es: 'asesoria', ca: 'gestoria', it: 'studio', pl: 'biurorachunkowe', ru: 'buhgalter' }[lang];
  return `${label}.${sur}${int(rng, 1, 99)}@${pick(rng, FREE_MAIL[LANG_COUNTRY[lang]])}`;
}

/** Entity i of the dataset generated with `seed`. */
export function companyEntity(seed: number, i: number): CompanyEntity {
  const rng = rowRng(mixSeed(seed, T_ENTITY), i);
  const lang = langOf(i);
  const li = langIndexOf(i);
  const country = LANG_COUNTRY[lang];
  const kind = kindOf(seed, i);
  const forms = LEGAL_FORMS[country];
  let legalForm = weighted(rng, Object.entries(forms).map(([k, v]) => [k, v.weight] as const));
  let city = pick(rng, CITIES[lang]);
  const tld = pick(rng, TLD[country]);
  let name: Spelled;
  let nameEs: string | null = null;
  let domain: string | null;
  let brandDomain: string | null = null;
  let namesakeOf: number | null = null;

  if (kind === 'franchisee') {
    const brand = pick(rng, FRANCHISES[lang]);
    const withCity = rng() < 0.5;
    name = withCity ? (brand.map((b, k) => `${b} ${city.names[Math.min(k, city.names.length - 1)]}`) as unknown as Spelled) : brand;
    brandDomain = `${slugify(brand.at(-1) as string)}.${tld}`;
    domain = rng() < 0.5 ? `${slugify(brand.at(-1) as string)}${slugify(city.names.at(-1) as string)}${int(rng, 1, 99)}.${tld}` : null;
  } else {
    if (kind === 'namesake') {
      namesakeOf = i - SLOTS;
      const original = companyEntity(seed, i - SLOTS);
      name = original.name;
      nameEs = original.nameEs;
      const slug = slugify(name.at(-1) as string);
      // Mostly another city; a different legal form half of the time (S.L. vs S.A. subsidiary).
      if (rng() < 0.7) {
        const others = CITIES[lang].filter((c) => c !== original.city);
        city = pick(rng, others.length ? others : CITIES[lang]);
      } else {
        city = original.city;
      }
      if (rng() < 0.5) legalForm = original.legalForm;
      // The depth in a chain of namesakes keeps their domains apart even in one city.
      let depth = 1;
      for (let j = i - SLOTS; kindOf(seed, j) === 'namesake'; j -= SLOTS) depth++;
      domain = rng() < 0.7 ? `${slug}-${slugify(city.names.at(-1) as string)}${depth > 1 ? depth : ''}.${tld}` : null;
    } else {
      const base = baseNameOf(seed, i);
      name = base.name;
      nameEs = base.nameEs;
      const slug = slugify(name.at(-1) as string);
      // The name space repeats after `round` 0: a number keeps those domains distinct.
      domain = rng() < 0.75 ? `${slug}${base.round > 0 ? base.round + 1 : ''}.${tld}` : null;
    }
  }
  const given = pick(rng, GIVEN_NAMES[lang]);
  const ownerSur = slugify(pick(rng, NAME_PARTS[lang].cores).at(-1) as string);
  const ownerEmail = `${rng() < 0.5 ? given : given[0]}${rng() < 0.5 ? '.' : ''}${ownerSur}${int(rng, 1, 99)}${int(rng, 0, 99)}@${pick(rng, FREE_MAIL[country])}`;
  const accountantEmail = rng() < ACCOUNTANT_RATE ? accountantEmailOf(seed, lang, Math.floor(li / ACCOUNTANT_GROUP)) : null;
  const taxId = taxIdOf(seed, lang, li, legalForm, city, rng);
  return {
    index: i,
    lang,
    country,
    kind,
    namesakeOf,
    name,
    nameEs,
    legalForm,
    taxId,
    domain,
    brandDomain,
    ownerEmail,
    accountantEmail,
    landline: landlineOf(rng, country, city),
    mobile: mobileOf(rng, country),
    streetType: pick(rng, STREET_TYPES[lang]),
    streetName: pick(rng, STREET_NAMES[lang]),
    houseNumber: int(rng, 1, 180),
    oldStreetName: pick(rng, STREET_NAMES[lang]),
    oldHouseNumber: int(rng, 1, 180),
    postcode: postcodeOf(rng, country, city),
    city,
    records: recordCountOf(seed, i),
  };
}
