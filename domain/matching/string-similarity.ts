/**
 * String similarity for the comparisons.
 *
 * Levenshtein comes from fastest-levenshtein (maintained, Myers' bit-parallel algorithm: the
 * fastest on npm for short strings). Jaro-Winkler is hand-written: the npm packages that offer
 * it ("jaro-winkler", "natural", "talisman") are unmaintained or heavy, and allocate arrays per
 * call; this one reuses two module-level buffers, which matters at tens of millions of calls
 * in a 1M-record run.
 */
import { distance } from 'fastest-levenshtein';

export { distance as levenshtein };

// Reused between calls (grown on demand): no allocation per comparison. b's character codes are
// copied once into a typed array, which the inner loop reads ~window times per character.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let codesB = new Uint16Array(64);

/** Jaro similarity in [0, 1] (1 = equal). Two empty strings are equal. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) {
    flagsB = new Uint8Array(lb * 2);
    codesB = new Uint16Array(lb * 2);
  }
  const fa = flagsA;
  const fb = flagsB;
  const cb = codesB;
  for (let i = 0; i < la; i++) fa[i] = 0;
  for (let j = 0; j < lb; j++) {
    fb[j] = 0;
    cb[j] = b.charCodeAt(j);
  }
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (cb[j] === c && fb[j] === 0) {
        fa[i] = 1;
        fb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] === 0) continue;
    while (fb[k] === 0) k++;
    if (a.charCodeAt(i) !== cb[k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler (prefix scale 0.1, prefix up to 4), the usual form for names. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  const max = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** American Soundex of a folded (a-z) word: "robert" → "r163"; '' for an empty word. */
export function soundex(word: string): string {
  let first = '';
  let out = '';
  let last = '';
  for (let i = 0; i < word.length && out.length < 3; i++) {
    const ch = word[i] as string;
    if (ch < 'a' || ch > 'z') continue;
    const code = SOUNDEX_CODES[ch] ?? '';
    if (first === '') {
      first = ch;
      last = code;
      continue;
    }
    // h and w do not separate two letters of the same code; vowels do.
    if (ch === 'h' || ch === 'w') continue;
    if (code !== '' && code !== last) out += code;
    last = code;
  }
  return first === '' ? '' : (first + out + '000').slice(0, 4);
}

/** Jaccard similarity of two token lists (as sets). */
export function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.includes(t)) shared++;
  return shared / (a.length + b.length - shared);
}

/**
 * tokenJaccard of two space-separated strings without splitting them (no arrays, no
 * substrings): it runs for most candidate pairs of account names, so it must not allocate.
 */
export function wordJaccard(x: string, y: string): number {
  if (x.length === 0 || y.length === 0) return 0;
  let wx = 0;
  let shared = 0;
  let start = 0;
  for (let i = 0; i <= x.length; i++) {
    if (i < x.length && x.charCodeAt(i) !== 32) continue;
    if (i > start) {
      wx++;
      if (hasWord(y, x, start, i - start)) shared++;
    }
    start = i + 1;
  }
  let wy = 0;
  start = 0;
  for (let i = 0; i <= y.length; i++) {
    if (i < y.length && y.charCodeAt(i) !== 32) continue;
    if (i > start) wy++;
    start = i + 1;
  }
  return wx === 0 || wy === 0 ? 0 : shared / (wx + wy - shared);
}

/** Whether `text` holds the word x[from, from + len) as a whole word. */
function hasWord(text: string, x: string, from: number, len: number): boolean {
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 32) continue;
    if (i - start === len) {
      let k = 0;
      while (k < len && text.charCodeAt(start + k) === x.charCodeAt(from + k)) k++;
      if (k === len) return true;
    }
    start = i + 1;
  }
  return false;
}
