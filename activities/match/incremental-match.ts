/**
 * Incremental matching: the records that are new or changed since their profile was written are
 * matched against the CRM without reading it all. Their blocking keys find candidates through
 * `match_block_keys` (migration 016); only pairs involving a changed record are scored (the
 * rest of the CRM was matched before); pairs a person decided are never proposed again.
 *
 * `matchChangedRecords` matches every changed record at once (a sync's stream, tests);
 * `matchProfileChunk` matches one bounded chunk of them and applies its merges in the transaction
 * that marks the chunk done (an import's match stage, match-after-import.ts).
 */
import type { Knex } from 'knex';
import { DEFAULT_MAX_BLOCK_SIZE, matchRecords, type MatchEntity } from '../../domain/matching';
import { applyMergePlan, applyMergePlanInTransaction, type PlanCluster } from '../merge';
import { loadDecidedPairs, loadMatchModel, pairKey } from './match-model-store';
import { findCandidateProfiles, markMatched, profilesToMatch, refreshProfiles, syncMatchProfiles, type Profile } from './match-profiles';
import type { MatchSummary } from './match-summary';
import { collectGarbage } from './collect-garbage';
import { phaseTimer } from './phase-timer';

export interface IncrementalOptions {
  decidedBy: string;
}

function emptySummary(entity: MatchEntity, records: number, ms: Record<string, number>): MatchSummary {
  return {
    entity, mode: 'incremental', dryRun: false, modelTrained: false, records, candidates: 0, candidatePairs: 0,
    clusters: { auto: 0, review: 0 }, merges: 0, recordsAbsorbed: 0, reviewQueued: 0, skippedDecidedPairs: 0, recomputed: 0, ms,
  };
}

/** Candidates, model, scoring and clustering of the changed records: the plan, nothing written. */
async function planChanged(
  db: Knex, entity: MatchEntity, changed: readonly Profile[], summary: MatchSummary, lap: (phase: string) => void, beat: () => void,
  oversized?: ReadonlySet<string>,
): Promise<readonly PlanCluster[]> {
  const changedIds = new Set(changed.map((p) => p.record.id));
  // Matched profiles only: never the pass's own records.
  const candidates = await findCandidateProfiles(db, entity, changed.flatMap((p) => p.keys), {
    maxBlockSize: DEFAULT_MAX_BLOCK_SIZE, batchSize: changed.length, onProgress: beat, oversized,
    own: changed.filter((p) => p.indexed).map((p) => ({ id: p.record.id, keys: p.keys })),
  });
  summary.candidates = candidates.length;
  const { model, trained } = await loadMatchModel(db, entity);
  summary.modelTrained = trained;
  const decided = await loadDecidedPairs(db, entity, [...changedIds]);
  const skipped = new Set<string>();
  lap('candidates');
  beat();

  const result = matchRecords({
    entity,
    records: [...changed.map((p) => p.record), ...candidates],
    anchored: changed.length,
    model,
    // The plan is the clusters: the other linked pairs' explanations and the refused links would
    // only be garbage at the chunk's peak (match-records.ts keepPairs).
    keepPairs: false,
    isExcludedPair: (a, b) => {
      if (!changedIds.has(a) && !changedIds.has(b)) return true; // matched before, by an earlier pass
      const key = pairKey(a, b);
      if (decided.has(key)) {
        skipped.add(key);
        return true;
      }
      return false;
    },
  });
  summary.candidatePairs = result.stats.blocking.candidatePairs;
  summary.skippedDecidedPairs = skipped.size;
  summary.clusters = { auto: result.stats.clusters.auto, review: result.stats.clusters.review };
  lap('match');
  beat();
  return result.clusters;
}

export async function matchChangedRecords(db: Knex, entity: MatchEntity, o: IncrementalOptions): Promise<MatchSummary> {
  const { ms, lap } = phaseTimer();
  await syncMatchProfiles(db, entity);
  // Read from the table, not from what this call wrote: a retried stage finds the same records.
  const changed = await profilesToMatch(db, entity);
  lap('profiles');
  const summary = emptySummary(entity, changed.length, ms);
  if (changed.length === 0) return summary;
  const clusters = await planChanged(db, entity, changed, summary, lap, () => undefined);
  const applied = await applyMergePlan(db, entity, clusters, { decidedBy: o.decidedBy });
  summary.merges = applied.merges;
  summary.recordsAbsorbed = applied.absorbed;
  summary.reviewQueued = applied.enqueued;
  lap('apply');
  // The survivors were rewritten by the merges: their profiles are refreshed and, like every
  // record of this pass, marked matched (the next pass starts from records changed after now).
  await syncMatchProfiles(db, entity, { matched: true });
  await markMatched(db, entity, [...changed.map((p) => p.record.id)]);
  lap('close');
  return summary;
}

export interface ChunkOptions {
  decidedBy: string;
  /** The chunk: the unmatched profiles whose record id lies in [from, to]. */
  range: { from: string; to: string };
  /** Called inside the chunk's transaction, after its merges: marks the chunk done with its summary. */
  markDone: (trx: Knex.Transaction, summary: MatchSummary) => Promise<void>;
  heartbeat?: () => void;
  /** Keys over their block cap, known for the whole stage (match-profiles.ts oversizedBlockKeys). */
  oversized?: ReadonlySet<string>;
}

/**
 * One chunk of a match stage: its records are matched against the profiles matched before them
 * (earlier chunks included), then its merges, its review pairs, its records' `matched_at` and the
 * chunk's "done" commit together. A chunk cut off by a dead worker rolls back whole and is redone.
 */
export async function matchProfileChunk(db: Knex, entity: MatchEntity, o: ChunkOptions): Promise<MatchSummary> {
  const { ms, lap } = phaseTimer();
  const beat = o.heartbeat ?? (() => undefined);
  const changed = await profilesToMatch(db, entity, o.range);
  lap('profiles');
  const summary = emptySummary(entity, changed.length, ms);
  const clusters = changed.length ? await planChanged(db, entity, changed, summary, lap, beat, o.oversized) : [];
  collectGarbage(); // the candidates and pairs: only the clusters are kept
  const survivors = await db.transaction(async (trx) => {
    const applied = await applyMergePlanInTransaction(trx, entity, clusters, { decidedBy: o.decidedBy, onProgress: beat });
    summary.merges = applied.merges;
    summary.recordsAbsorbed = applied.absorbed;
    summary.reviewQueued = applied.enqueued;
    await markMatched(trx, entity, changed.map((p) => p.record.id));
    lap('apply');
    await o.markDone(trx, summary);
    return applied.survivors;
  });
  // The survivors were rewritten by the merges (their absorbed records' profiles went with them):
  // matched already, by this chunk. If the worker dies before this, the resumed stage's first
  // profile sync rewrites them.
  await refreshProfiles(db, entity, survivors, { matched: true });
  lap('close');
  return summary;
}
