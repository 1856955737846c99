/**
 * The run ledger (`sync_runs`): created once per workflow run (idempotent under activity retries),
 * advanced per batch in the batch's own transaction, closed with a status and the report.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { TARGET_ENTITIES, type TargetEntity } from '../../domain/canonical/fields';
import { entityNameOf } from './targets';

export const ImportOptions = z.strictObject({
  filePath: z.string(),
  entity: z.enum(TARGET_ENTITIES),
  locale: z.string(),
  defaultCountry: z.string().length(2),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.union([z.string(), z.number()]).nullable(),
  headerRow: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  dryRun: z.boolean(),
  /** Replaying another run's quarantined rows: that run, and the column holding each row's place in it. */
  replayOf: z.strictObject({ runId: z.number().int().positive(), rowColumn: z.string() }).nullable().default(null),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export interface BatchCounts { read: number; inserted: number; updated: number; unchanged: number; rejected: number; merged: number; skipped: number }
export const ZERO_COUNTS: BatchCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, merged: 0, skipped: 0 };

export interface RunRow {
  id: number;
  source_system_code: string;
  entity_type: string;
  status: string;
  dry_run: boolean;
  workflow_id: string | null;
  file_name: string | null;
  file_sha256: string | null;
  sheet: string | null;
  mapping: unknown;
  /** null for an import refused before its run opened (it never got reading options). */
  options: ImportOptions | null;
  checkpoint_row: number;
  rows_estimated: number | null;
  rows_read: number; rows_inserted: number; rows_updated: number; rows_unchanged: number; rows_rejected: number; rows_merged: number;
  rows_skipped: number; warnings: number; rows_warned: number;
  replay_of_run_id: number | null;
  error: string | null;
  error_type: string | null;
  /** What the match stage did (null: not run, dry run, or --no-match). */
  match_summary: unknown;
  started_at: Date;
  finished_at: Date | null;
}

export async function loadRun(db: Knex, runId: number): Promise<RunRow> {
  const row = await db('sync_runs').where({ id: runId }).first();
  if (!row) throw new Error(`sync run ${runId} does not exist`);
  const options = row.options && Object.keys(row.options).length > 0 ? ImportOptions.parse(row.options) : null;
  return { ...row, id: Number(row.id), options } as RunRow;
}

export function countsOf(r: RunRow): BatchCounts {
  return {
    read: r.rows_read, inserted: r.rows_inserted, updated: r.rows_updated, unchanged: r.rows_unchanged,
    rejected: r.rows_rejected, merged: r.rows_merged, skipped: r.rows_skipped,
  };
}

export function optionsOf(run: RunRow): ImportOptions {
  if (!run.options) throw new Error(`sync run ${run.id} has no import options (it was refused before it opened)`);
  return run.options;
}

/** A load attempt found the checkpoint moved under it: a newer attempt of the same run is at work. */
export class SupersededAttemptError extends Error {}

/**
 * Adds a batch's counts to the run and moves its checkpoint, compare-and-set: only from the
 * checkpoint this attempt started the batch at. An attempt that Temporal already retried (its
 * worker was slow, not dead) fails here instead of committing over its successor's work.
 */
/** A batch's checkpoint: rows up to `to` are committed; a page of a sync also commits its cursor. */
export interface CheckpointMove { from: number; to: number; cursor?: unknown; stream?: { sourceSystem: string; stream: string } }

export async function addBatch(
  trx: Knex | Knex.Transaction, runId: number, c: BatchCounts & { warnings: number; rowsWarned: number },
  checkpoint: CheckpointMove | null,
): Promise<void> {
  const q = trx('sync_runs').where({ id: runId });
  if (checkpoint) q.andWhere({ checkpoint_row: checkpoint.from });
  const n = await q.update({
    rows_read: trx.raw('rows_read + ?', [c.read]),
    rows_inserted: trx.raw('rows_inserted + ?', [c.inserted]),
    rows_updated: trx.raw('rows_updated + ?', [c.updated]),
    rows_unchanged: trx.raw('rows_unchanged + ?', [c.unchanged]),
    rows_rejected: trx.raw('rows_rejected + ?', [c.rejected]),
    rows_merged: trx.raw('rows_merged + ?', [c.merged]),
    rows_skipped: trx.raw('rows_skipped + ?', [c.skipped]),
    warnings: trx.raw('warnings + ?', [c.warnings]),
    rows_warned: trx.raw('rows_warned + ?', [c.rowsWarned]),
    ...(checkpoint ? { checkpoint_row: checkpoint.to } : {}),
    ...(checkpoint?.cursor !== undefined ? { cursor_to: JSON.stringify(checkpoint.cursor) } : {}),
    updated_at: trx.fn.now(),
  });
  if (checkpoint && n === 0) {
    throw new SupersededAttemptError(`run ${runId}: its checkpoint moved past row ${checkpoint.from} under this attempt (a newer attempt is loading it); this attempt stops`);
  }
  if (checkpoint?.stream && checkpoint.cursor !== undefined) {
    // The stream's cursor moves with the page that reached it: the next run starts from here.
    await trx('sync_cursors')
      .insert({ source_system_code: checkpoint.stream.sourceSystem, entity_type: checkpoint.stream.stream, cursor: JSON.stringify(checkpoint.cursor), last_run_id: runId, updated_at: trx.fn.now() })
      .onConflict(['source_system_code', 'entity_type']).merge(['cursor', 'last_run_id', 'updated_at']);
  }
}

export interface ImportReport {
  runId: number;
  status: string;
  dryRun: boolean;
  sourceSystem: string;
  entity: TargetEntity;
  file: string | null;
  fileSha256: string | null;
  sheet: string | null;
  workflowId: string | null;
  counts: BatchCounts;
  /** Values dropped from rows that still loaded: how many, and on how many rows (`crmhub rejects <run> --warnings`). */
  warnings: { total: number; rows: number };
  /** The run whose quarantined rows this run replays. */
  replayOf: number | null;
  /** The match stage's summary (see activities/match/match-summary.ts), when it ran. */
  match: unknown;
  error: string | null;
  errorType: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export function toReport(r: RunRow): ImportReport {
  return {
    runId: r.id,
    status: r.status,
    dryRun: r.dry_run,
    sourceSystem: r.source_system_code,
    entity: entityNameOf(r.entity_type),
    file: r.file_name,
    fileSha256: r.file_sha256,
    sheet: r.sheet,
    workflowId: r.workflow_id,
    counts: {
      read: r.rows_read, inserted: r.rows_inserted, updated: r.rows_updated,
      unchanged: r.rows_unchanged, rejected: r.rows_rejected, merged: r.rows_merged, skipped: r.rows_skipped,
    },
    warnings: { total: r.warnings, rows: r.rows_warned },
    replayOf: r.replay_of_run_id === null ? null : Number(r.replay_of_run_id),
    match: r.match_summary ?? null,
    error: r.error,
    errorType: r.error_type,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}
