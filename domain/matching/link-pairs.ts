/**
 * The links among candidate pairs when the model is given (an import's match stage, a batch):
 * the pairs at or above the review threshold, and those with hard evidence or the name rule.
 * Nothing else reads a candidate's levels then (training is what needs them all), so:
 * - each pair's comparisons run cheapest first and stop once the best that the comparisons left
 *   could add cannot lift the pair to the threshold (`pruned`);
 * - for a caller that keeps no refused links, a pair of two different valid tax ids is not scored
 *   at all: clustering never merges two tax ids, so it could only be refused. In a chunk of the
 *   1M-row accounts file's first import every one of its 339,690 candidate pairs was such a pair
 *   (namesakes with their own NIF), 105,351 of them linked and refused one by one; scoring them
 *   took 2.2 of the chunk's 3.3 s (docs/performance-log.md, sixteenth session).
 *
 * The links are the ones scoring every level would give: a pair that is not pruned gets all its
 * levels, and its weight is summed in the comparisons' own order (weightFromLevels), to the bit.
 */
import type { CandidatePairs } from './candidate-pairs';
import type { Comparison } from './comparisons';
import type { MatchRecord } from './match-record';
import { pairEvidence, TF_ADJUSTMENT_CAP, tfAdjustment, weightFromLevels, type CompiledModel, type PairEvidence } from './score-pair';

export interface Link {
  /** Record indexes. */
  i: number;
  j: number;
  weight: number;
  /** The link's row in `levels`. */
  k: number;
}

export interface LinkedPairs {
  links: Link[];
  /** levels[k · C + c]: comparison c's level for link k (all of them, as pairLevels gives). */
  levels: Uint8Array;
  /** Candidate pairs whose comparisons stopped early. */
  pruned: number;
  /** Candidate pairs of two different valid tax ids left out unscored (`skipTaxIdConflicts`). */
  taxIdConflicts: number;
}

/**
 * Two accounts with two different valid tax ids: two companies, which clustering never puts in one
 * cluster (their groups' tax ids differ, whatever else they share). Such a link can only be refused.
 */
export function taxIdConflict(a: MatchRecord, b: MatchRecord): boolean {
  return a.e === 'accounts' && b.e === 'accounts' && a.tax !== null && b.tax !== null && a.tax !== b.tax;
}

/**
 * Room for rounding: the bound is a sum in another order than the weight's, and a pair is pruned
 * only when even the bound is clearly below the threshold.
 */
const BOUND_SLACK = 1e-9;

/** The evaluation order (cheapest first, then the model's order) and, per step, the most the steps from there on can add. */
export function pruningPlan(cm: CompiledModel): { order: Uint8Array; upTo: Float64Array } {
  const C = cm.comparisons.length;
  const order = Uint8Array.from({ length: C }, (_, c) => c).sort((x, y) => (cm.comparisons[x] as Comparison).cost - (cm.comparisons[y] as Comparison).cost || x - y);
  const upTo = new Float64Array(C + 1);
  for (let s = C - 1; s >= 0; s--) {
    const c = order[s] as number;
    const w = cm.weights[c] as Float64Array;
    // Level 0 (a missing value) adds nothing; a term-frequency adjustment adds at most its cap.
    let best = 0;
    for (let l = 1; l < w.length; l++) best = Math.max(best, (w[l] as number) + (l === 1 && cm.tf[c] ? TF_ADJUSTMENT_CAP : 0));
    upTo[s] = (upTo[s + 1] as number) + best;
  }
  return { order, upTo };
}

/** Evidence that links a pair whatever its weight: hard evidence (the same valid tax id, the same e-mail), or the name rule. */
function linksByEvidence(e: PairEvidence): boolean {
  return e === 'same_tax_id' || e === 'same_email' || e === 'same_name';
}

/**
 * The link weight of a pair that `linksByEvidence`: hard evidence links it at its weight, the
 * name rule (same name, nothing contradicting) at the review threshold at least.
 */
function evidenceLink(e: PairEvidence, weight: number, reviewWeight: number): number {
  return e === 'same_name' ? Math.max(weight, reviewWeight) : weight;
}

/**
 * Calls `visit` for each candidate pair, except (with `skipTaxIdConflicts`, for a caller that keeps
 * no refused links: matchRecords without keepPairs) the pairs of two different valid tax ids,
 * which could only be refused. Returns how many it left out.
 */
