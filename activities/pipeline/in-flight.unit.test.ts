import { describe, expect, it } from 'vitest';
import { inFlight } from './in-flight';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inFlight', () => {
  it('returns the results in the order of the items, whatever order they finish in', async () => {
    const out = await inFlight([30, 5, 20, 1, 10], 2, async (ms, i) => {
      await tick(ms);
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never has more than `lanes` tasks running, and uses them all', async () => {
    for (const lanes of [1, 2, 3]) {
      let running = 0;
      let peak = 0;
      await inFlight(Array.from({ length: 9 }, (_, i) => i), lanes, async () => {
        peak = Math.max(peak, ++running);
        await tick(2);
        running--;
      });
      expect(peak).toBe(lanes);
    }
  });

  it('handles no items and more lanes than items', async () => {
    expect(await inFlight([], 2, async () => 1)).toEqual([]);
    expect(await inFlight(['a'], 4, async (x) => x.toUpperCase())).toEqual(['A']);
  });

  it('starts nothing after a failure and rejects with it once the task in flight has settled', async () => {
    const started: number[] = [];
    let slowDone = false;
    const run = inFlight([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      if (i === 0) {
        await tick(20);
        slowDone = true;
        return i;
      }
      await tick(1);
      throw new Error(`item ${i} failed`);
    });
    await expect(run).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1]);
    expect(slowDone).toBe(true);
  });
});
