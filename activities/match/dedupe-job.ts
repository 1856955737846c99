/**
 * `crmhub dedupe` as a durable job (issue 8 §6), run by the dedupeCrm workflow:
 *
 * 1. planDedupeJob: finds the duplicates (dedupe.ts's read → train → block → score → cluster),
 *    saves the model and the profiles of the records no automatic merge touches, and writes the
 *    plan to `work_chunks`: the automatic clusters (1000 per chunk, in the order of their smallest
 *    id) and the review pairs, plus a header with the summary. Plan and header commit together; a
 *    retry finds them and returns.
 * 2. applyDedupeChunks: applies the chunks, each in one transaction with its "done" mark, taken
 *    `FOR UPDATE SKIP LOCKED` (DEDUPE_APPLY_LANES at once; a zombie attempt cannot apply a chunk twice).
 *    It heartbeats per chunk; a retry after a dead worker goes on with the chunks not done.
 * 3. finishDedupeJob: writes the survivors' profiles, vacuums the tables the merges rewrote
 *    (once past autovacuum's thresholds) and adds the chunks' results up.
 *
 * Only step 1 holds the CRM's match records in memory (1.1 KB a record at its peak, with the
 * scored pairs and clusters: cli/heap-for-records.ts); steps 2 and 3 hold one chunk. Examples for
 * `--explain` travel in the header (a few strings), never the plan.
 */
import type { Knex } from 'knex';
import { explainPair, toPairForHistory, type MatchEntity } from '../../domain/matching';
import { applyMergePlanInTransaction, automaticMerges, MERGE_LEDGER_TABLES, type PlanCluster } from '../merge';
import { analyzeIfGrown, analyzeIfStale } from '../pipeline/fresh-statistics';
import { dedupeTables, findDuplicates, recordsToProfileBeforeMerges, refreshAndVacuum } from './dedupe';
import { saveMatchModel } from './match-model-store';
import { writeProfiles } from './match-profiles';
import type { MatchSummary } from './match-summary';
import { chunkProgress, readHeader, writeHeader } from './work-chunks';

export interface DedupeJobInput { job: string; entity: MatchEntity; dryRun: boolean; explain?: number; clustersPerChunk?: number }
export interface DedupeJobHeader { summary: MatchSummary; examples: string[]; chunks: number; finished?: MatchSummary }
interface ChunkResult { merges: number; absorbed: number; enqueued: number; refused: number; ms: number }

type Beat = (details?: unknown) => void;

export async function planDedupeJob(db: Knex, input: DedupeJobInput, beat: Beat = () => undefined): Promise<DedupeJobHeader> {
  const existing = await readHeader<DedupeJobHeader>(db, input.job);
  if (existing) return existing;
  await analyzeIfStale(db, dedupeTables(input.entity));
  const found = await findDuplicates(db, { entity: input.entity, explain: input.explain ?? 0, onPhase: (phase) => beat({ phase }) });
  const { summary, result, records, trained } = found;
  const examples = (input.explain ?? 0) > 0
    ? [...result.pairs].sort((x, y) => y.weight - x.weight).slice(0, input.explain).map((p) => explainPair(p))
    : [];
  if (input.dryRun) return { summary, examples, chunks: 0 };
  // The plan needs the clusters (with their own pairs) only: the other scored pairs and the refused
  // links go before the profiles' COPY and the plan's JSON, the job's peak.
  result.pairs = [];
  result.refused = [];

  beat({ phase: 'saving the model and the match profiles' });
  const t0 = performance.now();
  const auto = automaticMerges(result.clusters);
  // The plan is written while PostgreSQL builds the profiles' block keys and their index (12 s at
  // 1M, Node idle): from the end of the profiles' COPY, when no match record is held any more. It
  // commits only once the profiles are written, so a retry that finds the plan finds them too.
  let copied: () => void = () => undefined;
  const profilesCopied = new Promise<void>((resolve) => { copied = resolve; });
  const profilesWritten = (async () => {
    if (trained) await saveMatchModel(db, input.entity, result.model, records.length);
    const profiled = recordsToProfileBeforeMerges(records, auto);
    records.length = 0; // the merging records: the plan needs only their ids
    await writeProfiles(db, input.entity, profiled, {
      replaceAll: true, matched: true,
      onCopied: () => {
        profiled.length = 0;
        copied();
      },
    });
    summary.ms.profiles = Math.round(performance.now() - t0);
  })();
  profilesWritten.catch(() => undefined); // awaited below: not an unhandled rejection meanwhile
  await Promise.race([profilesCopied, profilesWritten]);

  const size = Math.max(1, input.clustersPerChunk ?? 1000);
  const review = result.clusters.filter((c) => c.decision === 'review');
  const header: DedupeJobHeader = { summary, examples, chunks: 0 };
  try {
    await db.transaction(async (trx) => {
      let chunkNo = 0;
      const put = async (clusters: readonly PlanCluster[]) => {
        await trx('work_chunks').insert({ job: input.job, chunk_no: chunkNo++, payload: JSON.stringify({ clusters }) });
        beat({ phase: 'writing the plan', chunks: chunkNo });
      };
      // Review pairs first (they refer to records the merges may absorb: queued while both live).
      // As many clusters a chunk as the merges: five times as many made chunks of up to 26 MB of
      // JSON (every pair's contributions), held twice while sent and again when applied.
      for (let i = 0; i < review.length; i += size) await put(review.slice(i, i + size));
      // An automatic merge's pairs only go to its history: written in that form (a chunk at a time,
      // not the whole plan at once), the chunks are a third of the size to write, read back and parse.
      for (let i = 0; i < auto.length; i += size) await put(auto.slice(i, i + size).map((c) => ({ ...c, pairs: c.pairs.map(toPairForHistory) })));
      await profilesWritten;
      // What writing the plan added after the profiles were written (the rest of it overlapped them).
      summary.ms.plan = Math.round(performance.now() - t0) - (summary.ms.profiles ?? 0);
      header.chunks = chunkNo;
      await writeHeader(trx, input.job, { entity: input.entity }, header);
    });
  } catch (err) {
    await profilesWritten.catch(() => undefined); // its connection is not left busy behind a failure
    throw err;
  }
  return header;
}

