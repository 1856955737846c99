import { describe, expect, it } from 'vitest';
import { runPassRules } from './pass-order';

/** Runs rules whose "work" resolves after `ms[code]` ticks, recording starts, ends and peak concurrency. */
async function simulate(rules: { code: string; kind: string }[], lanes: number, ms: Record<string, number> = {}) {
  const events: string[] = [];
  let running = 0;
  let peak = 0;
  await runPassRules(rules, lanes, async (r) => {
    running++;
    peak = Math.max(peak, running);
    events.push(`start ${r.code}`);
    await new Promise((resolve) => setTimeout(resolve, ms[r.code] ?? 1));
    events.push(`end ${r.code}`);
    running--;
  });
  return { events, peak };
}

describe('runPassRules', () => {
  const rules = [
    { code: 'tag1', kind: 'tag' }, { code: 'status1', kind: 'status' }, { code: 'tier1', kind: 'tier' },
    { code: 'score1', kind: 'score' }, { code: 'status2', kind: 'status' }, { code: 'tag2', kind: 'tag' },
  ];

  it('runs status rules alone and first, in their order, then the others at most `lanes` at a time', async () => {
    const { events, peak } = await simulate(rules, 2, { tag1: 5, tier1: 1, score1: 1, tag2: 1 });
    expect(events.slice(0, 4)).toEqual(['start status1', 'end status1', 'start status2', 'end status2']);
    expect(peak).toBe(2);
    const starts = events.filter((e) => e.startsWith('start')).map((e) => e.slice(6));
    expect(starts).toEqual(['status1', 'status2', 'tag1', 'tier1', 'score1', 'tag2']);
    // tag1 is slow: the second lane runs the next rules meanwhile.
    expect(events.indexOf('end tag1')).toBeGreaterThan(events.indexOf('end tier1'));
  });

  it('runs every rule exactly once, with one lane strictly in order', async () => {
    const { events, peak } = await simulate(rules, 1);
    expect(peak).toBe(1);
    expect(events.filter((e) => e.startsWith('start')).map((e) => e.slice(6))).toEqual(['status1', 'status2', 'tag1', 'tier1', 'score1', 'tag2']);
  });

  it('gives each rule its index in the plan (reports keep the plan order)', async () => {
    const seen: [string, number][] = [];
    await runPassRules(rules, 3, async (r, i) => { seen.push([r.code, i]); });
    expect(seen.sort((a, b) => a[1] - b[1])).toEqual(rules.map((r, i) => [r.code, i]));
  });

  it('treats a nonsense lane count as one lane and an empty plan as nothing to do', async () => {
    expect((await simulate(rules, 0)).peak).toBe(1);
    expect((await simulate(rules, Number.NaN)).peak).toBe(1);
    expect((await simulate([], 4)).events).toEqual([]);
  });
});
