import { describe, expect, it } from 'vitest';
import { contributionLine, evidenceForHistory, pairForHistory, toPairForHistory } from './pair-for-history';
import type { ScoredPair } from './score-pair';

const pair: ScoredPair = {
  a: 'a1', b: 'b1', weight: 37.82972368347547, probability: 0.9999999999959064, evidence: 'same_name',
  contributions: [
    { comparison: 'name', level: 'exact (term frequency -1.7)', weight: 15.249277000679452 },
    { comparison: 'tax_id', level: 'null', weight: 0 },
    { comparison: 'email', level: 'else', weight: -0.7752856420930342 },
    { comparison: 'phone', level: 'shared number', weight: 16.292562195807278 },
    { comparison: 'city', level: 'else', weight: -3.605790378011065 },
  ],
};

describe('pairForHistory', () => {
  it('keeps the pair and its score, and each weighing field as a line, strongest first', () => {
    expect(pairForHistory(pair)).toEqual({
      a: 'a1', b: 'b1', weight: 37.83, probability: 0.9999999999959064, evidence: 'same_name',
      contributions: [
        'phone: shared number: +16.29',
        'name: exact (term frequency -1.7): +15.25',
        'city: else: -3.61',
        'email: else: -0.78',
      ],
    });
  });

  it.each([
    [{ comparison: 'postcode', level: 'exact', weight: 12.677 }, 'postcode: exact: +12.68'],
    [{ comparison: 'city', level: 'else', weight: -0.004 }, 'city: else: -0.00'],
    [{ comparison: 'name rule', level: 'same name, nothing contradicts it: raised to the review threshold', weight: 3.5 }, 'name rule: same name, nothing contradicts it: raised to the review threshold: +3.50'],
  ])('writes %o as %s', (c, line) => expect(contributionLine(c)).toBe(line));
});

describe('toPairForHistory', () => {
  it('converts a scored pair and keeps a history pair as it is', () => {
    const once = toPairForHistory(pair);
    expect(once).toEqual(pairForHistory(pair));
    expect(toPairForHistory(once)).toBe(once);
  });
});

describe('evidenceForHistory', () => {
  it('turns scored pairs into history pairs and keeps any other evidence as given', () => {
    const other = { a: 'x', b: 'y', weight: 12.5 };
    const out = evidenceForHistory([pair, other, 'note']);
    expect(out[0]).toEqual(pairForHistory(pair));
    expect(out[1]).toBe(other);
    expect(out[2]).toBe('note');
  });

  it('is idempotent: a history pair passes through unchanged', () => {
    const once = evidenceForHistory([pair]);
    expect(evidenceForHistory(once)).toEqual(once);
  });

  it('is much smaller as JSON than the scored pair', () => {
    expect(JSON.stringify(pairForHistory(pair)).length).toBeLessThan(JSON.stringify(pair).length * 0.75);
  });
});
