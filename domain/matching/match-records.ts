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
import { compileModel, scoredPairFromLevels, withNameRule, type ScoredPair } from './score-pair';
import { linkPairs, linksFromLevels, type Link } from './link-pairs';
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
   * `refused` come back empty, the clusters are the same (in another order). A chunk of an
   * import's match stage needs the clusters only: 10k accounts against 56k candidates linked 107k
   * pairs, every one refused (same name, domain and e-mail, another valid tax id), and their
   * ScoredPairs and refusals took its peak RSS from 194–201 MB to 236–245 MB (three runs each,
   * measured). Nor are pairs of two different valid tax ids offered to clustering then: it could
   * only refuse them (stats.taxIdConflicts), and scoring them was most of such a chunk's time.
   */
  keepPairs?: boolean;
  /**
   * With a given model, stop a pair's comparisons once it cannot become a link (default true;
   * the links are the same either way: link-pairs.ts). False scores every level of every pair.
   */
  prune?: boolean;
}

export interface MatchStats {
  records: number;
  /** Records with too few fields to match (no blocking key), and records with nothing but a name (sparse-records.ts). */
  sparse: SparseRecords;
  blocking: BlockingStats;
  /** Candidate pairs whose comparisons stopped early: they could not reach a link (link-pairs.ts). */
  prunedPairs: number;
  /**
   * Candidate pairs of two different valid tax ids that were not offered to clustering (without
   * keepPairs): it never merges two tax ids, so they could only have been refused links.
   */
  taxIdConflicts: number;
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
  /** Empty without `keepPairs` (stats.refusedLinks counts them, the tax id conflicts aside). */
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
  const reviewWeight = Math.log2(thresholds.review / (1 - thresholds.review));
  let model: MatchModel;
  let levels: Uint8Array;
  let links: Link[];
  let comparingMs: number;
  let trainingMs = 0;
  let pruned = 0;
  let taxIdConflicts = 0;
  const keepPairs = options.keepPairs ?? true;
  // Without refused links to keep, a pair of two valid tax ids can only be refused: not offered.
  const skipTaxIdConflicts = !keepPairs;
  if (options.model && options.prune !== false) {
    // A given model: only the links' levels are read, so the others are pruned (link-pairs.ts).
    model = options.model;
    ({ links, levels, pruned, taxIdConflicts } = linkPairs(compileModel(model), records, candidates, reviewWeight, { skipTaxIdConflicts }));
    comparingMs = now() - t;
    t = now();
  } else {
    const all = pairLevels(comparisonsFor(entity), records, candidates);
    comparingMs = now() - t;
    t = now();
    model = options.model ?? trainMatchModel(entity, records, { candidates, levels: all, linkOnly, ...(sources ? { sources } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    trainingMs = now() - t;
    t = now();
    ({ links, taxIdConflicts } = linksFromLevels(compileModel(model), records, candidates, all, reviewWeight, { skipTaxIdConflicts }));
    levels = all;
  }
  const cm = compileModel(model);
  const scoredLink = (k: number): ScoredPair => {
    const l = links[k] as Link;
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
      prunedPairs: pruned,
      taxIdConflicts,
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
