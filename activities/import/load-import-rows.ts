/**
 * The long part of an import: stream the file through the shared load loop (pipeline/load-loop.ts),
 * in batches that each commit with the run's checkpoint (the last row number). A retry after a
 * crash reads the checkpoint and skips the rows already committed — only on the very file the
 * run started on.
 */
import { stat } from 'node:fs/promises';
import type { Knex } from 'knex';
import { openSpreadsheet } from '../../connectors/spreadsheet';
import { compileMapping, parseMapping } from '../../domain/mapping';
import { BadInputError } from '../errors';
import { findKnownRows, hasKnownRows, skipsKnownRows } from '../pipeline/known-rows';
import { runLoadLoop, type LoadLoopOptions, type LoadProgress } from '../pipeline/load-loop';
import { loadLookupTables, loadRowContext } from '../pipeline/row-context-loader';
import type { FieldOrigin } from '../pipeline/source-row';
import { LookupIndex } from '../../domain/canonical/lookup-index';
import type { RowContext } from '../../domain/canonical/row-context';
import { getLocaleProfile } from '../../domain/normalize';
import { startRowWorker } from './worker-rows';
import { dropSeenTable } from '../pipeline/seen-rows';
import { countsOf, loadRun, optionsOf, type BatchCounts, type ImportOptions } from '../pipeline/sync-runs';
import { ENTITY_TARGETS } from '../pipeline/targets';
import { sha256File } from './file-digest';
import { replayColumns } from './replay-columns';
import { spreadsheetRows } from './spreadsheet-rows';

export type { LoadProgress } from '../pipeline/load-loop';

export interface LoadDeps {
  db: Knex;
  /** Temporal heartbeat in an activity; a no-op elsewhere. */
  heartbeat?: (p: LoadProgress) => void;
  /** Throws when the activity was cancelled. */
  throwIfCancelled?: () => void;
  /** The activity's attempt number (staging tables are per attempt). */
  attempt?: number;
  /** Filled with milliseconds per phase (benchmarks): copy, merge, waits, total. */
  timings?: Record<string, number>;
  /**
   * Read the rows in a worker thread: this process's policy (undefined: files ≥ 8 MiB;
   * 'reimports': files ≥ 8 MiB whose rows the identity map may know). The user's
   * CRMHUB_ROW_WORKER=0|1 overrides it; a replay never does.
   */
  rowWorker?: RowWorkerPolicy;
  /** The file size from which the policy reads rows in the thread (tests; ROW_WORKER_MIN_BYTES). */
  rowWorkerMinBytes?: number;
}

export type RowWorkerPolicy = boolean | 'reimports';

export async function loadImportRows(deps: LoadDeps, runId: number): Promise<BatchCounts> {
  const { db } = deps;
  const timings = deps.timings ?? {};
  const t0 = performance.now();
  const run = await loadRun(db, runId);
  if (run.status !== 'running') return countsOf(run);
  const o = optionsOf(run);
  const target = ENTITY_TARGETS[o.entity];
  const dryRun = run.dry_run;
  if (dryRun) await resetDryRun(db, runId); // a dry run restarts from the top: nothing of it was kept
  if (!dryRun && run.checkpoint_row > 0 && run.file_sha256 && (await sha256File(o.filePath)) !== run.file_sha256) {
    // Resuming by row number is only sound on the very file the first rows came from.
    throw new BadInputError(`${o.filePath} changed since run ${runId} started (sha256 differs): start a new import instead of resuming`);
  }

  const mapping = parseMapping(run.mapping, `run ${runId} mapping`);
  const fileName = run.file_name ?? o.filePath;
  const checkpointRow = dryRun ? 0 : run.checkpoint_row;
  const scope = { sourceSystem: run.source_system_code, entityType: target.entityType, runId };
  // Whether the identity map may know rows of this file (a re-import of the source): asked once,
  // for the row thread's policy, the thread and the load loop.
  const probe = skipsKnownRows(target, dryRun) && (await hasKnownRows(db, scope));
  const loop = {
    db, runId, target, strict: mapping.strict ?? [], dryRun, attempt: deps.attempt ?? 1, checkpointRow, committed: countsOf(run),
    batchSize: o.batchSize, heartbeat: deps.heartbeat, throwIfCancelled: deps.throwIfCancelled, timings, knownRows: probe,
  };
  const openOptions = { encoding: o.encoding ?? undefined, delimiter: o.delimiter ?? undefined, sheet: o.sheet ?? undefined, headerRow: o.headerRow };
  let completed = false;
  try {
    let total: BatchCounts;
    if (await useRowWorker(deps, o, probe)) {
      // The rows are read, validated and encoded in a worker thread (row-worker.ts); this thread
      // COPYs and merges them.
      const lookups = await loadLookupTables(db);
      const tw = performance.now();
      // Starting the thread takes a few seconds on a busy machine: keep heartbeating the
      // committed progress meanwhile, so a short heartbeat timeout does not retry a live load.
      const beat = () => deps.heartbeat?.({ checkpointRow, counts: countsOf(run) });
      const ticker = deps.heartbeat ? setInterval(beat, 1000) : null;
      let rows;
      try {
        rows = await startRowWorker({
          filePath: o.filePath, open: openOptions, mapping: run.mapping, entity: o.entity, locale: o.locale,
          defaultCountry: o.defaultCountry, lookups, fileName, strict: [...(mapping.strict ?? [])], afterRow: checkpointRow, batchSize: o.batchSize, dryRun, sourceSystem: run.source_system_code, probe,
        }, (keys) => findKnownRows(db, scope, keys));
      } finally {
        if (ticker) clearInterval(ticker);
      }
      timings.worker_start = performance.now() - tw;
      try {
        const stage = { sourceSystem: run.source_system_code, runId, fileName, sheet: rows.sheet, dryRun };
        const rc: RowContext = { profile: getLocaleProfile(o.locale), defaultCountry: o.defaultCountry, lookups: new LookupIndex(lookups), date1904: false };
        total = await runLoadLoop({ ...loop, rc, origin: NO_ORIGIN, stage, quarantine: { ...stage, entityType: target.entityType } }, rows.batches);
      } finally {
        await rows.close();
      }
    } else {
      total = await loadInThread(o, { ...loop, mapping, fileName, openOptions, run });
    }
    timings.total = performance.now() - t0;
    await db('sync_runs').where({ id: runId }).update({ phase_ms: JSON.stringify(roundAll(timings)) });
    completed = true;
    return total;
  } finally {
    // The run's memory of unchanged rows outlives a failed attempt: its retry resumes with it.
    if (completed || dryRun) await dropSeenTable(db, runId).catch(() => undefined);
  }
}

