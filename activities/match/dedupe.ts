/**
 * A full deduplication of one entity: every live record is profiled, the model is trained on the
 * CRM itself (unsupervised), all candidate pairs are scored and clustered, then automatic merges
 * are applied in bulk and doubtful pairs queued for review. The profiles and the model it leaves
 * behind are what later incremental passes (imports, syncs) match against.
 */
import type { Knex } from 'knex';
import { defaultMatchModel, explainPair, matchRecords, shareRepeatedValues, type MatchEntity, type MatchRecord, type MatchResult } from '../../domain/matching';
import { applyMergePlan, automaticMerges, type PlanCluster } from '../merge';
import { analyzeIfStale, vacuumIfDue, type AnalyzedTable } from '../pipeline/fresh-statistics';
import { inFlight } from '../pipeline/in-flight';
import { liveRecordPages } from './match-inputs';
import { loadDecidedPairs, pairKey, saveMatchModel } from './match-model-store';
import { buildMatchRecord, syncMatchProfiles, writeProfiles } from './match-profiles';
import type { MatchSummary } from './match-summary';
import { phaseTimer, phaseTimerFrom } from './phase-timer';

/**
 * Below this many records the CRM is too small to estimate m and u from (a handful of records
 * gave a common name +0.1 bits): the default priors are used instead.
 */
export const MIN_RECORDS_TO_TRAIN = 1000;

/**
 * The tables a dedupe reads and merges through. After `crmhub import --no-match` of a large file
 * (or any bulk load with autovacuum late or off) `accounts` and `source_records` had never been
 * analyzed, and every merge chunk's re-pointing of `source_records` planned a bitmap scan of the
 * whole table (the `crm_id = ANY(…)` probe became a filter): 3.4 s a chunk of 1,000 clusters at
 * 853k accounts, 1.0 s after ANALYZE (measured, docs/performance-log.md).
 */
export function dedupeTables(entity: MatchEntity): AnalyzedTable[] {
  return [entity, 'source_records', 'match_profiles'];
}

export interface DedupeOptions {
  entity: MatchEntity;
  dryRun: boolean;
  /** How many of the best-scored pairs to return explained (for `--explain`). */
  explain?: number;
  decidedBy?: string;
  onPhase?: (phase: string) => void;
}

export interface FoundDuplicates { summary: MatchSummary; result: MatchResult; records: MatchRecord[]; trained: boolean; ms: Record<string, number> }

/** Read, train, block, score, cluster: every live record in memory, nothing written. */
export async function findDuplicates(db: Knex, o: { entity: MatchEntity; explain?: number; onPhase?: (phase: string) => void }): Promise<FoundDuplicates> {
  const { ms, lap } = phaseTimer();
  const { entity } = o;
  const records: MatchRecord[] = [];
  const pool = new Map<string, string>();
  o.onPhase?.(`reading ${entity}`);
  for await (const page of liveRecordPages(db, entity)) {
    for (const row of page) records.push(shareRepeatedValues(buildMatchRecord(entity, row), pool));
    o.onPhase?.(`reading ${entity}: ${records.length}`);
  }
  pool.clear();
  lap('read');
  const decided = await loadDecidedPairs(db, entity);
  const skipped = new Set<string>();
  o.onPhase?.(`matching ${records.length} ${entity}`);
  const trained = records.length >= MIN_RECORDS_TO_TRAIN;
  const result = matchRecords({
    entity,
    records,
    ...(trained ? {} : { model: defaultMatchModel(entity) }),
    // Every linked pair's explanation only when some are shown (--explain): a dedupe's plan needs
    // the clusters and their own pairs (match-records.ts keepPairs).
    keepPairs: (o.explain ?? 0) > 0,
    isExcludedPair: (a, b) => {
      const key = pairKey(a, b);
      if (!decided.has(key)) return false;
      skipped.add(key);
      return true;
    },
  });
  lap('match');
  const summary: MatchSummary = {
    entity, mode: 'full', dryRun: false, modelTrained: trained, records: records.length, candidates: 0,
    candidatePairs: result.stats.blocking.candidatePairs,
    clusters: { auto: result.stats.clusters.auto, review: result.stats.clusters.review },
    merges: 0, recordsAbsorbed: 0, reviewQueued: 0, skippedDecidedPairs: skipped.size, recomputed: 0, ms,
  };
  return { summary, result, records, trained, ms };
}

