/**
 * An import's match stage: after its rows are loaded, the records it created or changed are
 * matched against the CRM (incrementally, through `match_block_keys`). Fuzzy matches become logged,
 * reversible merges or review items, never silent overwrites, so `crmhub unmerge` can undo any of
 * them. (Exact evidence — the identity map, a valid tax id, an e-mail — already resolved rows
 * inside the load's resolve stage.)
 *
 * Bounded whatever the file's size (issue 8 §6): the records to match are cut into chunks of
 * `chunkSize` by record id, written to `work_chunks` before the first runs; each chunk reads only
 * its own records and their candidates, and commits its merges with its "done" mark. The stage
 * heartbeats between (and inside) chunks; a retry after a dead worker skips the done chunks.
 */
import type { Knex } from 'knex';
import { DEFAULT_MAX_BLOCK_SIZE, type MatchEntity } from '../../domain/matching';
import { collectGarbage } from './collect-garbage';
import { matchProfileChunk } from './incremental-match';
import { oversizedBlockKeys, syncMatchProfiles, vacuumBlockKeys } from './match-profiles';
import type { MatchSummary } from './match-summary';
import { refreshGoldenRecords } from './refresh-golden-records';
import { analyzeIfStale } from '../pipeline/fresh-statistics';
import { MERGE_LEDGER_TABLES } from '../merge';
import { chunkResults, markChunkDone, nextChunk, readHeader, updateChunkResult, writeHeader } from './work-chunks';

/**
 * Records per chunk. A chunk probes its records' keys and reads their candidates once: a 10k batch
 * against 1M accounts in one chunk instead of five spent 2.0 s instead of 3.0–3.3 s on its
 * candidates (their keys overlap from chunk to chunk), 11.0–11.3 s instead of 12.0–12.8 s in all,
 * for ≈ 50 MB more peak RSS (bench/match-stage-direct.ts, alternated; docs/performance-log.md).
 */
export const DEFAULT_MATCH_CHUNK = 10_000;
/** A stage matching at least this share of the entity's profiles counts the oversized keys first. */
export const OVERSIZED_PREPASS_MIN_SHARE = 0.25;
/** …and at least this many records (below it, the probes are cheap whatever the share). */
export const OVERSIZED_PREPASS_MIN_RECORDS = 10_000;

async function isLargeShareOfCrm(db: Knex, job: string, entity: MatchEntity): Promise<boolean> {
  const { rows: [s] } = await db.raw<{ rows: { stage: string | null }[] }>(
    `SELECT sum((payload->>'records')::int) AS stage FROM work_chunks WHERE job = ? AND chunk_no >= 0`,
    [job],
  );
  const stage = Number(s?.stage ?? 0);
  if (stage < OVERSIZED_PREPASS_MIN_RECORDS) return false;
  // The CRM's profiles are counted only as far as the answer needs (stage ≥ share × crm ⇔ crm ≤
  // stage / share): a 10k batch reads 40k profiles, not all of a million (0.3–0.4 s, measured).
  const bound = Math.floor(stage / OVERSIZED_PREPASS_MIN_SHARE);
  const { rows: [c] } = await db.raw<{ rows: { crm: string }[] }>(
    `SELECT count(*) AS crm FROM (SELECT 1 FROM match_profiles WHERE entity_type = ? LIMIT ${bound + 1}) p`,
    [entity],
  );
  return Number(c?.crm ?? 0) <= bound;
}

export interface MatchStageDeps {
  db: Knex;
  heartbeat?: (details?: unknown) => void;
  /** Records per chunk (default DEFAULT_MATCH_CHUNK). */
  chunkSize?: number;
}

interface StageHeader { entity: MatchEntity; chunks: number; recomputed: number; ms: Record<string, number> }
interface ChunkRange { from: string; to: string; records: number }

export const importMatchJob = (runId: number) => `import-match:${runId}`;

