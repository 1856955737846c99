/**
 * The run ledger (`sync_runs`): created once per workflow run (idempotent under activity retries),
 * advanced per batch in the batch's own transaction, closed with a status and the report.
 */
import type { Knex } from 'knex';
import { z } from 'zod';

export const ImportOptions = z.strictObject({
  filePath: z.string(),
  entity: z.enum(['accounts', 'contacts']),
  locale: z.string(),
  defaultCountry: z.string().length(2),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.union([z.string(), z.number()]).nullable(),
  headerRow: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  dryRun: z.boolean(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export interface BatchCounts { read: number; inserted: number; updated: number; unchanged: number; rejected: number; merged: number }
export const ZERO_COUNTS: BatchCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, merged: 0 };

export interface RunRow {
  id: number;
  source_system_code: string;
  entity_type: 'account' | 'contact';
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

export function optionsOf(run: RunRow): ImportOptions {
  if (!run.options) throw new Error(`sync run ${run.id} has no import options (it was refused before it opened)`);
  return run.options;
}

export async function addBatch(trx: Knex | Knex.Transaction, runId: number, c: BatchCounts, checkpointRow: number | null): Promise<void> {
  await trx('sync_runs').where({ id: runId }).update({
    rows_read: trx.raw('rows_read + ?', [c.read]),
    rows_inserted: trx.raw('rows_inserted + ?', [c.inserted]),
    rows_updated: trx.raw('rows_updated + ?', [c.updated]),
    rows_unchanged: trx.raw('rows_unchanged + ?', [c.unchanged]),
    rows_rejected: trx.raw('rows_rejected + ?', [c.rejected]),
    rows_merged: trx.raw('rows_merged + ?', [c.merged]),
    ...(checkpointRow === null ? {} : { checkpoint_row: checkpointRow }),
    updated_at: trx.fn.now(),
  });
}

export interface ImportReport {
  runId: number;
  status: string;
  dryRun: boolean;
  sourceSystem: string;
  entity: 'accounts' | 'contacts';
  file: string | null;
  fileSha256: string | null;
  sheet: string | null;
  workflowId: string | null;
  counts: BatchCounts;
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
    entity: r.entity_type === 'account' ? 'accounts' : 'contacts',
    file: r.file_name,
    fileSha256: r.file_sha256,
    sheet: r.sheet,
    workflowId: r.workflow_id,
    counts: {
      read: r.rows_read, inserted: r.rows_inserted, updated: r.rows_updated,
      unchanged: r.rows_unchanged, rejected: r.rows_rejected, merged: r.rows_merged,
    },
    match: r.match_summary ?? null,
    error: r.error,
    errorType: r.error_type,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}
