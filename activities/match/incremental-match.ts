/**
 * Incremental matching: the records that are new or changed since their profile was written are
 * matched against the CRM without reading it all. Their blocking keys find candidates through the
 * GIN index on `match_profiles.block_keys`; only pairs involving a changed record are scored (the
 * rest of the CRM was matched before); pairs a person decided are never proposed again.
 */
import type { Knex } from 'knex';
import { DEFAULT_MAX_BLOCK_SIZE, matchRecords, type MatchEntity } from '../../domain/matching';
import { applyMergePlan } from '../merge';
import { loadDecidedPairs, loadMatchModel, pairKey } from './match-model-store';
import { findCandidateProfiles, markMatched, profilesToMatch, syncMatchProfiles } from './match-profiles';
import type { MatchSummary } from './match-summary';
import { phaseTimer } from './phase-timer';

export interface IncrementalOptions {
  decidedBy: string;
}

export async function matchChangedRecords(db: Knex, entity: MatchEntity, o: IncrementalOptions): Promise<MatchSummary> {
  const { ms, lap } = phaseTimer();
  await syncMatchProfiles(db, entity);
  // Read from the table, not from what this call wrote: a retried stage finds the same records.
  const changed = await profilesToMatch(db, entity);
  lap('profiles');
  const summary: MatchSummary = {
    entity, mode: 'incremental', dryRun: false, modelTrained: false, records: changed.length, candidates: 0, candidatePairs: 0,
    clusters: { auto: 0, review: 0 }, merges: 0, recordsAbsorbed: 0, reviewQueued: 0, skippedDecidedPairs: 0, recomputed: 0, ms,
  };
  if (changed.length === 0) return summary;

  const changedIds = new Set(changed.map((p) => p.record.id));
  // Matched profiles only: never the pass's own records.
  const candidates = await findCandidateProfiles(db, entity, changed.flatMap((p) => p.keys), {
    maxBlockSize: DEFAULT_MAX_BLOCK_SIZE, batchSize: changed.length,
  });
  summary.candidates = candidates.length;
  const { model, trained } = await loadMatchModel(db, entity);
  summary.modelTrained = trained;
  const decided = await loadDecidedPairs(db, entity, [...changedIds]);
  const skipped = new Set<string>();
  lap('candidates');

  const result = matchRecords({
    entity,
    records: [...changed.map((p) => p.record), ...candidates],
    model,
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
  const applied = await applyMergePlan(db, entity, result.clusters, { decidedBy: o.decidedBy });
  summary.merges = applied.merges;
  summary.recordsAbsorbed = applied.absorbed;
  summary.reviewQueued = applied.enqueued;
  lap('apply');
  // The survivors were rewritten by the merges: their profiles are refreshed and, like every
  // record of this pass, marked matched (the next pass starts from records changed after now).
  await syncMatchProfiles(db, entity, { matched: true });
  await markMatched(db, entity, [...changedIds]);
  lap('close');
  return summary;
}
