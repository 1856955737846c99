import { describe, expect, it } from 'vitest';
import { sumSummaries } from './match-after-import';
import type { MatchSummary } from './match-summary';

const part = (n: number, ms: Record<string, number>, trained = false): MatchSummary => ({
  entity: 'accounts', mode: 'incremental', dryRun: false, modelTrained: trained, records: n, candidates: n * 2, candidatePairs: n * 3,
  clusters: { auto: n, review: 1 }, merges: n, recordsAbsorbed: n + 1, reviewQueued: 1, skippedDecidedPairs: 0, recomputed: 0, ms,
});

describe('sumSummaries (the match stage adds its chunks up)', () => {
  it('adds every count and every phase time', () => {
    const total = sumSummaries('accounts', [part(10, { match: 5, apply: 7 }), part(4, { match: 1, candidates: 2 }, true)]);
    expect(total).toEqual({
      entity: 'accounts', mode: 'incremental', dryRun: false, modelTrained: true, records: 14, candidates: 28, candidatePairs: 42,
      clusters: { auto: 14, review: 2 }, merges: 14, recordsAbsorbed: 16, reviewQueued: 2, skippedDecidedPairs: 0, recomputed: 0,
      ms: { match: 6, apply: 7, candidates: 2 },
    });
  });
  it('is all zeros with no chunks (nothing to match)', () => {
    const total = sumSummaries('contacts', []);
    expect(total.records).toBe(0);
    expect(total.entity).toBe('contacts');
    expect(total.ms).toEqual({});
  });
});
