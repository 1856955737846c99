/**
 * Applying a dedupe run's plan: many automatic merges and the review pairs, in bulk.
 *
 * Auto clusters are merged in batches, many clusters per transaction (one commit per batch, the
 * catalog read once per batch). If a batch fails (a record merged meanwhile, a deadlock with a
 * sync, a refusal), it is rolled back and replayed one cluster per transaction, so one bad
 * cluster costs its batch a replay and never blocks the others.
 */
import type { Knex } from 'knex';
import type { PairForHistory, ScoredPair } from '../../domain/matching';
import { chooseSurvivor } from '../../domain/merge';
import type { MergeEntity } from './entity-tables';
import { MergeRefusedError } from './errors';
import { mergeMany, mergeRecords, type MergeRequest } from './merge-records';
import { enqueueReview } from './review-queue';
import { analyzeIfGrown, type AnalyzedTable } from '../pipeline/fresh-statistics';

/**
 * The tables merges fill as they go, checked after every committed batch or chunk (analyzeIfGrown: a
 * dedupe analyzes them once they hold rows, then as they double). A dedupe of 853k accounts
 * queued 157k review pairs before its first merge; with `review_queue` never analyzed, every chunk's
 * "supersede the pending reviews of absorbed records" read all 157k pending rows (270 ms a chunk,
 * 54 s of a 219 s apply, measured) instead of probing its ~1,400 ids. `merge_history` is left out:
 * it is only joined by its primary key, and each ANALYZE of its wide jsonb rows cost ≈ 0.3 s (41 of
 * them, 12 s, in that apply).
 */
export const MERGE_LEDGER_TABLES: readonly AnalyzedTable[] = ['review_queue', 'match_decisions'];

/**
 * A cluster of the plan. A review cluster's pairs are whole ScoredPairs (the queue explains them
 * field by field); an automatic merge's may already be in the form its history keeps them
 * (PairForHistory: a dedupe's plan stores them so, a third of its size).
 */
export interface PlanCluster { members: readonly string[]; decision: 'auto' | 'review'; reason: string; pairs: readonly (ScoredPair | PairForHistory)[] }

/**
 * The clusters to merge automatically (two or more members), each with its members lower-cased and
 * sorted, in the order of their smallest id: neighbouring batches lock disjoint, ordered ranges.
 */
export function automaticMerges(clusters: readonly PlanCluster[]): PlanCluster[] {
  return clusters.filter((c) => c.decision === 'auto' && c.members.length > 1)
    .map((c) => ({ ...c, members: [...c.members].map((m) => m.toLowerCase()).sort() }))
    .sort((x, y) => (x.members[0]! < y.members[0]! ? -1 : 1));
}

export interface ApplyOptions {
  /** Clusters merged per transaction (default 1000: measured 2,150 merges/s, against 1,280 at 200). */
  clustersPerTransaction?: number;
  /** Batches in flight at once, each on its own connection (default 2). */
  concurrency?: number;
  /** Who decided (default 'auto'). */
  decidedBy?: string;
  onProgress?: (p: { merges: number; clusters: number }) => void;
}

export interface ApplyResult {
  merges: number;
  absorbed: number;
  enqueued: number;
  refused: { members: string[]; reason: string }[];
  /** Batches that failed as a whole and were replayed cluster by cluster. */
  replayedBatches: number;
  ms: number;
  mergesPerSecond: number;
}

