/**
 * Unsupervised training (Splink's recipe): u from random record pairs (seeded, so training is
 * deterministic), m and the share of matches among candidates by expectation–maximisation over
 * the blocked candidate pairs, term frequencies from the records. EM runs on the histogram of
 * comparison patterns, not on pairs, so it costs nothing next to scoring.
 */
import { candidatePairs, type CandidatePairs } from './candidate-pairs';
import { comparisonsFor, type Comparison } from './comparisons';
import { clampProbability, defaultMatchModel, type ComparisonParameters, type MatchModel } from './match-model';
import type { MatchEntity, MatchRecord } from './match-record';
import { pairLevels } from './pair-levels';
import { mulberry32 } from './prng';

export interface TrainOptions {
  seed?: number;
  /** Random pairs drawn to estimate u. */
  uSamplePairs?: number;
  maxIterations?: number;
  /** Candidate pairs already generated for these records (saves blocking twice). */
  candidates?: CandidatePairs;
  /** Their comparison levels (pairLevels), if already computed. */
  levels?: Uint8Array;
  sources?: ArrayLike<number>;
  linkOnly?: boolean;
  maxBlockSize?: number;
}

const DEFAULT_SEED = 42;
const DEFAULT_U_SAMPLE = 200_000;
// Pseudo-counts: keep every probability away from 0 and 1 (a level never seen in the sample
// would otherwise weigh ±∞).
const U_PSEUDO = 1;
const M_PSEUDO = 0.5;
const TF_KEEP = 20_000;
/** About 45 records (or 32 × 32 in a link): below that, training is noise. */
export const MIN_TRAINING_PAIRS = 1_000;

export function trainMatchModel(entity: MatchEntity, records: readonly MatchRecord[], options: TrainOptions = {}): MatchModel {
  const base = defaultMatchModel(entity);
  const n = records.length;
  const totalPairs = options.linkOnly && options.sources ? crossPairs(options.sources) : (n * (n - 1)) / 2;
  // Too few records to tell a random pair from a duplicate: u sampled from a handful of pairs
  // would count the duplicates themselves as "agreement by chance". Keep the priors.
  if (totalPairs < MIN_TRAINING_PAIRS) return base;
  const comparisons = comparisonsFor(entity);
  const sampled = sampleU(comparisons, records, options);
  const candidates = options.candidates ?? candidatePairs(entity, records, options);
  // Nothing blocked together: there is nothing to learn m or λ from, and a λ estimated from zero
  // matches would make every later pair impossible. Keep the priors.
  if (candidates.a.length === 0) return base;
  const levels = options.levels ?? pairLevels(comparisons, records, candidates);
  const em = expectationMaximisation(comparisons, levels, base, sampled.u, options.maxIterations ?? 100);
  const matches = em.lambda * candidates.a.length;
  const lambda = Math.min(0.5, Math.max(1e-12, matches / Math.max(1, totalPairs)));
  // The random sample holds a few true matches (λ of it): take them out of u, or on a small
  // file the exact level of an identifier looks common ("u = λ·m") and weighs too little.
  const u = sampled.counts.map((cnt, c) => uFromCounts(cnt, (l) => sampled.pairs * lambda * ((em.m[c] as number[])[l] as number)));
  const params = comparisons.map((c, i): ComparisonParameters => {
    const p: ComparisonParameters = { name: c.name, levels: [...c.levels], m: em.m[i] as number[], u: u[i] as number[] };
    if (c.tfValue) p.tf = termFrequencies(records, c);
    return p;
  });
  return {
    version: 1,
    entity,
    lambda,
    comparisons: params,
    training: {
      records: n,
      candidatePairs: candidates.a.length,
      uSamplePairs: sampled.pairs,
      emIterations: em.iterations,
      converged: em.converged,
      matchesAmongCandidates: Math.round(matches),
    },
  };
}

function crossPairs(sources: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < sources.length; i++) counts.set(sources[i] as number, (counts.get(sources[i] as number) ?? 0) + 1);
  let same = 0;
  for (const c of counts.values()) same += (c * (c - 1)) / 2;
  return (sources.length * (sources.length - 1)) / 2 - same;
}

function sampleU(comparisons: readonly Comparison[], records: readonly MatchRecord[], options: TrainOptions): { u: number[][]; counts: Float64Array[]; pairs: number } {
  const n = records.length;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const want = Math.min(options.uSamplePairs ?? DEFAULT_U_SAMPLE, (n * (n - 1)) / 2);
  const counts = comparisons.map((c) => new Float64Array(c.levels.length));
  const { sources, linkOnly } = options;
  let pairs = 0;
  // A small file has fewer pairs than the sample: count them all, once each, instead of drawing
  // (with replacement) as many, so u carries no sampling noise where duplicates fill the sample.
  if ((n * (n - 1)) / 2 <= want) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (linkOnly && sources && sources[i] === sources[j]) continue;
        for (let c = 0; c < comparisons.length; c++) (counts[c] as Float64Array)[(comparisons[c] as Comparison).compare(records[i] as MatchRecord, records[j] as MatchRecord)]! += 1;
        pairs++;
      }
    }
    return { u: counts.map((cnt) => uFromCounts(cnt, () => 0)), counts, pairs };
  }
  for (let attempt = 0; pairs < want && attempt < want * 4; attempt++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j || (linkOnly && sources && sources[i] === sources[j])) continue;
    const a = records[i] as MatchRecord;
    const b = records[j] as MatchRecord;
    for (let c = 0; c < comparisons.length; c++) (counts[c] as Float64Array)[(comparisons[c] as Comparison).compare(a, b)]! += 1;
    pairs++;
  }
  return { u: counts.map((cnt) => uFromCounts(cnt, () => 0)), counts, pairs };
}

