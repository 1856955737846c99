/**
 * The long part of an import: stream the file through the shared load loop (pipeline/load-loop.ts),
 * in batches that each commit with the run's checkpoint (the last row number). A retry after a
 * crash reads the checkpoint and skips the rows already committed — only on the very file the
 * run started on.
 */
import type { Knex } from 'knex';
import { openSpreadsheet } from '../../connectors/spreadsheet';
import { compileMapping, parseMapping } from '../../domain/mapping';
import { BadInputError } from '../errors';
import { runLoadLoop, type LoadProgress } from '../pipeline/load-loop';
import { loadRowContext } from '../pipeline/row-context-loader';
import { dropSeenTable } from '../pipeline/seen-rows';
import { countsOf, loadRun, optionsOf, type BatchCounts } from '../pipeline/sync-runs';
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
}

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

  const source = await openSpreadsheet(o.filePath, {
    encoding: o.encoding ?? undefined,
    delimiter: o.delimiter ?? undefined,
    sheet: o.sheet ?? undefined,
    headerRow: o.headerRow,
  });
  let completed = false;
  try {
    const mapping = parseMapping(run.mapping, `run ${runId} mapping`);
    const replay = o.replayOf ? replayColumns(source.headers, o.replayOf) : null;
    const plan = compileMapping(replay ? replay.mapping(mapping) : mapping, source.headers);
    const rc = await loadRowContext(db, { locale: o.locale, defaultCountry: o.defaultCountry, date1904: source.date1904 });
    const fileName = run.file_name ?? o.filePath;
    const reader = spreadsheetRows({ source, plan, fileName, profile: rc.profile, replay });
    const stage = { sourceSystem: run.source_system_code, runId, fileName, sheet: source.sheet, dryRun };
    const checkpointRow = dryRun ? 0 : run.checkpoint_row;
    // A replay: each line says which quarantined row of the run it fixes.
    const replayOf = o.replayOf?.runId;
    const rows = replay && replayOf
      ? (async function* () {
        for await (const row of reader.rows(checkpointRow)) {
          const origin = replay.originOf(row);
          if (origin !== null) row.replays = { runId: replayOf, row: origin, retry: false };
          yield row;
        }
      })()
      : reader.rows(checkpointRow);
    const total = await runLoadLoop({
      db, runId, target, rc, origin: reader.origin, strict: mapping.strict ?? [], dryRun, attempt: deps.attempt ?? 1,
      stage, quarantine: { ...stage, entityType: target.entityType }, checkpointRow, committed: countsOf(run), batchSize: o.batchSize,
      heartbeat: deps.heartbeat, throwIfCancelled: deps.throwIfCancelled, timings,
    }, rows);
    timings.total = performance.now() - t0;
    await db('sync_runs').where({ id: runId }).update({ phase_ms: JSON.stringify(roundAll(timings)) });
    completed = true;
    return total;
  } finally {
    await source.close().catch(() => undefined);
    // The run's memory of unchanged rows outlives a failed attempt: its retry resumes with it.
    if (completed || dryRun) await dropSeenTable(db, runId).catch(() => undefined);
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
