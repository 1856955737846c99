import { describe, expect, it } from 'vitest';
import { decimalScrambler, makePermutation, mulberry32, rowRng, weighted } from './prng';

describe('prng', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let k = 0; k < 1000; k++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });

  it('rowRng streams depend only on (seed, i)', () => {
    expect(rowRng(5, 100)()).toBe(rowRng(5, 100)());
    expect(rowRng(5, 100)()).not.toBe(rowRng(5, 101)());
    expect(rowRng(5, 100)()).not.toBe(rowRng(6, 100)());
  });

  it('makePermutation is a bijection on [0, n)', () => {
    for (const n of [1, 2, 3, 10, 97, 1000, 4097]) {
      const p = makePermutation(n, 99);
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(p(i));
      expect(seen.size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
    }
  });

  it('decimalScrambler is injective', () => {
    const s = decimalScrambler(7, 3);
    const seen = new Set<number>();
    for (let i = 0; i < 50_000; i++) seen.add(s(i));
    expect(seen.size).toBe(50_000);
    for (const v of seen) expect(v).toBeLessThan(10_000_000);
  });

  it('weighted follows its weights', () => {
    const rng = mulberry32(9);
    const counts = { a: 0, b: 0 };
    for (let k = 0; k < 10_000; k++) counts[weighted(rng, [['a', 80], ['b', 20]] as const)]++;
    expect(counts.a / 10_000).toBeGreaterThan(0.77);
    expect(counts.a / 10_000).toBeLessThan(0.83);
  });
});
