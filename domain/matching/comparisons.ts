/**
 * Field comparisons with ordered levels, Splink style. Level 0 is always "null" (a value missing
 * on either side: no evidence either way, weight 0); level 1 is the strongest agreement; the last
 * level is "else" (disagreement). Each level has a label so a score can be explained.
 * Comparisons whose exact level is term-frequency adjusted name the value used for the lookup.
 */
import { legalFormKey } from './contradictions';
import type { AccountMatchRecord, ContactMatchRecord, MatchEntity, MatchRecord } from './match-record';
import { jaroWinkler, levenshtein, wordJaccard } from './string-similarity';

export interface Comparison<R extends MatchRecord = MatchRecord> {
  name: string;
  levels: readonly string[];
  compare(a: R, b: R): number;
  /**
   * Rough cost of one `compare`, to order a pruned scoring (link-pairs.ts): 1 equality tests,
   * 2 a short edit distance or a few slices, 3 a Jaro-Winkler, 4 several string similarities.
   */
  cost: number;
  /** Value whose frequency adjusts the weight of level 1 (exact), if any. */
  tfValue?: (r: R) => string | null;
  /**
   * Values that tell companies holding the same tfValue apart (tax id, legal form, domain,
   * postcode, city): training counts their distinct values per tfValue to estimate how many
   * companies share it, so duplicates of one company do not make its name look common.
   */
  tfEntityValues?: (r: R) => readonly (string | null)[];
}

const NULL = 'null';