/**
 * The records whose profiles are written before the merges: all but the members of the automatic
 * merges (automaticMerges: members lower-cased). An absorbed record's profile would be deleted by
 * its merge (and its block keys with it, each kept as a before-image) and a survivor's rewritten
 * after survivorship, so neither is written here: the profile sync that ends the dedupe writes the
 * survivors' (and those of any merge refused meanwhile) from their merged values.
 */
export function recordsToProfileBeforeMerges(records: readonly MatchRecord[], merges: readonly PlanCluster[]): MatchRecord[] {
  const merging = new Set(merges.flatMap((c) => c.members));
  return records.filter((r) => !merging.has(r.id.toLowerCase()));
}

/**
 * The end of a dedupe: the survivors' profiles (syncMatchProfiles), with the VACUUM of the tables
 * the merges rewrote and the refresh does not write (the entity's and `source_records`) running
 * meanwhile on another connection, then the profiles' own. The refresh is Node building profiles
 * and PostgreSQL upserting them; the vacuum is a third, independent worker for the same two cores.
 * `refresh` is the sync's time, `vacuum` what the vacuums added after it.
 */
export async function refreshAndVacuum(db: Knex, entity: MatchEntity, onProgress?: (n: number) => void): Promise<{ refresh: number; vacuum: number }> {
  const t0 = performance.now();
  const tables = dedupeTables(entity);
  let refresh = 0;
  // Both at once, each on its own connection; a failure rejects once the other has settled too.
  await inFlight(['refresh', 'vacuum'] as const, 2, async (step) => {
    if (step === 'vacuum') return void (await vacuumIfDue(db, tables.filter((t) => t !== 'match_profiles')));
    // The sync also vacuums the block keys the merges removed (syncMatchProfiles).
    await syncMatchProfiles(db, entity, { matched: true, ...(onProgress ? { onProgress } : {}) });
    refresh = Math.round(performance.now() - t0);
  });
  await vacuumIfDue(db, ['match_profiles']);
  return { refresh, vacuum: Math.round(performance.now() - t0) - refresh };
}

/** The whole dedupe in this process (tests, benches); `crmhub dedupe` runs it as the dedupeCrm workflow. */
export async function dedupe(db: Knex, o: DedupeOptions): Promise<{ summary: MatchSummary; examples: string[] }> {
  const { entity } = o;
  await analyzeIfStale(db, dedupeTables(entity));
  const { summary, result, records, trained, ms } = await findDuplicates(db, o);
  const { lap } = phaseTimerFrom(ms);
  summary.dryRun = o.dryRun;
  const explain = o.explain ?? 0;
  const examples = explain > 0 ? [...result.pairs].sort((x, y) => y.weight - x.weight).slice(0, explain).map((p) => explainPair(p)) : [];
  if (o.dryRun) return { summary, examples };

  o.onPhase?.('saving the model and the match profiles');
  if (trained) await saveMatchModel(db, entity, result.model, records.length);
  await writeProfiles(db, entity, recordsToProfileBeforeMerges(records, automaticMerges(result.clusters)), { replaceAll: true, matched: true });
  records.length = 0; // the plan below needs only ids
  lap('profiles');
  o.onPhase?.(`applying ${summary.clusters.auto} automatic merges, queueing ${summary.clusters.review} clusters for review`);
  const applied = await applyMergePlan(db, entity, result.clusters, { decidedBy: o.decidedBy ?? 'auto' });
  summary.merges = applied.merges;
  summary.recordsAbsorbed = applied.absorbed;
  summary.reviewQueued = applied.enqueued;
  lap('apply');
  // The survivors' profiles, from their merged values (recordsToProfileBeforeMerges), so the next
  // import does not re-match them.
  Object.assign(summary.ms, await refreshAndVacuum(db, entity));
  return { summary, examples };
}