function eachPair(
  records: readonly MatchRecord[], candidates: Pick<CandidatePairs, 'a' | 'b'>, skipTaxIdConflicts: boolean,
  visit: (i: number, j: number, a: MatchRecord, b: MatchRecord, p: number) => void,
): number {
  let conflicts = 0;
  for (let p = 0; p < candidates.a.length; p++) {
    const i = candidates.a[p] as number;
    const j = candidates.b[p] as number;
    const a = records[i] as MatchRecord;
    const b = records[j] as MatchRecord;
    if (skipTaxIdConflicts && taxIdConflict(a, b)) conflicts++;
    else visit(i, j, a, b, p);
  }
  return conflicts;
}

/** Every pair's levels known already (pairLevels, for training): the links among them. */
export function linksFromLevels(
  cm: CompiledModel, records: readonly MatchRecord[], candidates: Pick<CandidatePairs, 'a' | 'b'>, levels: Uint8Array, reviewWeight: number,
  o: { skipTaxIdConflicts?: boolean } = {},
): { links: Link[]; taxIdConflicts: number } {
  const links: Link[] = [];
  const taxIdConflicts = eachPair(records, candidates, o.skipTaxIdConflicts ?? false, (i, j, a, b, p) => {
    const w = weightFromLevels(cm, levels, p, a);
    if (w >= reviewWeight) links.push({ i, j, weight: w, k: p });
    else {
      const e = pairEvidence(a, b);
      if (linksByEvidence(e)) links.push({ i, j, weight: evidenceLink(e, w, reviewWeight), k: p });
    }
  });
  return { links, taxIdConflicts };
}

/** The links, each pair's comparisons stopped once it cannot become one (see the top of this file). */
export function linkPairs(
  cm: CompiledModel, records: readonly MatchRecord[], candidates: Pick<CandidatePairs, 'a' | 'b'>, reviewWeight: number,
  o: { skipTaxIdConflicts?: boolean } = {},
): LinkedPairs {
  const C = cm.comparisons.length;
  const { order, upTo } = pruningPlan(cm);
  const floor = reviewWeight - BOUND_SLACK;
  const row = new Uint8Array(C);
  let levels = new Uint8Array(1024 * C);
  const links: Link[] = [];
  let pruned = 0;
  const keep = (i: number, j: number, weight: number): void => {
    const k = links.length;
    if ((k + 1) * C > levels.length) {
      const grown = new Uint8Array(levels.length * 2);
      grown.set(levels);
      levels = grown;
    }
    levels.set(row, k * C);
    links.push({ i, j, weight, k });
  };
  const taxIdConflicts = eachPair(records, candidates, o.skipTaxIdConflicts ?? false, (i, j, a, b) => {
    let w = cm.prior;
    let s = 0;
    for (; s < C; s++) {
      if (w + (upTo[s] as number) < floor) break;
      const c = order[s] as number;
      const comparison = cm.comparisons[c] as Comparison;
      const level = comparison.compare(a, b);
      row[c] = level;
      if (level === 0) continue;
      w += (cm.weights[c] as Float64Array)[level] as number;
      if (level === 1) {
        const tf = cm.tf[c];
        // Only the exact level is adjusted, by the value's frequency.
        if (tf) w += tfAdjustment(tf, comparison.tfValue!(a));
      }
    }
    // Once every level is known: the weight as the comparisons' order sums it (weightFromLevels).
    let weight = s === C ? weightFromLevels(cm, row, 0, a) : null;
    if (weight !== null && weight >= reviewWeight) return keep(i, j, weight);
    if (weight === null) pruned++;
    const e = pairEvidence(a, b);
    if (!linksByEvidence(e)) return;
    if (weight === null) {
      // Evidence links a pair whatever its weight: its levels are finished.
      for (; s < C; s++) {
        const c = order[s] as number;
        row[c] = (cm.comparisons[c] as Comparison).compare(a, b);
      }
      weight = weightFromLevels(cm, row, 0, a);
    }
    keep(i, j, evidenceLink(e, weight, reviewWeight));
  });
  return { links, levels: levels.subarray(0, links.length * C), pruned, taxIdConflicts };
}
