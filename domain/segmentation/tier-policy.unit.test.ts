import { describe, expect, it } from 'vitest';
import { decideTier, type TierDecisionInput } from './tier-policy';

// Tiers best first: 0 platinum, 1 gold, 2 silver.
const base: TierDecisionInput = { tierCount: 3, currentIdx: 0, candidateIdx: 2, enteredOn: '2026-01-10', lastQualifiedOn: '2026-03-15', asOf: '2026-03-20', policy: 'immediate', period: 'month', minTenureDays: 0 };

describe('decideTier', () => {
  it('promotes and keeps at once whatever the policy', () => {
    for (const policy of ['immediate', 'one_step', 'at_period_end'] as const) {
      expect(decideTier({ ...base, policy, currentIdx: 2, candidateIdx: 0 })).toBe(0);
      expect(decideTier({ ...base, policy, currentIdx: 1, candidateIdx: 1 })).toBe(1);
    }
  });
  it('immediate: to the computed tier, or out', () => {
    expect(decideTier(base)).toBe(2);
    expect(decideTier({ ...base, candidateIdx: null })).toBeNull();
  });
  it('one_step: one tier per run at most, out only from the lowest', () => {
    expect(decideTier({ ...base, policy: 'one_step' })).toBe(1);
    expect(decideTier({ ...base, policy: 'one_step', candidateIdx: null })).toBe(1);
    expect(decideTier({ ...base, policy: 'one_step', currentIdx: 1, candidateIdx: null })).toBe(2);
    expect(decideTier({ ...base, policy: 'one_step', currentIdx: 2, candidateIdx: null })).toBeNull();
  });
  it('at_period_end: holds the tier until the period of its last qualification has ended', () => {
    expect(decideTier({ ...base, policy: 'at_period_end' })).toBe(0); // qualified in March, still March
    expect(decideTier({ ...base, policy: 'at_period_end', asOf: '2026-03-31' })).toBe(0);
    expect(decideTier({ ...base, policy: 'at_period_end', asOf: '2026-04-01' })).toBe(2);
    expect(decideTier({ ...base, policy: 'at_period_end', period: 'year', asOf: '2026-12-31', candidateIdx: null })).toBe(0);
    expect(decideTier({ ...base, policy: 'at_period_end', period: 'year', asOf: '2027-01-01', candidateIdx: null })).toBeNull();
  });
  it('minimum tenure delays any downgrade, counted in days from entry', () => {
    expect(decideTier({ ...base, minTenureDays: 70 })).toBe(0); // 69 days in tier
    expect(decideTier({ ...base, minTenureDays: 69 })).toBe(2);
    expect(decideTier({ ...base, minTenureDays: 70, candidateIdx: null })).toBe(0);
  });
});
