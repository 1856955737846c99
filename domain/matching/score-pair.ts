/**
 * Scoring a pair: the Fellegi–Sunter match weight (log2 Bayes factor plus prior) as the sum of
 * per-comparison contributions, so every score can be printed field by field. Hard evidence
 * (the same valid tax id, the same e-mail for a person) is reported next to the weight; the
 * decision rules in clustering act on it.
 */
import { comparisonsFor, sameAccountName, type Comparison } from './comparisons';
import { accountContradiction } from './contradictions';
import type { MatchModel } from './match-model';
import type { MatchRecord } from './match-record';

/**
 * same_name: two accounts whose names agree after normalization (legal form split off, case,
 * accents and punctuation folded) and that contradict each other on nothing (contradictions.ts).
 * Not a match by itself: the name rule lifts such a pair to the review threshold at least.
 */
export type PairEvidence = 'same_tax_id' | 'same_email' | 'different_tax_ids' | 'same_name' | null;

export interface Contribution {
  comparison: string;
  level: string;
  weight: number;
}

export interface ScoredPair {
  a: string;
  b: string;
  /** Prior log-odds plus the sum of contributions (log2). */
  weight: number;
  probability: number;
  evidence: PairEvidence;
  contributions: Contribution[];
}

export interface CompiledTermFrequencies {
  /** log2(u) of the exact level: the average over all values. */
  logU: number;
  counts: Map<string, number>;
  total: number;
  /** Companies per value, when the model estimated them (the account name). */
  entities: Map<string, number> | null;
  /** Records a value may have and still count as held by one company (RARE_COMPANIES). */
  rareUpTo: number;
  /** The adjustment of a value with no sign of a second company (see rareValueAdjustment). */
  rareAdjustment: number;
}

/** Weights of one model, precomputed once (scoring runs millions of times). */
export interface CompiledModel {
  model: MatchModel;
  comparisons: readonly Comparison[];
  prior: number;
  /** weights[c][level]; level 0 is 0. */
  weights: Float64Array[];
  /** For TF comparisons: log2(u_exact), the value counts and their total, the companies per value if estimated. */
  tf: (CompiledTermFrequencies | null)[];
  /**
   * contributions[c][level], frozen and shared by every pair at that level: a million scored
   * pairs would otherwise carry a million copies of "city: exact, +5.3". Term-frequency adjusted
   * exact levels are shared too, by adjustment (tfContributions).
   */
  contributions: (readonly Contribution[])[];
  /**
   * Term-frequency adjusted exact levels, per comparison, by adjustment: shared like the others.
   * An adjustment depends only on how many records and companies hold a value, so a few hundred
   * objects serve every pair. One object per pair, and the arrays' spare room, cost 292 MB of a
   * 1M-account dedupe; 103 MB now (measured).
   */
  tfContributions: Map<number, Contribution>[];
}

/** A rare value can add, a very common one remove, at most this many bits on an exact match. */
export const TF_ADJUSTMENT_CAP = 6;
/**
 * A name seen with no sign of a second company (entities) is still taken for a shared one when it
 * has more records than this many companies typically have. One company's records, seen from one
 * of them, number 1 + λ(N − 1) on average (its expected duplicates plus itself); two of them allow
 * for a customer with many orders.
 */
export const RARE_COMPANIES = 2;

const compiledCache = new WeakMap<MatchModel, CompiledModel>();

export function compileModel(model: MatchModel): CompiledModel {
  const cached = compiledCache.get(model);
  if (cached) return cached;
  const comparisons = comparisonsFor(model.entity);
  const weights = model.comparisons.map((c) => Float64Array.from(c.m, (m, l) => (l === 0 ? 0 : Math.log2(m / (c.u[l] as number)))));
  const tf = model.comparisons.map((c, i): CompiledTermFrequencies | null => {
    if (!c.tf || !comparisons[i]?.tfValue) return null;
    const compiled: CompiledTermFrequencies = {
      logU: Math.log2(c.u[1] as number), counts: new Map(Object.entries(c.tf.counts)), total: c.tf.total,
      entities: c.tf.entities ? new Map(Object.entries(c.tf.entities)) : null,
      rareUpTo: RARE_COMPANIES * (1 + model.lambda * Math.max(0, c.tf.total - 1)),
      rareAdjustment: 0,
    };
    compiled.rareAdjustment = rareValueAdjustment(compiled, c.u[1] as number);
    return compiled;
  });
  const contributions = comparisons.map((comparison, c) =>
    comparison.levels.map((level, l) => Object.freeze({ comparison: comparison.name, level, weight: l === 0 ? 0 : ((weights[c] as Float64Array)[l] as number) })),
  );
  const compiled: CompiledModel = {
    model, comparisons, prior: Math.log2(model.lambda / (1 - model.lambda)), weights, tf, contributions, tfContributions: comparisons.map(() => new Map()),
  };
  compiledCache.set(model, compiled);
  return compiled;
}

