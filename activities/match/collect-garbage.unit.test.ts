import { afterEach, describe, expect, it } from 'vitest';
import { collectGarbage, MIN_PILE_BYTES } from './collect-garbage';

describe('collectGarbage', () => {
  const g = globalThis as { gc?: () => void };
  const original = g.gc;
  afterEach(() => {
    g.gc = original;
  });

  it('does nothing when the process does not expose gc', () => {
    g.gc = undefined;
    expect(() => collectGarbage()).not.toThrow();
  });

  it('collects only once the heap grew by the pile size since the last forced collection', () => {
    let calls = 0;
    g.gc = () => {
      calls += 1;
    };
    // Whatever the heap holds now, a pile as large as the threshold makes the next call collect.
    const first = new Array<number>(MIN_PILE_BYTES / 8 + 1_000_000).fill(1.5);
    collectGarbage();
    expect(calls).toBe(1);
    collectGarbage(); // nothing piled up since
    collectGarbage();
    expect(calls).toBe(1);
    const pile = new Array<number>(MIN_PILE_BYTES / 8 + 1_000_000).fill(2.5); // doubles: 8 bytes each, on the heap
    collectGarbage();
    expect(calls).toBe(2);
    expect(first.length + pile.length).toBeGreaterThan(0);
  });
});
