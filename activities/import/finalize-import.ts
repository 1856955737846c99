/** Last step of an import: forward references, the run's status, and the report. */
import type { Knex } from 'knex';
import { ENTITY_TARGETS } from '../pipeline/targets';
import { dropSeenTable } from '../pipeline/seen-rows';
import { dropStageTablesOfRun } from '../pipeline/stage-tables';
import { loadRun, optionsOf, toReport, type ImportReport } from '../pipeline/sync-runs';

/** The run's scratch tables (every attempt's staging tables, its seen rows): gone once it ends. */
async function dropRunTables(db: Knex, runId: number): Promise<void> {
  await dropStageTablesOfRun(db, runId);
  await dropSeenTable(db, runId);
}

export async function finalizeImport(db: Knex, runId: number): Promise<ImportReport> {
  const run = await loadRun(db, runId);
  if (run.status === 'running') {
    if (!run.dry_run) {
      await ENTITY_TARGETS[optionsOf(run).entity].finalize(db, {
        sourceSystem: run.source_system_code, runId, fileName: run.file_name ?? '', sheet: run.sheet, dryRun: false,
      });
    }
    await dropRunTables(db, runId);
    // "partial": the run finished, but some rows wait in quarantine.
    await db('sync_runs').where({ id: runId, status: 'running' }).update({
      status: run.rows_rejected > 0 ? 'partial' : 'succeeded', finished_at: db.fn.now(), updated_at: db.fn.now(),
    });
  }
  return toReport(await loadRun(db, runId));
}

export async function failImport(db: Knex, runId: number, error: { message: string; type: string | null }): Promise<ImportReport> {
  await dropRunTables(db, runId);
  await db('sync_runs').where({ id: runId, status: 'running' }).update({
    status: 'failed', error: error.message.slice(0, 4000), error_type: error.type, finished_at: db.fn.now(), updated_at: db.fn.now(),
  });
  return toReport(await loadRun(db, runId));
}

/**
 * An import refused before its run was opened (an empty file, not a zip, a bad mapping): it
 * still gets a `failed` row in the ledger, so `crmhub runs` shows every attempt and its reason.
 */
export async function recordRefusedImport(
  db: Knex,
  input: { file?: unknown; entity?: unknown; source?: unknown; mapping?: unknown },
  execution: { workflowId: string; runId: string },
  error: { message: string; type: string | null },
): Promise<ImportReport | null> {
  const code = /^[a-z][a-z0-9_]{1,62}$/;
  const mappingSource = (input.mapping as { source?: unknown } | null)?.source;
  const source = [input.source, mappingSource].find((s): s is string => typeof s === 'string' && code.test(s)) ?? 'spreadsheet';
  const entity = input.entity === 'contacts' ? 'contact' : 'account';
  const file = typeof input.file === 'string' ? input.file.split(/[\\/]/).pop() ?? input.file : null;
  await db('source_systems').insert({ code: source, label: source, kind: 'spreadsheet', connector_code: 'spreadsheet' }).onConflict('code').ignore();
  const [row] = await db('sync_runs')
    .insert({
      source_system_code: source, entity_type: entity, mode: 'file', workflow_id: execution.workflowId, temporal_run_id: execution.runId,
      file_name: file, status: 'failed', error: error.message.slice(0, 4000), error_type: error.type, finished_at: db.fn.now(),
    })
    .onConflict(['workflow_id', 'temporal_run_id']).ignore()
    .returning('id');
  return row ? toReport(await loadRun(db, Number(row.id))) : null;
}
