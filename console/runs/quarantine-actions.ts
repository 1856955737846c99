/**
 * Acting on a run's quarantine from the console: ignore rows (they stay, marked `ignored`, never
 * replayed), or replay them from a corrected file through `importSpreadsheet` with `replayOf`,
 * exactly as `crmhub rejects replay <run> --file` does. When the lead's replay/ignore functions
 * land on main, these two delegate to them (same statements).
 */
import type { Knex } from 'knex';
import type { ImportRequest } from '../../domain/imports/import-request';
import type { ConsoleTemporal } from '../temporal';
import type { ReceivedUpload } from '../imports/receive-upload';

export async function ignoreRejects(db: Knex, runId: number, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db('rejected_rows').where({ sync_run_id: runId, status: 'open' }).whereIn('id', ids.slice(0, 1000))
    .update({ status: 'ignored', resolved_at: db.fn.now() });
}

/** Starts the replay of a run's quarantined rows from an edited rejects CSV; returns its workflow id. */
export async function replayRejects(db: Knex, t: ConsoleTemporal, runId: number, upload: ReceivedUpload): Promise<string> {
  const run = await db('sync_runs').where({ id: runId }).first('id', 'mode', 'entity_type', 'source_system_code', 'mapping');
  if (!run || run.mode !== 'file' || !run.mapping) throw new Error(`run ${runId} is not a file import: its rows are replayed by the next sync`);
  const { sheet: _sheet, headerRow: _headerRow, ...mapping } = run.mapping as Record<string, unknown>;
  const request: ImportRequest = {
    file: upload.path,
    entity: run.entity_type === 'contact' ? 'contacts' : 'accounts',
    mapping,
    source: run.source_system_code,
    replayOf: runId,
    dryRun: false,
  };
  const workflowId = `replay-${runId}-${upload.sha256.slice(0, 16)}`;
  await t.client.workflow.start('importSpreadsheet', {
    taskQueue: t.taskQueue, workflowId, args: [request], workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `Replay of run ${runId}'s quarantined rows`,
  });
  return workflowId;
}
