import { describe, expect, it } from 'vitest';
import { floorTable, floorVerdict, type Floor } from './floor-table';

// B at 500,000 rows/s: 1M rows at 10% of it may take 20 s.
const B = 500_000;

describe('floorVerdict', () => {
  it.each([
    // 1M rows written in 30 s: 6.7% of B, below a 10% target, which allows 20 s.
    { seconds: 30, target: 0.10, ratio: 1 / 15, inReach: false, allows: 20, text: /out of reach \(allows 20\.0 s, this alone takes 30\.0 s\)/ },
    // In 5 s: 40% of B; a 15% target allows 13.3 s, of which 8.3 s remain for the rest.
    { seconds: 5, target: 0.15, ratio: 0.4, inReach: true, allows: 13.333, text: /allows 13\.3 s, this floor leaves 8\.3 s for the rest/ },
    // Exactly at the target: in reach, with nothing left for the rest.
    { seconds: 20, target: 0.10, ratio: 0.1, inReach: true, allows: 20, text: /leaves 0\.0 s/ },
  ])('1M rows in $seconds s against a $target target', ({ seconds, target, ratio, inReach, allows, text }) => {
    const v = floorVerdict({ what: 'x', rows: 1_000_000, seconds, target: { name: 'case', ratio: target } }, B);
    expect(v.ratio).toBeCloseTo(ratio, 6);
    expect(v.inReach).toBe(inReach);
    expect(v.allowsSeconds).toBeCloseTo(allows, 2);
    expect(v.text).toMatch(text);
  });

  it('says nothing of a target when the floor bounds none', () => {
    expect(floorVerdict({ what: 'x', rows: 100, seconds: 1 }, B)).toEqual({ ratio: 100 / B, allowsSeconds: null, inReach: null, text: '–' });
  });
});

describe('floorTable', () => {
  it('gives each floor its rate, its share of B and its verdict', () => {
    const floors: Floor[] = [
      { what: 'writes, all at once', rows: 1_000_000, seconds: 25, target: { name: '1 first import ≥ 10%', ratio: 0.1 } },
      { what: 'csv-parse alone', rows: 1_000_000, seconds: 4 },
    ];
    const lines = floorTable('B (\\copy)', B, floors);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('vs B (\\copy)');
    expect(lines[2]).toBe('| writes, all at once | 1000000 | 25.00 | 40000 | 8.0% | 1 first import ≥ 10%: out of reach (allows 20.0 s, this alone takes 25.0 s) |');
    expect(lines[3]).toBe('| csv-parse alone | 1000000 | 4.00 | 250000 | 50.0% | – |');
  });
});
