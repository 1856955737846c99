/**
 * Which tier a member keeps when the data says a lower one (or none). Tiers are ordered best
 * first (index 0); a promotion or an equal tier applies at once. A downgrade:
 * - waits while the member is younger in its tier than `minTenureDays`;
 * - `immediate`: to the computed tier (or out);
 * - `one_step`: one tier down per run at most (out only from the lowest tier);
 * - `at_period_end`: only once the period (month/quarter/year) in which the member last
 *   qualified for its tier has ended; then to the computed tier.
 */
import type { DowngradePolicy } from './rule-schema';
import { daysBetween, periodStart, type Period } from './windows';

export interface TierDecisionInput {
  tierCount: number;
  currentIdx: number;
  /** null: matches no tier any more. */
  candidateIdx: number | null;
  enteredOn: string;
  lastQualifiedOn: string;
  asOf: string;
  policy: DowngradePolicy;
  period: Period;
  minTenureDays: number;
}

/** The tier index to hold after this run, or null to leave. */
export function decideTier(i: TierDecisionInput): number | null {
  const cand = i.candidateIdx;
  if (cand !== null && cand <= i.currentIdx) return cand;
  if (i.minTenureDays > 0 && daysBetween(i.enteredOn, i.asOf) < i.minTenureDays) return i.currentIdx;
  if (i.policy === 'immediate') return cand;
  if (i.policy === 'one_step') {
    const next = i.currentIdx + 1;
    if (cand !== null && cand <= next) return cand;
    return next < i.tierCount ? next : null;
  }
  if (periodStart(i.asOf, i.period) > periodStart(i.lastQualifiedOn, i.period)) return cand;
  return i.currentIdx;
}
