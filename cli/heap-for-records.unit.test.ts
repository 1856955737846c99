import { describe, expect, it } from 'vitest';
import { heapNeededMB } from './heap-for-records';

describe('heap a whole-CRM dedupe needs', () => {
  it.each([
    [0, 96],
    [100_000, 230],
    [853_296, 1236],
    [1_000_000, 1432],
  ])('%i records → %i MB', (records, mb) => {
    expect(heapNeededMB(records)).toBe(mb);
  });

  it('fits a 150k-record CRM in the CLI’s default 512 MB heap, not a million', () => {
    expect(heapNeededMB(150_000)).toBeLessThanOrEqual(512);
    expect(heapNeededMB(1_000_000)).toBeGreaterThan(512);
  });
});
