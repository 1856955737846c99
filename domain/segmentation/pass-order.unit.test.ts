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

describe('runPassRules with dependencies (after)', () => {
  // status1 writes a field tag2 reads; status2 writes one nobody reads.
  const rules = [
    { code: 'status1', kind: 'status', after: [] }, { code: 'status2', kind: 'status', after: [] },
    { code: 'tag1', kind: 'tag', after: [] }, { code: 'tag2', kind: 'tag', after: [0] }, { code: 'score1', kind: 'score', after: [] },
  ];

  it('starts a rule once the status rules it reads are done, and runs unrelated rules beside a status rule', async () => {
    const { events, peak } = await simulate(rules, 2, { status1: 6, status2: 1, tag1: 1, tag2: 1, score1: 1 });
    expect(peak).toBe(2);
    const starts = events.filter((e) => e.startsWith('start')).map((e) => e.slice(6));
    // status2 and tag1 ran while status1 was still running; tag2 waited for status1.
    expect(events.indexOf('start status2')).toBeLessThan(events.indexOf('end status1'));
    expect(events.indexOf('start tag1')).toBeLessThan(events.indexOf('end status1'));
    expect(events.indexOf('start tag2')).toBeGreaterThan(events.indexOf('end status1'));
    expect([...starts].sort()).toEqual(rules.map((r) => r.code).sort());
  });

  it('with one lane keeps the plan order (dependencies point backwards)', async () => {
    const { events } = await simulate(rules, 1);
    expect(events.filter((e) => e.startsWith('start')).map((e) => e.slice(6))).toEqual(['status1', 'status2', 'tag1', 'tag2', 'score1']);
  });

  it('waits with every lane when all that is left depends on a running rule, and still runs each rule once', async () => {
    const chain = [{ code: 's', kind: 'status', after: [] }, { code: 'a', kind: 'tag', after: [0] }, { code: 'b', kind: 'tag', after: [0] }, { code: 'c', kind: 'tag', after: [0] }];
    const { events, peak } = await simulate(chain, 3, { s: 5 });
    expect(events.slice(0, 2)).toEqual(['start s', 'end s']);
    expect(peak).toBe(3);
    expect(events.filter((e) => e.startsWith('start')).length).toBe(4);
  });

  it('ignores a dependency on itself or on a later rule (no cycle can stall the pass)', async () => {
    const odd = [{ code: 'x', kind: 'tag', after: [0, 1] }, { code: 'y', kind: 'tag', after: [0, 7] }];
    const { events } = await simulate(odd, 2, { x: 3 });
    expect(events.filter((e) => e.startsWith('start')).map((e) => e.slice(6))).toEqual(['x', 'y']);
    expect(events.indexOf('start y')).toBeGreaterThan(events.indexOf('end x'));
  });

  it('starts the ready rule expected to take longest first (unknown first of all), plan order on ties', async () => {
    const timed = [
      { code: 'short', kind: 'tag', after: [], expectedMs: 100 }, { code: 'long', kind: 'score', after: [], expectedMs: 5000 },
      { code: 'unknown', kind: 'tag', after: [], expectedMs: null }, { code: 'mid', kind: 'tier', after: [], expectedMs: 800 },
      { code: 'mid2', kind: 'tag', after: [], expectedMs: 800 },
    ];
    const { events } = await simulate(timed, 1);
    expect(events.filter((e) => e.startsWith('start')).map((e) => e.slice(6))).toEqual(['unknown', 'long', 'mid', 'mid2', 'short']);
  });
});
