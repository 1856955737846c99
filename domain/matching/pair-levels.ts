/**
 * Comparison levels of every candidate pair, computed once: training builds its pattern
 * histogram from them and scoring sums weights from them, so the string comparisons (the bulk
 * of the cost at a million records) run once per pair, not twice.
 */
import type { CandidatePairs } from './candidate-pairs';
import type { Comparison } from './comparisons';
import type { MatchRecord } from './match-record';

/** levels[k · C + c] = level of comparison c for candidate pair k. */
export function pairLevels(comparisons: readonly Comparison[], records: readonly MatchRecord[], candidates: Pick<CandidatePairs, 'a' | 'b'>): Uint8Array {
  const C = comparisons.length;
  const levels = new Uint8Array(candidates.a.length * C);
  for (let k = 0; k < candidates.a.length; k++) {
    const a = records[candidates.a[k] as number] as MatchRecord;
    const b = records[candidates.b[k] as number] as MatchRecord;
    for (let c = 0; c < C; c++) levels[k * C + c] = (comparisons[c] as Comparison).compare(a, b);
  }
  return levels;
}