/**
 * Chunks applied at once, each on its own connection. A chunk alternates between Node (its rows
 * parsed, survivorship) and PostgreSQL (its statements); with two lanes both could wait on the same
 * side and a core sat idle. The apply alone from one plan of 853k accounts (bench/dedupe-apply-direct.ts
 * --lanes, alternated, 2026-12-06): three lanes 65.2, 67.6, 71.7, 69.3, 75.8 s against two lanes
 * 72.5, 84.4, 73.0, 74.4, 80.9 s (each pair in favour of three); four lanes 71.9, 67.4 s. A lane
 * holds one chunk: ≈ 40 MB more peak RSS, far below the plan's peak.
 */
export const DEDUPE_APPLY_LANES = 3;

/** Applies the chunks not done yet, `lanes` at a time; returns how many this call applied. */
export async function applyDedupeChunks(db: Knex, input: { job: string; entity: MatchEntity; lanes?: number }, beat: Beat = () => undefined): Promise<number> {
  let applied = 0;
  // The plan may have been made by another attempt, or the tables loaded since: checked again here.
  await analyzeIfStale(db, dedupeTables(input.entity));
  const lane = async (): Promise<void> => {
    for (;;) {
      const did = await db.transaction(async (trx) => {
        const row = await trx('work_chunks').where({ job: input.job }).where('chunk_no', '>=', 0).whereNull('done_at')
          .orderBy('chunk_no').forUpdate().skipLocked().first<{ chunk_no: number; payload: { clusters: PlanCluster[] } } | undefined>('chunk_no', 'payload');
        if (!row) return false;
        const t0 = performance.now();
        const r = await applyMergePlanInTransaction(trx, input.entity, row.payload.clusters, { decidedBy: 'auto', onProgress: () => beat() });
        const result: ChunkResult = { merges: r.merges, absorbed: r.absorbed, enqueued: r.enqueued, refused: r.refused, ms: Math.round(performance.now() - t0) };
        await trx('work_chunks').where({ job: input.job, chunk_no: row.chunk_no }).update({ result: JSON.stringify(result), done_at: trx.fn.now() });
        return true;
      });
      if (!did) return;
      applied++;
      await analyzeIfGrown(db, MERGE_LEDGER_TABLES);
      beat(await chunkProgress(db, input.job));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.lanes ?? DEDUPE_APPLY_LANES) }, lane));
  return applied;
}

export async function finishDedupeJob(db: Knex, input: { job: string; entity: MatchEntity }, beat: Beat = () => undefined): Promise<MatchSummary> {
  const header = await readHeader<DedupeJobHeader>(db, input.job);
  if (!header) throw new Error(`dedupe job ${input.job} has no plan`);
  if (header.finished) return header.finished;
  // The survivors' profiles, written from their merged values (the plan left them out:
  // recordsToProfileBeforeMerges), and those of any merge refused meanwhile, so the next import
  // does not re-match them. The merges left hundreds of thousands of dead versions in the tables
  // they rewrote: vacuumed meanwhile, not by autovacuum during the next import's stage
  // (fresh-statistics.ts vacuumIfDue).
  const { refresh: refreshMs, vacuum: vacuumMs } = await refreshAndVacuum(db, input.entity, (n) => beat({ phase: 'refresh', n }));
  const { rows } = await db.raw<{ rows: { merges: string; absorbed: string; enqueued: string; apply_ms: string | null }[] }>(
    `SELECT coalesce(sum((c.result->>'merges')::int), 0) AS merges, coalesce(sum((c.result->>'absorbed')::int), 0) AS absorbed,
            coalesce(sum((c.result->>'enqueued')::int), 0) AS enqueued,
            round(extract(epoch FROM max(c.done_at) - (SELECT h.done_at FROM work_chunks h WHERE h.job = ? AND h.chunk_no = -1)) * 1000) AS apply_ms
       FROM work_chunks c WHERE c.job = ? AND c.chunk_no >= 0`,
    [input.job, input.job],
  );
  const r = rows[0]!;
  const finished: MatchSummary = {
    ...header.summary,
    merges: Number(r.merges), recordsAbsorbed: Number(r.absorbed), reviewQueued: Number(r.enqueued),
    ms: { ...header.summary.ms, apply: Number(r.apply_ms ?? 0), refresh: refreshMs, vacuum: vacuumMs },
  };
  await writeHeader(db, input.job, { entity: input.entity }, { ...header, finished });
  return finished;
}
