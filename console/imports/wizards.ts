/**
 * The console side of the import wizard: an upload becomes an `importWizard` workflow; each step a
 * person takes is an Update on it (workflows/import-wizard.ts), whose refusals come back as
 * messages to show. Reads go to the ledger (`sync_runs`, `rejected_rows`, `row_warnings`) through the
 * same functions as `crmhub runs` / `crmhub rejects`.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { loadRun, toReport, type ImportReport } from '../../activities/pipeline/sync-runs';
import type { Inspection } from '../../activities/wizard/inspect-upload';
import {
  IMPORT_WIZARD, WIZARD_STATE_QUERY, WIZARD_UPDATES, type ConfigureInput, type ImportWizardInput, type WizardState,
} from '../../workflows/import-wizard-contract';
import type { ConsoleTemporal } from '../temporal';
import type { ReceivedUpload } from './receive-upload';

export interface UploadRow {
  id: string; original_name: string; stored_path: string; file_sha256: string; file_size: string; format: string;
  entity: 'accounts' | 'contacts'; source_system_code: string; workflow_id: string; inspection: Inspection | null;
  uploaded_by: string | null; uploaded_by_email?: string | null; created_at: Date;
}

export async function startWizard(db: Knex, t: ConsoleTemporal, u: ReceivedUpload, o: { entity: 'accounts' | 'contacts'; source: string; userId: number; email: string }): Promise<string> {
  const workflowId = `wizard-${u.id}`;
  await db('console_uploads').insert({
    id: u.id, original_name: u.originalName, stored_path: u.path, file_sha256: u.sha256, file_size: u.size, format: u.format,
    entity: o.entity, source_system_code: o.source, workflow_id: workflowId, uploaded_by: o.userId,
  });
  const input: ImportWizardInput = { uploadId: u.id, file: u.path, fileSha256: u.sha256, entity: o.entity, source: o.source, by: o.email };
  await t.client.workflow.start(IMPORT_WIZARD, {
    taskQueue: t.taskQueue, workflowId, args: [input],
    staticSummary: `Import wizard: ${u.originalName.slice(0, 80)} (${o.entity}) · ${o.email}`,
  });
  return u.id;
}

export async function loadUpload(db: Knex, id: string): Promise<UploadRow | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const row = await db('console_uploads as u').leftJoin('console_users as c', 'c.id', 'u.uploaded_by').where('u.id', id).first('u.*', 'c.email as uploaded_by_email');
  return row ?? null;
}

export async function wizardState(t: ConsoleTemporal, workflowId: string): Promise<WizardState> {
  return t.client.workflow.getHandle(workflowId).query<WizardState>(WIZARD_STATE_QUERY);
}

/** An Update's refusal (validator or handler) as the one line a person reads. */
export class StepRefused extends Error {}

async function update<R>(t: ConsoleTemporal, workflowId: string, name: string, arg: unknown): Promise<R> {
  try {
    return await t.client.workflow.getHandle(workflowId).executeUpdate<R, [unknown]>(name, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new StepRefused(rootMessage(err));
    throw err;
  }
}

export function rootMessage(err: unknown): string {
  let e = err as { cause?: unknown; message?: string };
  while (e.cause) e = e.cause as typeof e;
  return e.message ?? String(err);
}

export const configure = (t: ConsoleTemporal, wf: string, c: ConfigureInput) => update(t, wf, WIZARD_UPDATES.configure, c);
export const startDryRun = (t: ConsoleTemporal, wf: string, planHash: string) => update<{ workflowId: string }>(t, wf, WIZARD_UPDATES.startDryRun, { planHash });
export const approve = (t: ConsoleTemporal, wf: string, planHash: string, by: string) => update<{ workflowId: string }>(t, wf, WIZARD_UPDATES.approve, { planHash, by });

export interface RunProgress { report: ImportReport; checkpoint: number; estimated: number | null }

/** The ledger row a child import wrote (null until its prepare step opened it). */
export async function runOfWorkflow(db: Knex, workflowId: string): Promise<RunProgress | null> {
  const row = await db('sync_runs').where({ workflow_id: workflowId }).orderBy('id', 'desc').first('id', 'checkpoint_row', 'rows_estimated');
  if (!row) return null;
  return { report: toReport(await loadRun(db, Number(row.id))), checkpoint: row.checkpoint_row, estimated: row.rows_estimated };
}

export interface ImportListItem {
  id: string; name: string; entity: string; source: string; by: string | null; createdAt: Date; size: number;
  dryRunStatus: string | null; importStatus: string | null; importRunId: number | null; read: number | null;
}

/** Uploads, newest first, with the last dry run and the import their wizard ran. */
export async function listImports(db: Knex, o: { page: number; perPage: number }): Promise<ImportListItem[]> {
  const { rows } = await db.raw(
    `SELECT u.id, u.original_name, u.entity, u.source_system_code, c.email, u.created_at, u.file_size,
            d.status AS dry_status, i.status AS import_status, i.id AS import_run, i.rows_read
       FROM console_uploads u
       LEFT JOIN console_users c ON c.id = u.uploaded_by
       LEFT JOIN LATERAL (SELECT status FROM sync_runs WHERE workflow_id LIKE u.workflow_id || '-dry-%' ORDER BY id DESC LIMIT 1) d ON true
       LEFT JOIN LATERAL (SELECT id, status, rows_read FROM sync_runs WHERE workflow_id = u.workflow_id || '-import' ORDER BY id DESC LIMIT 1) i ON true
      ORDER BY u.created_at DESC, u.id LIMIT ? OFFSET ?`,
    [o.perPage + 1, (o.page - 1) * o.perPage],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as string, name: r.original_name as string, entity: r.entity as string, source: r.source_system_code as string, by: (r.email as string | null) ?? null,
    createdAt: r.created_at as Date, size: Number(r.file_size), dryRunStatus: (r.dry_status as string | null) ?? null, importStatus: (r.import_status as string | null) ?? null,
    importRunId: r.import_run === null ? null : Number(r.import_run), read: r.rows_read === null ? null : Number(r.rows_read),
  }));
}