/**
 * The term-frequency adjustment (bits) of an exact match on `value`: log2(u_exact / u_value), where
 * u_value is the share of records holding the value (Splink's term frequency). When the model
 * knows how many companies hold the value (the account name), only the records of the *other*
 * companies count, so one company's twenty identical orders do not make its name common:
 * - several companies seen with the name: their records, less one company's share;
 * - one company seen: the records beyond what RARE_COMPANIES companies typically have, if any;
 * - otherwise the name is rare: rareValueAdjustment.
 */
export function tfAdjustment(tf: CompiledTermFrequencies, value: string | null): number {
  if (value === null || tf.total === 0) return 0;
  const count = tf.counts.get(value) ?? 1;
  const shared = tf.entities ? sharedRecords(tf, value, count) : count;
  if (shared === 0) return tf.rareAdjustment;
  const adj = tf.logU - Math.log2(shared / tf.total);
  return Math.max(-TF_ADJUSTMENT_CAP, Math.min(TF_ADJUSTMENT_CAP, adj));
}

/** Seen from one holder of `value`: the records of other companies holding it (0: a rare value). */
function sharedRecords(tf: CompiledTermFrequencies, value: string, count: number): number {
  const companies = tf.entities?.get(value) ?? 1;
  return companies > 1 ? (count * (companies - 1)) / companies : Math.max(0, count - tf.rareUpTo);
}

/**
 * The adjustment of a rare value (no sign of a second company). u_exact is the average chance that
 * two different companies agree on the value; the values shared by several companies carry part
 * of it, visibly. What they do not explain is spread over the rare values; if they explain it all,
 * a rare value earns the full cap. Never below 0: a rare value is never weaker than the average.
 */
function rareValueAdjustment(tf: CompiledTermFrequencies, uExact: number): number {
  if (!tf.entities || tf.total === 0) return Math.min(TF_ADJUSTMENT_CAP, Math.max(0, tf.logU + Math.log2(tf.total)));
  let explained = 0;
  let rareRecords = tf.total;
  for (const [value, count] of tf.counts) {
    const shared = sharedRecords(tf, value, count);
    if (shared === 0) continue;
    explained += (count / tf.total) * (shared / tf.total);
    rareRecords -= count;
  }
  const rest = uExact - explained;
  if (rest <= 0 || rareRecords <= 0) return TF_ADJUSTMENT_CAP;
  const uRare = rest / (rareRecords / tf.total);
  return Math.max(0, Math.min(TF_ADJUSTMENT_CAP, Math.log2(uExact / uRare)));
}

export function pairEvidence(a: MatchRecord, b: MatchRecord): PairEvidence {
  if (a.e === 'accounts' && b.e === 'accounts') {
    if (a.tax !== null && b.tax !== null) return a.tax === b.tax ? 'same_tax_id' : 'different_tax_ids';
    return sameAccountName(a, b) && accountContradiction(a, b) === null ? 'same_name' : null;
  }
  for (const e of a.emails) if (b.emails.includes(e)) return 'same_email';
  return null;
}

/** Weight only (no objects): fills `levels` with each comparison's level. */
export function pairWeight(cm: CompiledModel, a: MatchRecord, b: MatchRecord, levels?: Uint8Array): number {
  let w = cm.prior;
  const cs = cm.comparisons;
  for (let c = 0; c < cs.length; c++) {
    const comparison = cs[c] as Comparison;
    const level = comparison.compare(a, b);
    if (levels) levels[c] = level;
    if (level === 0) continue;
    w += (cm.weights[c] as Float64Array)[level] as number;
    if (level === 1) {
      const tf = cm.tf[c];
      if (tf) w += tfAdjustment(tf, comparison.tfValue!(a));
    }
  }
  return w;
}

/** Weight of candidate pair k from precomputed levels (pairLevels). */
export function weightFromLevels(cm: CompiledModel, levels: Uint8Array, k: number, a: MatchRecord): number {
  let w = cm.prior;
  const C = cm.comparisons.length;
  const base = k * C;
  for (let c = 0; c < C; c++) {
    const level = levels[base + c] as number;
    if (level === 0) continue;
    w += (cm.weights[c] as Float64Array)[level] as number;
    if (level === 1) {
      const tf = cm.tf[c];
      if (tf) w += tfAdjustment(tf, (cm.comparisons[c] as Comparison).tfValue!(a));
    }
  }
  return w;
}

export function weightToProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

