/**
 * How people and systems garble a company's data when they type or export it: typos (keyboard
 * neighbours, dropped, doubled and transposed letters), case changes, dropped accents,
 * abbreviations, and the many ways to write one phone number, website or street address.
 * Every function draws from the given PRNG only (deterministic).
 */
import { int, pick, type Rng } from './prng';
import { NAME_ABBREVIATIONS, type CompanyCountry } from './companies-vocab';

// QWERTY neighbours (lower case); Cyrillic ЙЦУКЕН neighbours for Russian names.
const NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'adw', d: 'sfe', f: 'dgr', g: 'fht', h: 'gjy', j: 'hku', k: 'jli', l: 'ko',
  z: 'xa', x: 'zc', c: 'xv', v: 'cb', b: 'vn', n: 'bm', m: 'n',
  й: 'цф', ц: 'йуы', у: 'цкв', к: 'уеа', е: 'кнп', н: 'нгр', г: 'ншо', ш: 'гщл', щ: 'шзд', з: 'щхж',
  ф: 'йыя', ы: 'фвц', в: 'ыау', а: 'впк', п: 'аре', р: 'пон', о: 'рлг', л: 'одш', д: 'лжщ', ж: 'дэз',
  я: 'фч', ч: 'яс', с: 'чм', м: 'си', и: 'мт', т: 'иь', ь: 'тб', б: 'ью',
};

function isLetter(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

/** One typo in one word of at least 4 letters: neighbour key, dropped, doubled or swapped letter. */
export function typo(rng: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, k) => [w, k] as const).filter(([w]) => [...w].filter(isLetter).length >= 4);
  if (candidates.length === 0) return text;
  const [word, at] = pick(rng, candidates);
  const chars = [...word];
  // Never the first letter: people rarely get it wrong, and blocking on it is fair.
  const p = int(rng, 1, chars.length - 1);
  const ch = chars[p] as string;
  switch (int(rng, 0, 3)) {
    case 0: {
      const near = NEIGHBOURS[ch.toLowerCase()];
      if (near && isLetter(ch)) {
        const sub = near[int(rng, 0, near.length - 1)] as string;
        chars[p] = ch === ch.toUpperCase() ? sub.toUpperCase() : sub;
      } else chars.splice(p, 1);
      break;
    }
    case 1:
      chars.splice(p, 1);
      break;
    case 2:
      chars.splice(p, 0, ch);
      break;
    default:
      if (p + 1 < chars.length) [chars[p], chars[p + 1]] = [chars[p + 1] as string, ch];
      else chars.splice(p, 1);
  }
  words[at] = chars.join('');
  return words.join(' ');
}

/** Accents dropped the way a US keyboard or an old system does: "Pérez" → "Perez", "Łódź" → "Lodz". */
export function dropAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/·/g, '.');
}

export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s\-"«'(])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

/** Replaces a long word by an abbreviation people use ("Distribuciones" → "Distrib."), if one is known. */
export function abbreviate(rng: Rng, text: string): string {
  for (const [full, abbrs] of Object.entries(NAME_ABBREVIATIONS)) {
    if (text.includes(full)) return text.replace(full, pick(rng, abbrs));
  }
  return text;
}

function groups(digits: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let k = 0;
  for (const n of sizes) {
    if (k >= digits.length) break;
    out.push(digits.slice(k, k + n));
    k += n;
  }
  if (k < digits.length) out.push(digits.slice(k));
  return out.join(sep);
}

const CALLING_CODE: Record<CompanyCountry, string> = { ES: '34', IT: '39', PL: '48', RU: '7' };

/** A national significant number written in one of the ways found in exports of that country. */
export function formatPhone(rng: Rng, country: CompanyCountry, nsn: string, areaLength: number): string {
  const cc = CALLING_CODE[country];
  const area = nsn.slice(0, areaLength);
  const rest = nsn.slice(areaLength);
  switch (country) {
    case 'ES':
      return pick(rng, [
        groups(nsn, [3, 3, 3], ' '), groups(nsn, [2, 3, 2, 2], ' '), `+34 ${groups(nsn, [3, 3, 3], ' ')}`, `+34${nsn}`,
        `0034 ${nsn}`, `(+34) ${groups(nsn, [3, 3, 3], '-')}`, nsn, groups(nsn, [3, 3, 3], '.'),
      ]);
    case 'IT':
      return pick(rng, [`${area} ${rest}`, `+39 ${area} ${rest}`, `0039 ${nsn}`, `+39${nsn}`, `${area}/${rest}`, `${area}-${rest}`]);
    case 'PL':
      return pick(rng, [
        groups(nsn, [2, 3, 2, 2], ' '), `+48 ${groups(nsn, [2, 3, 2, 2], ' ')}`, `(${area}) ${rest}`, `0048 ${nsn}`, nsn,
        `+48 ${groups(nsn, [3, 3, 3], '-')}`, groups(nsn, [3, 3, 3], ' '),
      ]);
    default: {
      const r = groups(rest, [3, 2, 2], '-');
      return pick(rng, [`+7 (${area}) ${r}`, `8 (${area}) ${r}`, `8-${area}-${r}`, `+7${nsn}`, `+${cc} ${area} ${rest}`, `8${area}${rest}`]);
    }
  }
}

/** A website as typed: with or without scheme, www, trailing slash or a page. */
export function formatWebsite(rng: Rng, domain: string): string {
  return pick(rng, [`www.${domain}`, `www.${domain}`, `https://www.${domain}/`, `http://${domain}`, domain, `https://${domain}`, `http://www.${domain}/contacto`, `WWW.${domain.toUpperCase()}`]);
}

/** Tax id as written in a source: bare, with the VAT prefix, with separators, with a label. */
export function formatTaxId(rng: Rng, country: CompanyCountry, id: string): string {
  switch (country) {
    case 'ES':
      return pick(rng, [id, id, `ES${id}`, `ES${id}`, `${id[0]}-${id.slice(1)}`, `ES-${id}`, id.toLowerCase(), `${id.slice(0, 1)} ${id.slice(1)}`]);
    case 'IT':
      return pick(rng, [id, id, `IT${id}`, `IT ${id}`, `IT${id}`]);
    case 'PL':
      return pick(rng, [id, `PL${id}`, `${id.slice(0, 3)}-${id.slice(3, 6)}-${id.slice(6, 8)}-${id.slice(8)}`, `${id.slice(0, 3)}-${id.slice(3, 5)}-${id.slice(5, 7)}-${id.slice(7)}`, `PL ${id}`]);
    default:
      return pick(rng, [id, id, id, `ИНН ${id}`]);
  }
}