/** u per level from sampled counts, less the expected matches in the sample, plus pseudo-counts. */
function uFromCounts(cnt: Float64Array, expectedMatches: (level: number) => number): number[] {
  const adjusted = Array.from(cnt, (v, l) => (l === 0 ? 0 : Math.max(0, v - expectedMatches(l)) + U_PSEUDO));
  const total = adjusted.reduce((s, v) => s + v, 0);
  return adjusted.map((v, l) => (l === 0 ? 0.5 : clampProbability(v / total)));
}

interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

function expectationMaximisation(
  comparisons: readonly Comparison[],
  levels: Uint8Array,
  base: MatchModel,
  uRandom: number[][],
  maxIterations: number,
): EmResult {
  // Histogram of comparison patterns (mixed-radix code → count).
  const radix = comparisons.map((c) => c.levels.length);
  const histogram = new Map<number, number>();
  const C = comparisons.length;
  for (let k = 0; k < levels.length; k += C) {
    let code = 0;
    for (let c = 0; c < C; c++) code = code * (radix[c] as number) + (levels[k + c] as number);
    histogram.set(code, (histogram.get(code) ?? 0) + 1);
  }
  const patterns: { levels: number[]; count: number }[] = [];
  for (const [code, count] of histogram) {
    const levels = new Array<number>(comparisons.length);
    let rest = code;
    for (let c = comparisons.length - 1; c >= 0; c--) {
      levels[c] = rest % (radix[c] as number);
      rest = Math.floor(rest / (radix[c] as number));
    }
    patterns.push({ levels, count });
  }
  let m = base.comparisons.map((c) => [...c.m]);
  let u = uRandom.map((x) => [...x]);
  let lambda = 0.1;
  let iterations = 0;
  let converged = false;
  if (patterns.length === 0) return { m, lambda, iterations, converged: true };
  while (iterations < maxIterations) {
    iterations++;
    const mSum = radix.map((r) => new Float64Array(r));
    const uSum = radix.map((r) => new Float64Array(r));
    let matchTotal = 0;
    let total = 0;
    for (const p of patterns) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let c = 0; c < p.levels.length; c++) {
        const l = p.levels[c] as number;
        if (l === 0) continue;
        lm += Math.log((m[c] as number[])[l] as number);
        lu += Math.log((u[c] as number[])[l] as number);
      }
      const post = 1 / (1 + Math.exp(lu - lm));
      matchTotal += post * p.count;
      total += p.count;
      for (let c = 0; c < p.levels.length; c++) {
        const l = p.levels[c] as number;
        (mSum[c] as Float64Array)[l]! += post * p.count;
        (uSum[c] as Float64Array)[l]! += (1 - post) * p.count;
      }
    }
    const nextM = mSum.map((s) => smooth(s, M_PSEUDO));
    const nextU = uSum.map((s) => smooth(s, M_PSEUDO));
    const nextLambda = Math.min(1 - 1e-6, Math.max(1e-6, matchTotal / total));
    let delta = Math.abs(nextLambda - lambda);
    nextM.forEach((row, c) => row.forEach((v, l) => (delta = Math.max(delta, Math.abs(v - ((m[c] as number[])[l] as number))))));
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (delta < 1e-6) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

function smooth(sums: Float64Array, pseudo: number): number[] {
  let total = 0;
  for (let l = 1; l < sums.length; l++) total += sums[l] as number;
  const k = sums.length - 1;
  return Array.from(sums, (v, l) => (l === 0 ? 0.5 : clampProbability((v + pseudo) / (total + pseudo * k))));
}

function termFrequencies(records: readonly MatchRecord[], c: Comparison): NonNullable<ComparisonParameters['tf']> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const r of records) {
    const v = c.tfValue!(r);
    if (v === null) continue;
    total++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // Only repeated values are stored, the most frequent first; a value left out counts as seen once.
  const kept = [...counts].filter(([, n]) => n > 1).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, TF_KEEP);
  if (!c.tfEntityValues) return { total, counts: Object.fromEntries(kept) };
  return { total, counts: Object.fromEntries(kept), entities: entitiesPerValue(records, c, new Set(kept.map(([v]) => v))) };
}

/** Distinct values kept per field and tfValue: enough to tell "several companies" from one. */
const ENTITY_VALUES_CAP = 64;

/**
 * How many companies hold each repeated value: the largest number of distinct tax ids, legal
 * forms, domains, postcodes or cities among its records (at least 1). A name written 30 times by
 * one company's orders is held by one company; a name seen in three cities by three. Only values
 * held by two or more are returned.
 */
function entitiesPerValue(records: readonly MatchRecord[], c: Comparison, values: ReadonlySet<string>): Record<string, number> {
  const seen = new Map<string, string[][]>();
  for (const r of records) {
    const v = c.tfValue!(r);
    if (v === null || !values.has(v)) continue;
    const fields = c.tfEntityValues!(r);
    let lists = seen.get(v);
    if (!lists) seen.set(v, (lists = fields.map(() => [])));
    fields.forEach((x, f) => {
      const list = lists[f] as string[];
      if (x !== null && list.length < ENTITY_VALUES_CAP && !list.includes(x)) list.push(x);
    });
  }
  const out: Record<string, number> = {};
  for (const [v, lists] of [...seen].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const e = Math.max(1, ...lists.map((l) => l.length));
    if (e > 1) out[v] = e;
  }
  return out;
}