export async function applyMergePlan(db: Knex, entity: MergeEntity, clusters: readonly PlanCluster[], o: ApplyOptions = {}): Promise<ApplyResult> {
  const t0 = performance.now();
  const decidedBy = o.decidedBy ?? 'auto';
  const size = Math.max(1, o.clustersPerTransaction ?? 1000);
  const result: ApplyResult = { merges: 0, absorbed: 0, enqueued: 0, refused: [], replayedBatches: 0, ms: 0, mergesPerSecond: 0 };

  const reviewPairs = clusters.filter((c) => c.decision === 'review').flatMap((c) => c.pairs);
  for (let i = 0; i < reviewPairs.length; i += 5000) result.enqueued += await enqueueReview(db, entity, reviewPairs.slice(i, i + 5000));
  await analyzeIfGrown(db, MERGE_LEDGER_TABLES);

  const auto = automaticMerges(clusters);
  const applyBatch = async (batch: PlanCluster[]) => {
    try {
      const done = await db.transaction(async (trx) => {
        const requests = await requestsFor(trx, entity, batch, decidedBy);
        const outcome = await mergeMany(trx, entity, requests.merges, 'skip');
        return { ...requests, outcome };
      });
      done.merges.forEach((req, i) => {
        if (done.outcome.mergeIds[i] === null) return;
        result.merges++;
        result.absorbed += req.absorbedIds.length;
      });
      result.refused.push(...done.refused, ...done.outcome.refused.map((r) => ({ members: [done.merges[r.index]!.survivorId, ...done.merges[r.index]!.absorbedIds], reason: r.reason })));
    } catch {
      // A deadlock with a sync or with the other batch in flight, a record merged meanwhile…:
      // the batch rolled back whole; replay it one cluster per transaction.
      result.replayedBatches++;
      for (const cluster of batch) {
        try {
          const requests = await requestsFor(db, entity, [cluster], decidedBy);
          result.refused.push(...requests.refused);
          for (const req of requests.merges) {
            await mergeRecords(db, req);
            result.merges++;
            result.absorbed += req.absorbedIds.length;
          }
        } catch (err) {
          if (!(err instanceof MergeRefusedError)) throw err;
          result.refused.push({ members: [...cluster.members], reason: err.message });
        }
      }
    }
  };
  // Batches run `concurrency` at a time (two connections keep both PostgreSQL and Node busy);
  // clusters are disjoint, so concurrent batches only meet on rows that reference both.
  let next = 0;
  let clustersDone = 0;
  const lane = async () => {
    while (next < auto.length) {
      const batch = auto.slice(next, next + size);
      next += size;
      await applyBatch(batch);
      await analyzeIfGrown(db, MERGE_LEDGER_TABLES);
      clustersDone += batch.length;
      o.onProgress?.({ merges: result.merges, clusters: clustersDone });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, lane));
  result.ms = Math.round(performance.now() - t0);
  result.mergesPerSecond = result.ms > 0 ? Math.round((result.merges * 1000) / result.ms) : result.merges;
  return result;
}

export interface TransactionApplyResult { merges: number; absorbed: number; enqueued: number; refused: number; survivors: string[] }

/**
 * The whole plan in the caller's transaction (a chunk of an import's match stage or of a dedupe):
 * it commits with whatever marks the chunk done, so a retried chunk never counts a merge twice.
 * A refused cluster is skipped; a failure (a deadlock with a sync) rolls the chunk back whole and
 * Temporal retries it.
 */
export async function applyMergePlanInTransaction(
  trx: Knex.Transaction, entity: MergeEntity, clusters: readonly PlanCluster[], o: { decidedBy: string; onProgress?: () => void },
): Promise<TransactionApplyResult> {
  const result: TransactionApplyResult = { merges: 0, absorbed: 0, enqueued: 0, refused: 0, survivors: [] };
  const reviewPairs = clusters.filter((c) => c.decision === 'review').flatMap((c) => c.pairs);
  for (let i = 0; i < reviewPairs.length; i += 5000) result.enqueued += await enqueueReview(trx, entity, reviewPairs.slice(i, i + 5000));
  const auto = automaticMerges(clusters);
  for (let i = 0; i < auto.length; i += 1000) {
    const requests = await requestsFor(trx, entity, auto.slice(i, i + 1000), o.decidedBy);
    const outcome = await mergeMany(trx, entity, requests.merges, 'skip');
    result.refused += requests.refused.length + outcome.refused.length;
    requests.merges.forEach((req, k) => {
      if (outcome.mergeIds[k] === null || outcome.mergeIds[k] === undefined) return;
      result.merges++;
      result.absorbed += req.absorbedIds.length;
      result.survivors.push(req.survivorId);
    });
    o.onProgress?.();
  }
  return result;
}

/** One merge per cluster: the oldest live member survives; a cluster with fewer than two live members is refused. */
async function requestsFor(db: Knex | Knex.Transaction, entity: MergeEntity, batch: readonly PlanCluster[], decidedBy: string) {
  const ids = batch.flatMap((c) => c.members);
  // One array parameter, not one per id: a batch can hold tens of thousands of ids.
  const rows: { id: string; created_at: Date; deleted_at: Date | null }[] = await db(entity).whereRaw('id = ANY(?::uuid[])', [ids]).select('id', 'created_at', 'deleted_at');
  const live = new Map(rows.filter((r) => !r.deleted_at).map((r) => [r.id, r]));
  const merges: MergeRequest[] = [];
  const refused: { members: string[]; reason: string }[] = [];
  for (const c of batch) {
    const members = c.members.filter((m) => live.has(m));
    if (members.length < 2) {
      refused.push({ members: [...c.members], reason: 'fewer than two live records left (merged or deleted since the plan was made)' });
      continue;
    }
    const survivorId = chooseSurvivor(members.map((m) => ({ id: m, createdAt: live.get(m)!.created_at })));
    merges.push({ entityType: entity, survivorId, absorbedIds: members.filter((m) => m !== survivorId), rule: c.reason, decidedBy, scores: c.pairs });
  }
  return { merges, refused };
}
