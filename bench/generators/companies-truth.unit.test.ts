import { describe, expect, it } from 'vitest';
import { companyEntity, kindOf, recordCountOf } from './companies-entity';
import { companyRecordId, companyRecordSource } from './companies-rows';
import { companyErrorBreakdown, formatCompanyErrorBreakdown } from './companies-truth';

const SEED = 99;
const firstOf = (pred: (i: number) => boolean): number => {
  for (let i = 0; i < 100_000; i++) if (pred(i)) return i;
  throw new Error('none');
};

describe('company error breakdown', () => {
  it('names the hard negative behind a wrong pair and counts it under auto only for automatic merges', () => {
    const ns = firstOf((i) => kindOf(SEED, i) === 'namesake');
    const original = companyEntity(SEED, ns).namesakeOf as number;
    const fr = firstOf((i) => kindOf(SEED, i) === 'franchisee');
    const fr2 = firstOf((i) => i > fr && kindOf(SEED, i) === 'franchisee');
    const b = companyErrorBreakdown(SEED, [
      { id: companyRecordId(ns, 0), cluster: '1', decision: 'auto' },
      { id: companyRecordId(original, 0), cluster: '1', decision: 'auto' },
      { id: companyRecordId(fr, 0), cluster: '2', decision: 'review' },
      { id: companyRecordId(fr2, 0), cluster: '2', decision: 'review' },
    ]);
    expect(b.wrong.namesake).toEqual([1, 1]);
    expect(b.wrong.franchise).toEqual([1, 0]);
    expect(b.wrong.other).toEqual([0, 0]);
  });

  it('counts missed true pairs by their two sources', () => {
    const e = firstOf((i) => recordCountOf(SEED, i) === 3);
    const src = [0, 1, 2].map((k) => companyRecordSource(SEED, e, k));
    // Records 0 and 1 merged for review, record 2 alone: pairs 0~2 and 1~2 missed, 0~1 missed by auto only.
    const b = companyErrorBreakdown(SEED, [
      { id: companyRecordId(e, 0), cluster: '1', decision: 'review' },
      { id: companyRecordId(e, 1), cluster: '1', decision: 'review' },
      { id: companyRecordId(e, 2), cluster: '2', decision: 'alone' },
    ]);
    const total = Object.values(b.missed).reduce((s, [all, auto]) => [s[0] + all, s[1] + auto], [0, 0]);
    expect(total).toEqual([2, 3]);
    expect(b.missed[[src[0], src[1]].sort().join('~')]?.[1]).toBeGreaterThanOrEqual(1);
    expect(formatCompanyErrorBreakdown(b)).toMatch(/^wrong pairs by hard negative \(all\/auto\): none\nmissed true pairs by sources/);
  });
});