export async function matchAfterImport(deps: MatchStageDeps | Knex, runId: number): Promise<MatchSummary | null> {
  const { db, heartbeat, chunkSize }: MatchStageDeps = typeof deps === 'function' ? { db: deps } : deps;
  const beat = (details?: unknown) => heartbeat?.(details);
  const run = await db('sync_runs').where({ id: runId }).first<{ entity_type: string; dry_run: boolean; status: string; match_summary: MatchSummary | null } | undefined>();
  if (!run) throw new Error(`sync run ${runId} does not exist`);
  if (run.dry_run) return null; // a dry run wrote nothing to match
  if (run.match_summary) return run.match_summary; // a retried activity: the stage already ran
  const entity: MatchEntity = run.entity_type === 'contact' ? 'contacts' : 'accounts';
  const job = importMatchJob(runId);

  let header = await readHeader<StageHeader>(db, job);
  if (!header) {
    const t0 = performance.now();
    // A first import of a large file leaves these tables never analyzed (fresh-statistics.ts).
    await analyzeIfStale(db, [entity, 'source_records']);
    const recomputed = await refreshGoldenRecords(db, entity, runId, () => beat({ phase: 'survivorship' }));
    const t1 = performance.now();
    await syncMatchProfiles(db, entity, { onProgress: (n) => beat({ phase: 'profiles', n }) });
    const t2 = performance.now();
    // `sync_profiles`, not `profiles`: the chunks' own `profiles` (reading their records) would
    // overwrite it in the stage's summary, and the stage's time would lose this step (≈ 4 s of a
    // 10k batch against 1M accounts, measured).
    header = { entity, chunks: 0, recomputed, ms: { survivorship: Math.round(t1 - t0), sync_profiles: Math.round(t2 - t1) } };
    const h = header;
    await db.transaction(async (trx) => {
      // The to-do list: unmatched profiles cut by record id into ranges of chunkSize records.
      const size = Math.max(1, Math.trunc(chunkSize ?? DEFAULT_MATCH_CHUNK));
      const r = await trx.raw(
        `INSERT INTO work_chunks (job, chunk_no, payload)
         SELECT ?, g, json_build_object('from', min(record_id::text), 'to', max(record_id::text), 'records', count(*))
           FROM (SELECT record_id, (row_number() OVER (ORDER BY record_id) - 1) / ${size} AS g
                   FROM match_profiles WHERE entity_type = ? AND (matched_at IS NULL OR matched_at < updated_at)) s
          GROUP BY g
         ON CONFLICT (job, chunk_no) DO NOTHING`,
        [job, entity],
      );
      h.chunks = r.rowCount ?? 0;
      await writeHeader(trx, job, { entity }, h);
    });
  } else {
    // Resumed: survivors the last chunk merged before the worker died may have stale profiles.
    await syncMatchProfiles(db, entity, { matched: true, onProgress: (n) => beat({ phase: 'profiles', n }) });
  }

  // A stage that is a large share of the CRM (a first import) counts the oversized keys once
  // instead of probing them chunk after chunk; a small batch against a large CRM probes (its
  // candidates are mostly matched profiles, so a probe stops at the cap).
  let oversized: Set<string> | undefined;
  let largeShare = false;
  for (;;) {
    const chunk = await nextChunk<ChunkRange>(db, job);
    if (!chunk) break;
    if (oversized === undefined) {
      const t = performance.now();
      largeShare = await isLargeShareOfCrm(db, job, entity);
      oversized = largeShare ? await oversizedBlockKeys(db, entity, DEFAULT_MAX_BLOCK_SIZE) : new Set();
      header.ms.oversized_keys = Math.round(performance.now() - t);
      beat({ phase: 'oversized-keys', keys: oversized.size });
    }
    beat({ phase: 'match', chunk: chunk.chunkNo, of: header.chunks });
    const done = await matchProfileChunk(db, entity, {
      decidedBy: 'auto',
      range: chunk.payload,
      heartbeat: () => beat({ phase: 'match', chunk: chunk.chunkNo, of: header.chunks }),
      markDone: (trx, s) => markChunkDone(trx, job, chunk.chunkNo, s),
      oversized,
    });
    // Its summary was written as it committed, before the survivors' profiles were rewritten
    // (`close`): the stage's time leaves nothing out (0.7–0.9 s of a 10k batch, measured).
    await updateChunkResult(db, job, chunk.chunkNo, done);
    // A first import's stage queues reviews and merges chunk after chunk (merge/apply-merge-plan.ts),
    // and grows `match_block_keys` from nothing to millions of rows. Its triggers' statements are
    // planned once per connection (PL/pgSQL caches them) and replanned only when the table's
    // statistics change: planned against the empty table at the first chunk, every later chunk
    // hashed the whole table to delete nothing (a seq scan of 1.1M keys and a 108 MB hash by the
    // tenth chunk of a 1M-row first import, 0.5–0.8 s a statement, growing with the CRM; measured).
    await analyzeIfStale(db, [...MERGE_LEDGER_TABLES, 'match_block_keys']);
    collectGarbage(); // the chunk's profiles, clusters and merges, before the next chunk loads its own
  }

  const summary = sumSummaries(entity, await chunkResults<MatchSummary>(db, job));
  summary.recomputed = header.recomputed;
  summary.ms = { ...header.ms, ...summary.ms };
  if (largeShare) {
    // Its chunks added the keys of most of the CRM: the next stage's probes should find them
    // all-visible (index-only), not fetch them from the heap. (A small stage's keys are vacuumed
    // by a later profile sync once they pass autovacuum's threshold: syncMatchProfiles.)
    const t = performance.now();
    beat({ phase: 'vacuum' });
    await vacuumBlockKeys(db);
    summary.ms.vacuum = Math.round(performance.now() - t);
  }
  await db('sync_runs').where({ id: runId }).update({ match_summary: JSON.stringify(summary), updated_at: db.fn.now() });
  return summary;
}

/** The stage's summary: the chunks' counts and phase times added up. */
export function sumSummaries(entity: MatchEntity, parts: readonly MatchSummary[]): MatchSummary {
  const total: MatchSummary = {
    entity, mode: 'incremental', dryRun: false, modelTrained: false, records: 0, candidates: 0, candidatePairs: 0,
    clusters: { auto: 0, review: 0 }, merges: 0, recordsAbsorbed: 0, reviewQueued: 0, skippedDecidedPairs: 0, recomputed: 0, ms: {},
  };
  for (const p of parts) {
    total.modelTrained ||= p.modelTrained;
    total.records += p.records;
    total.candidates += p.candidates;
    total.candidatePairs += p.candidatePairs;
    total.clusters.auto += p.clusters.auto;
    total.clusters.review += p.clusters.review;
    total.merges += p.merges;
    total.recordsAbsorbed += p.recordsAbsorbed;
    total.reviewQueued += p.reviewQueued;
    total.skippedDecidedPairs += p.skippedDecidedPairs;
    for (const [k, v] of Object.entries(p.ms)) total.ms[k] = (total.ms[k] ?? 0) + v;
  }
  return total;
}
