/**
 * Tiny seeded PRNG (mulberry32) and helpers for deterministic test and benchmark data.
 *
 * Nothing here reads the clock or Math.random: the same seed always yields the same sequence.
 * `rowRng(seed, i)` gives an independent stream per row, so row i of a generated file is a pure
 * function of (seed, i) and can be regenerated (or altered) without generating rows 0..i-1.
 */

export type Rng = () => number;

/** mulberry32: 32-bit state, returns floats in [0, 1) (one implementation, shared with the matcher's sampling). */
import { mulberry32 } from '../../domain/matching/prng';

export { mulberry32 };

/** murmur3 finaliser: a good 32-bit integer mixer. */
export function fmix32(h: number): number {
  h >>>= 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes a seed and an index (or any two 32-bit ints) into a new 32-bit seed. */
export function mixSeed(seed: number, i: number): number {
  return fmix32((fmix32(seed >>> 0) ^ Math.imul((i >>> 0) + 1, 0x9e3779b1)) >>> 0);
}

/** An independent PRNG stream for row i of a file generated with `seed`. */
export function rowRng(seed: number, i: number): Rng {
  return mulberry32(mixSeed(seed, i));
}

/** Integer in [min, max] (both inclusive). */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick: empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** Picks a key by weight: weighted(rng, [['ES', 50], ['IT', 20]]). */
export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let r = rng() * total;
  for (const [v, w] of entries) {
    if (r < w) return v;
    r -= w;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new Error('weighted: empty list');
  return last[0];
}

/** `n` random decimal digits as a string. */
export function digits(rng: Rng, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += String(Math.floor(rng() * 10));
  return s;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    const tmp = out[k] as T;
    out[k] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/**
 * A keyed bijection on [0, n): a balanced Feistel network on the smallest even power of two
 * >= n, with cycle walking. Used to select exactly k of n rows as a pure function of the row
 * index: row i is selected iff permute(i) < k.
 */
export function makePermutation(n: number, key: number): (i: number) => number {
  if (!Number.isInteger(n) || n < 1) throw new Error('makePermutation: n must be a positive integer');
  let bits = 2;
  while (2 ** bits < n) bits += 2;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  const keys = [0, 1, 2, 3].map((r) => mixSeed(key, r));
  const encrypt = (x: number): number => {
    let l = (x >>> half) & mask;
    let r = x & mask;
    for (const k of keys) {
      const f = fmix32(r ^ k) & mask;
      const nl = r;
      r = (l ^ f) & mask;
      l = nl;
    }
    return ((l << half) | r) >>> 0;
  };
  return (i: number) => {
    if (i < 0 || i >= n) throw new RangeError(`permutation index ${i} out of [0, ${n})`);
    let x = encrypt(i);
    while (x >= n) x = encrypt(x);
    return x;
  };
}

/**
 * An injective scramble of i into [0, 10^width): i -> (i * A + B) mod 10^width with A odd and not
 * divisible by 5 (so coprime with 10^width). Distinct i < 10^width give distinct results, which keeps
 * generated tax ids unique without a lookup set. width <= 9 keeps the arithmetic exact.
 */
export function scrambleDecimal(i: number, width: number, salt: number): number {
  return decimalScrambler(width, salt)(i);
}

/** `scrambleDecimal` with the constants computed once (for hot loops). */
export function decimalScrambler(width: number, salt: number): (i: number) => number {
  if (width > 9) throw new Error('scrambleDecimal: width <= 9');
  const m = 10 ** width;
  let a = (mixSeed(salt, 1) % m) | 1;
  if (a % 5 === 0) a += 2;
  a %= m;
  const b = mixSeed(salt, 2) % m;
  return (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= m) throw new RangeError(`scrambleDecimal: ${i} not in [0, 10^${width})`);
    // i * a can exceed 2^53, so multiply in two halves.
    const ih = Math.floor(i / 100000);
    const il = i % 100000;
    const prod = (((ih * a) % m) * 100000 + il * a) % m;
    return (prod + b) % m;
  };
}