function anyShared(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Exact / JW bands / else on one nullable string. */
function textBands(name: string, bands: readonly number[], get: (r: never) => string | null, tf: boolean): Comparison {
  const levels = [NULL, 'exact', ...bands.map((t) => `jaro-winkler ≥ ${t}`), 'else'];
  const g = get as (r: MatchRecord) => string | null;
  return {
    name,
    levels,
    cost: 3,
    compare(a, b) {
      const x = g(a);
      const y = g(b);
      if (x === null || y === null) return 0;
      if (x === y) return 1;
      const s = jaroWinkler(x, y);
      for (let i = 0; i < bands.length; i++) if (s >= (bands[i] as number)) return 2 + i;
      return levels.length - 1;
    },
    ...(tf ? { tfValue: g } : {}),
  };
}

/** Exact / Levenshtein ≤ 1 / else (identifiers typed by hand: tax ids, national ids, postcodes). */
function identifier(name: string, get: (r: never) => string | null): Comparison {
  const g = get as (r: MatchRecord) => string | null;
  return {
    name,
    levels: [NULL, 'exact', 'one edit', 'else'],
    cost: 2,
    compare(a, b) {
      const x = g(a);
      const y = g(b);
      if (x === null || y === null) return 0;
      if (x === y) return 1;
      return levenshtein(x, y) <= 1 ? 2 : 3;
    },
  };
}

function exactOnly(name: string, get: (r: never) => string | null, tf = false): Comparison {
  const g = get as (r: MatchRecord) => string | null;
  return {
    name,
    levels: [NULL, 'exact', 'else'],
    cost: 1,
    compare(a, b) {
      const x = g(a);
      const y = g(b);
      if (x === null || y === null) return 0;
      return x === y ? 1 : 2;
    },
    ...(tf ? { tfValue: g } : {}),
  };
}

function emails(): Comparison {
  return {
    name: 'email',
    levels: [NULL, 'shared address', 'same mailbox name', 'else'],
    cost: 2,
    compare(a, b) {
      if (a.emails.length === 0 || b.emails.length === 0) return 0;
      if (anyShared(a.emails, b.emails)) return 1;
      // "juan.perez@gmail.com" vs "juan.perez@perez.es": same person, different provider.
      for (const x of a.emails) {
        const lx = x.slice(0, x.lastIndexOf('@'));
        for (const y of b.emails) if (lx.length >= 4 && lx === y.slice(0, y.lastIndexOf('@'))) return 2;
      }
      return 3;
    },
  };
}

function phones(): Comparison {
  return {
    name: 'phone',
    levels: [NULL, 'shared number', 'same last 7 digits', 'else'],
    cost: 2,
    compare(a, b) {
      if (a.phones.length === 0 || b.phones.length === 0) return 0;
      if (anyShared(a.phones, b.phones)) return 1;
      for (const x of a.phones) for (const y of b.phones) if (x.length >= 7 && x.slice(-7) === y.slice(-7)) return 2;
      return 3;
    },
  };
}

/** The names agree after normalization: name, legal name or native script (the name comparison's exact level). */
export function sameAccountName(a: AccountMatchRecord, b: AccountMatchRecord): boolean {
  if (a.name === null || b.name === null) return false;
  if (a.name === b.name || (a.nameNative !== null && a.nameNative === b.nameNative)) return true;
  return (a.name2 !== null && (a.name2 === b.name || a.name2 === b.name2)) || (b.name2 !== null && b.name2 === a.name);
}

/** Shortened words keep at least this many letters ("const", "trans"; not "c"). */
const MIN_ABBREVIATION = 3;

/**
 * The same words in the same order, some cut short: "trans garrido del sur" / "transportes
 * garrido del sur", "const puig centre" / "construccions puig centre". Abbreviating a word is
 * how people shorten a company name; a different word in its place is another name.
 */
export function abbreviatedWords(x: string, y: string): boolean {
  // Scanned in place, no arrays: this runs on every candidate pair and every u-sample pair.
  if (x.charCodeAt(0) !== y.charCodeAt(0)) return false;
  let i = 0;
  let j = 0;
  let words = 0;
  let shortened = false;
  let kept = false;
  for (;;) {
    const si = x.indexOf(' ', i);
    const sj = y.indexOf(' ', j);
    const li = (si < 0 ? x.length : si) - i;
    const lj = (sj < 0 ? y.length : sj) - j;
    const common = Math.min(li, lj);
    for (let k = 0; k < common; k++) if (x.charCodeAt(i + k) !== y.charCodeAt(j + k)) return false;
    if (li === lj) kept ||= li >= 4;
    else if (common < MIN_ABBREVIATION) return false;
    else shortened = true;
    words++;
    if (si < 0 || sj < 0) return si < 0 && sj < 0 && words >= 2 && shortened && kept;
    i = si + 1;
    j = sj + 1;
  }
}

/** Account names: any of name / legal name / native script; tokens catch reordered words. */
function accountName(): Comparison<AccountMatchRecord> {
  const bands = [0.95, 0.88] as const;
  return {
    name: 'name',
    levels: [NULL, 'exact', 'same words, some abbreviated', 'jaro-winkler ≥ 0.95', 'jaro-winkler ≥ 0.88', 'half the words shared', 'else'],
    cost: 4,
    compare(a, b) {
      if (a.name === null || b.name === null) return 0;
      if (sameAccountName(a, b)) return 1;
      if (abbreviatedWords(a.name, b.name)) return 2;
      const s = jaroWinkler(a.name, b.name);
      if (s >= bands[0]) return 3;
      if (s >= bands[1]) return 4;
      return wordJaccard(a.name, b.name) >= 0.5 ? 5 : 6;
    },
    tfValue: (r) => r.name,
    tfEntityValues: (r) => [r.tax, legalFormKey(r.form), r.domain, r.postcode, r.city, r.house],
  };
}

function accountStreet(): Comparison<AccountMatchRecord> {
  return {
    name: 'street',
    levels: [NULL, 'same street and number', 'similar street, same number', 'similar street', 'else'],
    cost: 3,
    compare(a, b) {
      if (a.street === null || b.street === null) return 0;
      const similar = a.street === b.street || jaroWinkler(a.street, b.street) >= 0.9;
      if (!similar) return 4;
      const sameHouse = a.house !== null && a.house === b.house;
      if (sameHouse) return a.street === b.street ? 1 : 2;
      return 3;
    },
  };
}

/** Person names, with a level for first and last name swapped between the records. */
function personName(name: 'first_name' | 'last_name'): Comparison<ContactMatchRecord> {
  const own = name === 'first_name' ? (r: ContactMatchRecord) => r.first : (r: ContactMatchRecord) => r.last;
  const other = name === 'first_name' ? (r: ContactMatchRecord) => r.last : (r: ContactMatchRecord) => r.first;
  return {
    name,
    levels: [NULL, 'exact', 'jaro-winkler ≥ 0.92', 'jaro-winkler ≥ 0.8', 'swapped with the other name', 'else'],
    cost: 4,
    compare(a, b) {
      const x = own(a);
      const y = own(b);
      if (x === null || y === null) {
        // A missing name that reappears in the other name field is a swap, not missing evidence.
        if (x !== null && x === other(b)) return 4;
        if (y !== null && y === other(a)) return 4;
        return 0;
      }
      if (x === y) return 1;
      const s = jaroWinkler(x, y);
      if (s >= 0.92) return 2;
      const ox = other(a);
      const oy = other(b);
      if ((oy !== null && jaroWinkler(x, oy) >= 0.92) || (ox !== null && jaroWinkler(ox, y) >= 0.92)) return 4;
      return s >= 0.8 ? 3 : 5;
    },
    tfValue: own,
  };
}

/** YYYYMMDD: exact, one digit off or day/month transposed, same year, else. */
function birthDate(): Comparison<ContactMatchRecord> {
  return {
    name: 'birth_date',
    levels: [NULL, 'exact', 'one digit off or day/month swapped', 'same year', 'else'],
    cost: 2,
    compare(a, b) {
      const x = a.dob;
      const y = b.dob;
      if (x === null || y === null) return 0;
      if (x === y) return 1;
      let diff = 0;
      for (let i = 0; i < 8; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) diff++;
      if (diff === 1) return 2;
      const year = x.slice(0, 4) === y.slice(0, 4);
      if (year && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6)) return 2;
      if (levenshtein(x, y) <= 1 || diff === 2 && transposed(x, y)) return 2;
      return year ? 3 : 4;
    },
  };
}