/**
 * Rows are read in a worker thread for files from ROW_WORKER_MIN_BYTES on: starting the thread
 * costs ~2 CPU-s (it loads the normalizers, zod and the reader again), and it pays only when a
 * core is free while PostgreSQL merges (docs/performance-log.md: +42–52% at load average 6–9, slower
 * on a saturated machine). Replays read their rows here (each row carries its origin).
 * `CRMHUB_ROW_WORKER=0|1` forces either way.
 *
 * The 'reimports' policy (a command's own worker) keeps a first import's rows on this thread,
 * where PostgreSQL's merges bound the load, and reads a re-import's in the thread: there most rows
 * are known, the reading is what bounds the load, and this thread is left to probe and merge.
 */
export const ROW_WORKER_MIN_BYTES = 8 * 1024 * 1024;

async function useRowWorker(deps: LoadDeps, o: ImportOptions, reimport: boolean): Promise<boolean> {
  if (o.replayOf) return false;
  const env = process.env.CRMHUB_ROW_WORKER;
  if (env === '0' || env === '1') return env === '1';
  if (deps.rowWorker === true || deps.rowWorker === false) return deps.rowWorker;
  if (deps.rowWorker === 'reimports' && !reimport) return false;
  const info = await stat(o.filePath).catch(() => null);
  return (info?.size ?? 0) >= (deps.rowWorkerMinBytes ?? ROW_WORKER_MIN_BYTES);
}

/** Prepared batches bring their warnings with columns and raw values already filled. */
const NO_ORIGIN: FieldOrigin = { column: () => null, rawValue: () => null };

type LoopBase = Omit<LoadLoopOptions, 'rc' | 'origin' | 'stage' | 'quarantine'>;

/** The rows read on this thread: replays, and when the row worker is off. */
async function loadInThread(
  o: ImportOptions,
  l: LoopBase & { mapping: ReturnType<typeof parseMapping>; fileName: string; openOptions: Parameters<typeof openSpreadsheet>[1]; run: Awaited<ReturnType<typeof loadRun>> },
): Promise<BatchCounts> {
  const { mapping, fileName, openOptions, run, ...loop } = l;
  const source = await openSpreadsheet(o.filePath, openOptions);
  try {
    const replay = o.replayOf ? replayColumns(source.headers, o.replayOf) : null;
    const plan = compileMapping(replay ? replay.mapping(mapping) : mapping, source.headers);
    const rc = await loadRowContext(loop.db, { locale: o.locale, defaultCountry: o.defaultCountry, date1904: source.date1904 });
    const reader = spreadsheetRows({ source, plan, fileName, profile: rc.profile, replay });
    const stage = { sourceSystem: run.source_system_code, runId: loop.runId, fileName, sheet: source.sheet, dryRun: loop.dryRun };
    // A replay: each line says which quarantined row of the run it fixes.
    const replayOf = o.replayOf?.runId;
    const rows = replay && replayOf
      ? (async function* () {
        for await (const batch of reader.batches(loop.checkpointRow)) {
          for (const row of batch) {
            const origin = replay.originOf(row);
            if (origin !== null) row.replays = { runId: replayOf, row: origin, retry: false };
          }
          yield batch;
        }
      })()
      : reader.batches(loop.checkpointRow);
    return await runLoadLoop({ ...loop, rc, origin: reader.origin, stage, quarantine: { ...stage, entityType: loop.target.entityType } }, rows);
  } finally {
    await source.close().catch(() => undefined);
  }
}

function roundAll(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]));
}

async function resetDryRun(db: Knex, runId: number): Promise<void> {
  await db('rejected_rows').where({ sync_run_id: runId }).delete();
  await db('row_warnings').where({ sync_run_id: runId }).delete();
  await db('sync_runs').where({ id: runId }).update({
    rows_read: 0, rows_inserted: 0, rows_updated: 0, rows_unchanged: 0, rows_rejected: 0, rows_merged: 0, rows_skipped: 0,
    warnings: 0, rows_warned: 0, checkpoint_row: 0,
  });
}
