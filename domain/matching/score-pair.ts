/**
 * Scoring a pair: the Fellegi–Sunter match weight (log2 Bayes factor plus prior) as the sum of
 * per-comparison contributions, so every score can be printed field by field. Hard evidence
 * (the same valid tax id, the same e-mail for a person) is reported next to the weight; the
 * decision rules in clustering act on it.
 */
import { comparisonsFor, type Comparison } from './comparisons';
import type { MatchModel } from './match-model';
import type { MatchRecord } from './match-record';

export type PairEvidence = 'same_tax_id' | 'same_email' | 'different_tax_ids' | null;

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

/** Weights of one model, precomputed once (scoring runs millions of times). */
export interface CompiledModel {
  model: MatchModel;
  comparisons: readonly Comparison[];
  prior: number;
  /** weights[c][level]; level 0 is 0. */
  weights: Float64Array[];
  /** For TF comparisons: log2(u_exact), the value counts and their total. */
  tf: ({ logU: number; counts: Map<string, number>; total: number } | null)[];
  /**
   * contributions[c][level], frozen and shared by every pair at that level: a million scored
   * pairs would otherwise carry a million copies of "city: exact, +5.3". Only term-frequency
   * adjusted levels get an object of their own.
   */
  contributions: (readonly Contribution[])[];
}

/** A rare value can add, a very common one remove, at most this many bits on an exact match. */
export const TF_ADJUSTMENT_CAP = 6;

const compiledCache = new WeakMap<MatchModel, CompiledModel>();

export function compileModel(model: MatchModel): CompiledModel {
  const cached = compiledCache.get(model);
  if (cached) return cached;
  const comparisons = comparisonsFor(model.entity);
  const weights = model.comparisons.map((c) => Float64Array.from(c.m, (m, l) => (l === 0 ? 0 : Math.log2(m / (c.u[l] as number)))));
  const tf = model.comparisons.map((c, i) =>
    c.tf && comparisons[i]?.tfValue ? { logU: Math.log2(c.u[1] as number), counts: new Map(Object.entries(c.tf.counts)), total: c.tf.total } : null,
  );
  const contributions = comparisons.map((comparison, c) =>
    comparison.levels.map((level, l) => Object.freeze({ comparison: comparison.name, level, weight: l === 0 ? 0 : ((weights[c] as Float64Array)[l] as number) })),
  );
  const compiled: CompiledModel = { model, comparisons, prior: Math.log2(model.lambda / (1 - model.lambda)), weights, tf, contributions };
  compiledCache.set(model, compiled);
  return compiled;
}

/** The term-frequency adjustment (bits) of an exact match on `value`. */
export function tfAdjustment(tf: NonNullable<CompiledModel['tf'][number]>, value: string | null): number {
  if (value === null || tf.total === 0) return 0;
  const count = tf.counts.get(value) ?? 1;
  const adj = tf.logU - Math.log2(count / tf.total);
  return Math.max(-TF_ADJUSTMENT_CAP, Math.min(TF_ADJUSTMENT_CAP, adj));
}

export function pairEvidence(a: MatchRecord, b: MatchRecord): PairEvidence {
  if (a.e === 'accounts' && b.e === 'accounts') {
    if (a.tax !== null && b.tax !== null) return a.tax === b.tax ? 'same_tax_id' : 'different_tax_ids';
    return null;
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

/** scorePair for candidate pair k whose levels are already known (pairLevels). */
export function scoredPairFromLevels(cm: CompiledModel, levels: Uint8Array, k: number, a: MatchRecord, b: MatchRecord): ScoredPair {
  const base = k * cm.comparisons.length;
  return explainedPair(cm, a, b, (_comparison, c) => levels[base + c] as number);
}

function explainedPair(cm: CompiledModel, a: MatchRecord, b: MatchRecord, levelOf: (comparison: Comparison, c: number) => number): ScoredPair {
  const contributions: Contribution[] = [];
  let w = cm.prior;
  cm.comparisons.forEach((comparison, c) => {
    const level = levelOf(comparison, c);
    const tf = cm.tf[c];
    let contribution = (cm.contributions[c] as readonly Contribution[])[level] as Contribution;
    if (level === 1 && tf) {
      const adj = tfAdjustment(tf, comparison.tfValue!(a));
      contribution = {
        comparison: comparison.name,
        level: `${contribution.level} (term frequency ${adj >= 0 ? '+' : ''}${adj.toFixed(1)})`,
        weight: contribution.weight + adj,
      };
    }
    w += contribution.weight;
    contributions.push(contribution);
  });
  return { a: a.id, b: b.id, weight: w, probability: weightToProbability(w), evidence: pairEvidence(a, b), contributions };
}

const EVIDENCE_TEXT: Record<Exclude<PairEvidence, null>, string> = {
  same_tax_id: 'same valid tax id: a match',
  same_email: 'same e-mail address: a match',
  different_tax_ids: 'two different valid tax ids: never merged automatically',
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
