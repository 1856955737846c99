import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('oneAtATime', () => {
  it('runs calls made at once one after another, in call order, each with its own result', async () => {
    const log: string[] = [];
    let running = 0;
    const f = oneAtATime(async (name: string, ms: number) => {
      if (++running > 1) throw new Error('overlap');
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      running--;
      return name.toUpperCase();
    });
    expect(await Promise.all([f('a', 20), f('b', 1), f('c', 5)])).toEqual(['A', 'B', 'C']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('gives a failure to its own caller only, and the next call still runs', async () => {
    const f = oneAtATime(async (x: number) => {
      await tick(1);
      if (x === 2) throw new Error('two');
      return x;
    });
    const [a, b, c] = await Promise.allSettled([f(1), f(2), f(3)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('two') });
    expect(c).toEqual({ status: 'fulfilled', value: 3 });
  });

  it('is idle once every call made so far has settled, failed ones included', async () => {
    let done = 0;
    const f = oneAtATime(async (ms: number) => {
      await tick(ms);
      done++;
      if (ms === 5) throw new Error('late failure');
    });
    const calls = [f(10), f(5)].map((p) => p.catch(() => undefined));
    await f.idle();
    expect(done).toBe(2);
    await Promise.all(calls);
  });
});
