/** Last step of an import: forward references, the run's status, and the report. */
import type { Knex } from 'knex';
import { IMPORT_TARGETS } from './targets';
import { loadRun, toReport, type ImportReport } from './sync-runs';

export async function finalizeImport(db: Knex, runId: number): Promise<ImportReport> {
  const run = await loadRun(db, runId);
  if (run.status === 'running') {
    if (!run.dry_run) {
      await IMPORT_TARGETS[run.options.entity].finalize(db, {
        sourceSystem: run.source_system_code, runId, fileName: run.file_name ?? '', sheet: run.sheet,
      });
    }
    // "partial": the run finished, but some rows wait in quarantine.
    await db('sync_runs').where({ id: runId, status: 'running' }).update({
      status: run.rows_rejected > 0 ? 'partial' : 'succeeded', finished_at: db.fn.now(), updated_at: db.fn.now(),
    });
  }
  return toReport(await loadRun(db, runId));
}

export async function failImport(db: Knex, runId: number, error: { message: string; type: string | null }): Promise<ImportReport> {
  await db('sync_runs').where({ id: runId, status: 'running' }).update({
    status: 'failed', error: error.message.slice(0, 4000), error_type: error.type, finished_at: db.fn.now(), updated_at: db.fn.now(),
  });
  return toReport(await loadRun(db, runId));
}