export function scorePair(model: MatchModel, a: MatchRecord, b: MatchRecord): ScoredPair {
  const cm = compileModel(model);
  return explainedPair(cm, a, b, (comparison) => comparison.compare(a, b));
}

/** The exact level's contribution adjusted by `adj` bits of term frequency (one object per distinct adjustment). */
function tfContribution(cm: CompiledModel, c: number, exact: Contribution, adj: number): Contribution {
  const memo = cm.tfContributions[c] as Map<number, Contribution>;
  let contribution = memo.get(adj);
  if (contribution === undefined) {
    contribution = Object.freeze({
      comparison: exact.comparison,
      level: `${exact.level} (term frequency ${adj >= 0 ? '+' : ''}${adj.toFixed(1)})`,
      weight: exact.weight + adj,
    });
    memo.set(adj, contribution);
  }
  return contribution;
}

/** scorePair for candidate pair k whose levels are already known (pairLevels). */
export function scoredPairFromLevels(cm: CompiledModel, levels: Uint8Array, k: number, a: MatchRecord, b: MatchRecord): ScoredPair {
  const base = k * cm.comparisons.length;
  return explainedPair(cm, a, b, (_comparison, c) => levels[base + c] as number);
}

function explainedPair(cm: CompiledModel, a: MatchRecord, b: MatchRecord, levelOf: (comparison: Comparison, c: number) => number): ScoredPair {
  // Built at its exact length: pushed one by one, V8 gives the array room for 17 (a dedupe of
  // 853k accounts holds 731k scored pairs: 40 MB of empty slots).
  const contributions = new Array<Contribution>(cm.comparisons.length);
  let w = cm.prior;
  for (let c = 0; c < cm.comparisons.length; c++) {
    const comparison = cm.comparisons[c] as Comparison;
    const level = levelOf(comparison, c);
    const tf = cm.tf[c];
    let contribution = (cm.contributions[c] as readonly Contribution[])[level] as Contribution;
    if (level === 1 && tf) contribution = tfContribution(cm, c, contribution, tfAdjustment(tf, comparison.tfValue!(a)));
    w += contribution.weight;
    contributions[c] = contribution;
  }
  return { a: a.id, b: b.id, weight: w, probability: weightToProbability(w), evidence: pairEvidence(a, b), contributions };
}

/**
 * The name rule: a same_name pair scored below the review threshold is lifted to it, with a
 * contribution that says so. Sparse records (a name, perhaps a city) then reach a person instead
 * of being ruled out by the prior; whether they merge without one stays the model's decision
 * (term frequency: a rare name held by one company weighs enough, a common one does not).
 */
export const NAME_RULE = 'name rule';

export function nameRuleWeight(weight: number, evidence: PairEvidence, reviewWeight: number): number {
  return evidence === 'same_name' && weight < reviewWeight ? reviewWeight : weight;
}

export function withNameRule(p: ScoredPair, reviewWeight: number): ScoredPair {
  if (p.evidence !== 'same_name' || p.weight >= reviewWeight) return p;
  const raise: Contribution = { comparison: NAME_RULE, level: 'same name, nothing contradicts it: raised to the review threshold', weight: reviewWeight - p.weight };
  return { ...p, weight: reviewWeight, probability: weightToProbability(reviewWeight), contributions: [...p.contributions, raise] };
}

const EVIDENCE_TEXT: Record<Exclude<PairEvidence, null>, string> = {
  same_tax_id: 'same valid tax id: a match',
  same_email: 'same e-mail address: a match',
  different_tax_ids: 'two different valid tax ids: never merged automatically',
  same_name: 'same name after normalization, nothing contradicts it: at least for review',
};

/** Human-readable lines: the score, then each field's contribution, strongest first. */
export function explainPair(p: ScoredPair): string {
  const lines = [`${p.a} ~ ${p.b}: match weight ${p.weight.toFixed(2)}, probability ${p.probability.toFixed(4)}`];
  if (p.evidence) lines.push(`  evidence: ${EVIDENCE_TEXT[p.evidence]}`);
  // The prior (log-odds that two records match before looking at them) is what the fields do not explain.
  const prior = p.weight - p.contributions.reduce((sum, c) => sum + c.weight, 0);
  lines.push(`  ${prior < 0 ? '−' : '+'}${Math.abs(prior).toFixed(2).padStart(6)}  ${'prior'.padEnd(13)} log-odds of a match between two records taken at random`);
  const sorted = [...p.contributions].sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  for (const c of sorted) {
    const sign = c.weight > 0 ? '+' : c.weight < 0 ? '−' : ' ';
    lines.push(`  ${sign}${Math.abs(c.weight).toFixed(2).padStart(6)}  ${c.comparison.padEnd(13)} ${c.level}`);
  }
  return lines.join('\n');
}