/** Two adjacent characters swapped ("19810312" / "19801312"). */
function transposed(x: string, y: string): boolean {
  for (let i = 0; i < x.length - 1; i++) {
    if (x[i] !== y[i]) return x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2);
  }
  return false;
}

const ACCOUNT_COMPARISONS: readonly Comparison<AccountMatchRecord>[] = [
  accountName(),
  exactOnly('legal_form', (r: AccountMatchRecord) => legalFormKey(r.form)),
  identifier('tax_id', (r: AccountMatchRecord) => r.tax),
  exactOnly('domain', (r: AccountMatchRecord) => r.domain),
  emails(),
  phones(),
  accountStreet(),
  identifier('postcode', (r: AccountMatchRecord) => r.postcode),
  textBands('city', [0.9], (r: AccountMatchRecord) => r.city, true),
  exactOnly('country', (r: AccountMatchRecord) => r.country),
];

const CONTACT_COMPARISONS: readonly Comparison<ContactMatchRecord>[] = [
  personName('first_name'),
  personName('last_name'),
  birthDate(),
  identifier('national_id', (r: ContactMatchRecord) => r.nid),
  emails(),
  phones(),
  textBands('street', [0.9], (r: ContactMatchRecord) => r.street, false),
  textBands('street2', [0.9], (r: ContactMatchRecord) => r.street2, false),
  exactOnly('house_number', (r: ContactMatchRecord) => r.house),
  identifier('postcode', (r: ContactMatchRecord) => r.postcode),
  textBands('city', [0.9], (r: ContactMatchRecord) => r.city, true),
  exactOnly('region', (r: ContactMatchRecord) => r.region),
];

export function comparisonsFor(entity: MatchEntity): readonly Comparison[] {
  return (entity === 'accounts' ? ACCOUNT_COMPARISONS : CONTACT_COMPARISONS) as readonly Comparison[];
}
