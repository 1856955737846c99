import { describe, expect, it } from 'vitest';
import { evaluateClustering } from './evaluation';

const labels = (o: Record<string, string>) => new Map(Object.entries(o));

describe('evaluateClustering', () => {
  it('perfect clustering scores 1 everywhere', () => {
    const truth = labels({ a: '1', b: '1', c: '2' });
    const s = evaluateClustering(labels({ a: 'x', b: 'x', c: 'y' }), truth);
    expect(s.pairwise).toMatchObject({ truePositives: 1, predictedPairs: 1, truePairs: 1, precision: 1, recall: 1, f1: 1 });
    expect(s.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('over-merging: one cluster of {a,b,c,d} for entities {a,b} {c,d}', () => {
    // Predicted pairs 6, true pairs 2, both true ones found.
    const s = evaluateClustering(labels({ a: 'x', b: 'x', c: 'x', d: 'x' }), labels({ a: '1', b: '1', c: '2', d: '2' }));
    expect(s.pairwise.precision).toBeCloseTo(2 / 6, 10);
    expect(s.pairwise.recall).toBe(1);
    expect(s.pairwise.f1).toBeCloseTo((2 * (1 / 3)) / (1 / 3 + 1), 10);
    // Each record: 2 of the 4 in its cluster are its entity.
    expect(s.bcubed.precision).toBeCloseTo(0.5, 10);
    expect(s.bcubed.recall).toBe(1);
  });

  it('under-merging: entity {a,b,c} split as {a,b} {c}; records missing from the prediction are alone', () => {
    const s = evaluateClustering(labels({ a: 'x', b: 'x' }), labels({ a: '1', b: '1', c: '1', d: '2' }));
    expect(s.pairwise).toMatchObject({ truePositives: 1, predictedPairs: 1, truePairs: 3, precision: 1 });
    expect(s.pairwise.recall).toBeCloseTo(1 / 3, 10);
    // B-cubed recall: a and b find 2 of 3, c finds 1 of 3, d finds 1 of 1.
    expect(s.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 10);
    expect(s.bcubed.precision).toBe(1);
  });

  it('nothing predicted, nothing true: precision and recall are 1 by convention', () => {
    const s = evaluateClustering(new Map(), labels({ a: '1', b: '2' }));
    expect(s.pairwise).toMatchObject({ predictedPairs: 0, truePairs: 0, precision: 1, recall: 1 });
  });

  it('a cluster label reused for two unrelated records counts as one cluster', () => {
    const s = evaluateClustering(labels({ a: 'x', b: 'x' }), labels({ a: '1', b: '2' }));
    expect(s.pairwise).toMatchObject({ truePositives: 0, predictedPairs: 1, precision: 0 });
  });
});
