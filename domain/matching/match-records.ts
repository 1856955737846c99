/**
 * The whole pipeline on records in memory: block, train (unless a model is given), score the
 * candidates, cluster. Used by `crmhub match-file`, `crmhub dedupe` and the benchmarks.
 */
import { candidatePairs, DEFAULT_MAX_BLOCK_SIZE, type BlockingStats } from './candidate-pairs';
import { clusterRecords, DEFAULT_MATCH_THRESHOLDS, type MatchCluster, type MatchThresholds, type RefusedLink } from './cluster-records';
import type { MatchModel } from './match-model';
import type { MatchEntity, MatchRecord } from './match-record';
import { comparisonsFor } from './comparisons';
import { pairLevels } from './pair-levels';
import { compileModel, pairEvidence, scoredPairFromLevels, weightFromLevels, withNameRule, type ScoredPair } from './score-pair';
import { sparseRecords, type SparseRecords } from './sparse-records';
import { trainMatchModel } from './train-model';

export interface MatchOptions {
  entity: MatchEntity;
  records: readonly MatchRecord[];
  /** Trained on the records when absent. */
  model?: MatchModel;
  thresholds?: MatchThresholds;
  isExcludedPair?: (a: string, b: string) => boolean;
  /** Records [0, anchored) are this pass's own: pairs of two later records are not enumerated. */
  anchored?: number;
  /** Source of each record (parallel to records), for link-only runs. */
  sources?: ArrayLike<number>;
  /** Only pairs across sources, each record linked at most once (one-to-one). */
  linkOnly?: boolean;
  maxBlockSize?: number;
  maxClusterSize?: number;
  seed?: number;
  /**
   * Build every linked pair's ScoredPair and keep the refused links (default true: `pairs` and
   * `refused` of the result). False builds only the pairs clustering looks at: `pairs` and
   * `refused` come back empty, the clusters are the same. A chunk of an import's match stage
   * needs the clusters only: 10k accounts against 56k candidates linked 107k pairs, every one
   * refused (same name, domain and e-mail, another valid tax id), and their ScoredPairs and
   * refusals took its peak RSS from 194–201 MB to 236–245 MB (three runs each, measured).
   */
  keepPairs?: boolean;
}

export interface MatchStats {
  records: number;
  /** Records with too few fields to match (no blocking key), and records with nothing but a name (sparse-records.ts). */
  sparse: SparseRecords;
  blocking: BlockingStats;
  /** Candidate pairs at or above the review threshold (or with hard evidence). */
  linkedPairs: number;
  clusters: { auto: number; review: number; recordsInClusters: number; singletons: number };
  refusedLinks: number;
  timingsMs: { blocking: number; comparing: number; training: number; scoring: number; clustering: number };
}

export interface MatchResult {
  model: MatchModel;
  /** Scored pairs at or above the review threshold (or with hard evidence); empty without `keepPairs`. */
  pairs: ScoredPair[];
  clusters: MatchCluster[];
  /** Empty without `keepPairs` (stats.refusedLinks counts them). */
  refused: RefusedLink[];
  stats: MatchStats;
}

export function matchRecords(options: MatchOptions): MatchResult {
  const { entity, records, thresholds = DEFAULT_MATCH_THRESHOLDS, sources, linkOnly = false } = options;
  const now = (): number => performance.now();
  let t = now();
  const candidates = candidatePairs(entity, records, {
    maxBlockSize: options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE, ...(sources ? { sources } : {}), linkOnly,
    ...(options.anchored !== undefined ? { anchored: options.anchored } : {}),
  });
  const blockingMs = now() - t;
  t = now();
  const levels = pairLevels(comparisonsFor(entity), records, candidates);
  const comparingMs = now() - t;
  t = now();
  const model = options.model ?? trainMatchModel(entity, records, { candidates, levels, linkOnly, ...(sources ? { sources } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const trainingMs = now() - t;
  t = now();
  const cm = compileModel(model);
  const links: { i: number; j: number; weight: number; k: number }[] = [];
  const reviewWeight = Math.log2(thresholds.review / (1 - thresholds.review));
  for (let k = 0; k < candidates.a.length; k++) {
    const i = candidates.a[k] as number;
    const j = candidates.b[k] as number;
    const a = records[i] as MatchRecord;
    const b = records[j] as MatchRecord;
    const w = weightFromLevels(cm, levels, k, a);
    if (w >= reviewWeight) links.push({ i, j, weight: w, k });
    else {
      const e = pairEvidence(a, b);
      if (e === 'same_tax_id' || e === 'same_email') links.push({ i, j, weight: w, k });
      // The name rule: same name and nothing contradicting reaches review at least.
      else if (e === 'same_name') links.push({ i, j, weight: reviewWeight, k });
    }
  }
  const keepPairs = options.keepPairs ?? true;
  const scoredLink = (k: number): ScoredPair => {
    const l = links[k] as { i: number; j: number; k: number };
    return withNameRule(scoredPairFromLevels(cm, levels, l.k, records[l.i] as MatchRecord, records[l.j] as MatchRecord), reviewWeight);
  };
  const pairs = keepPairs ? links.map((_, k) => scoredLink(k)) : [];
  const scoringMs = now() - t;
  t = now();
  const { clusters, refused, refusedLinks } = clusterRecords({
    model,
    records,
    links,
    thresholds,
    ...(options.isExcludedPair ? { isExcludedPair: options.isExcludedPair } : {}),
    ...(options.maxClusterSize !== undefined ? { maxClusterSize: options.maxClusterSize } : {}),
    ...(sources ? { sources } : {}),
    oneToOne: linkOnly,
    scored: keepPairs ? pairs : scoredLink,
    keepRefused: keepPairs,
  });
  const clusteringMs = now() - t;
  const inClusters = clusters.reduce((s, c) => s + c.members.length, 0);
  return {
    model,
    pairs,
    clusters,
    refused,
    stats: {
      records: records.length,
      sparse: sparseRecords(records, candidates.stats.recordsWithoutKeys),
      blocking: candidates.stats,
      linkedPairs: links.length,
      clusters: {
        auto: clusters.filter((c) => c.decision === 'auto').length,
        review: clusters.filter((c) => c.decision === 'review').length,
        recordsInClusters: inClusters,
        singletons: records.length - inClusters,
      },
      refusedLinks,
      timingsMs: { blocking: Math.round(blockingMs), comparing: Math.round(comparingMs), training: Math.round(trainingMs), scoring: Math.round(scoringMs), clustering: Math.round(clusteringMs) },
    },
  };
}

