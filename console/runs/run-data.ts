/**
 * A run's details for the Runs page and the wizard's dry-run step: the ledger row through the
 * CLI's own `loadRun`/`toReport`, quarantine and warnings grouped by reason and paged, and the
 * annotated downloads (streamed: a million-row run's rejects never sit in memory).
 */
import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { loadRun, toReport, type ImportReport } from '../../activities/pipeline/sync-runs';
import { csvCell } from '../../cli/csv-export';

/** cli/csv-export.ts's formula guard for text; a real number stays a number (-5 is not a formula). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : csvCell(v))).join(',')}\r\n`;
}

export const PER_PAGE = 50;

export interface RunRowExtra {
  id: number; mode: string; stream: string | null; entityType: string; status: string; dryRun: boolean; source: string; file: string | null;
  read: number; inserted: number; updated: number; unchanged: number; merged: number; rejected: number; skipped: number; settled: number; warnings: number;
  cursorFrom: unknown; cursorTo: unknown; startedAt: Date; finishedAt: Date | null; workflowId: string | null; temporalRunId: string | null;
}

const RUN_COLUMNS = `id, mode, stream, entity_type, status, dry_run, source_system_code, file_name, rows_read, rows_inserted, rows_updated, rows_unchanged,
  rows_merged, rows_rejected, rows_skipped, rows_settled, warnings, cursor_from, cursor_to, started_at, finished_at, workflow_id, temporal_run_id`;

function toRunRow(r: Record<string, unknown>): RunRowExtra {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    id: Number(r.id), mode: r.mode as string, stream: (r.stream as string | null) ?? null, entityType: r.entity_type as string, status: r.status as string,
    dryRun: !!r.dry_run, source: r.source_system_code as string, file: (r.file_name as string | null) ?? null,
    read: n('rows_read'), inserted: n('rows_inserted'), updated: n('rows_updated'), unchanged: n('rows_unchanged'), merged: n('rows_merged'),
    rejected: n('rows_rejected'), skipped: n('rows_skipped'), settled: n('rows_settled'), warnings: n('warnings'),
    cursorFrom: r.cursor_from ?? null, cursorTo: r.cursor_to ?? null, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null,
    workflowId: (r.workflow_id as string | null) ?? null, temporalRunId: (r.temporal_run_id as string | null) ?? null,
  };
}

/** Imports and syncs, newest first. `kind`: file imports, or syncs (every other mode). */
export async function listRuns(db: Knex, o: { page: number; kind?: 'imports' | 'syncs'; status?: string }): Promise<RunRowExtra[]> {
  const q = db('sync_runs').select(db.raw(RUN_COLUMNS)).orderBy('id', 'desc').limit(PER_PAGE + 1).offset((o.page - 1) * PER_PAGE);
  if (o.kind === 'imports') q.where('mode', 'file');
  if (o.kind === 'syncs') q.whereNot('mode', 'file');
  if (o.status) q.where('status', o.status);
  return (await q).map(toRunRow);
}

export async function runDetail(db: Knex, id: number): Promise<{ report: ImportReport; row: RunRowExtra } | null> {
  const row = await db('sync_runs').where({ id }).first(db.raw(RUN_COLUMNS));
  if (!row) return null;
  return { report: toReport(await loadRun(db, id)), row: toRunRow(row) };
}

export interface ReasonCount { reason: string; status: string; count: number }
export interface WarningCount { field: string; code: string; count: number }

export async function rejectReasons(db: Knex, runId: number): Promise<ReasonCount[]> {
  const rows = await db('rejected_rows').where({ sync_run_id: runId }).groupBy('reason', 'status').orderBy([{ column: 'count', order: 'desc' }, 'reason'])
    .select('reason', 'status', db.raw('count(*)::int AS count'));
  return rows as ReasonCount[];
}

export async function warningCodes(db: Knex, runId: number): Promise<WarningCount[]> {
  const rows = await db('row_warnings').where({ sync_run_id: runId }).groupBy('field', 'code').orderBy([{ column: 'count', order: 'desc' }, 'field'])
    .select('field', 'code', db.raw('count(*)::int AS count'));
  return rows as WarningCount[];
}

export interface RejectItem { id: number; row: number | null; sheet: string | null; reason: string; status: string; issues: { path?: string; message: string }[]; raw: [string, unknown][] }
export interface WarningItem { id: number; row: number | null; field: string; column: string | null; rawValue: string | null; code: string; message: string }

export async function rejectsPage(db: Knex, runId: number, o: { page: number; reason?: string; status?: string }): Promise<RejectItem[]> {
  const q = db('rejected_rows').where({ sync_run_id: runId }).orderBy([{ column: 'row_number', order: 'asc' }, { column: 'id', order: 'asc' }])
    .limit(PER_PAGE + 1).offset((o.page - 1) * PER_PAGE).select('id', 'row_number', 'sheet', 'reason', 'status', 'issues', 'raw');
  if (o.reason) q.where('reason', o.reason);
  if (o.status) q.where('status', o.status);
  return (await q).map((r) => ({ id: Number(r.id), row: r.row_number, sheet: r.sheet, reason: r.reason, status: r.status, issues: r.issues ?? [], raw: r.raw ?? [] }));
}

export async function warningsPage(db: Knex, runId: number, o: { page: number; field?: string }): Promise<WarningItem[]> {
  const q = db('row_warnings').where({ sync_run_id: runId }).orderBy([{ column: 'row_number', order: 'asc' }, { column: 'id', order: 'asc' }])
    .limit(PER_PAGE + 1).offset((o.page - 1) * PER_PAGE).select('id', 'row_number', 'field', 'column', 'raw_value', 'code', 'message');
  if (o.field) q.where('field', o.field);
  return (await q).map((r) => ({ id: Number(r.id), row: r.row_number, field: r.field, column: r.column, rawValue: r.raw_value, code: r.code, message: r.message }));
}

/**
 * The quarantined rows as CSV, in the replay format (`crmhub_row`, `crmhub_reason`,
 * `crmhub_issues`, then the file's own headers): fix them in a spreadsheet, replay the file.
 * Cells a spreadsheet would run as a formula get an apostrophe (cli/csv-export.ts).
 */
export async function rejectsCsv(db: Knex, runId: number): Promise<Readable> {
  const { rows } = await db.raw(
    `SELECT e.v->>0 AS h FROM rejected_rows r, jsonb_array_elements(r.raw) WITH ORDINALITY AS e(v, ord)
      WHERE r.sync_run_id = ? GROUP BY e.v->>0 ORDER BY min(e.ord), min(r.id)`,
    [runId],
  );
  const headers = (rows as { h: string }[]).map((r) => r.h);
  async function* lines() {
    yield csvLine(['crmhub_row', 'crmhub_reason', 'crmhub_issues', ...headers]);
    for await (const r of pages<{ row_number: number | null; reason: string; issues: { path?: string; message: string }[]; raw: [string, unknown][] }>(db, 'rejected_rows', runId, ['row_number', 'reason', 'issues', 'raw'])) {
      const byHeader = new Map(r.raw);
      yield csvLine([r.row_number, r.reason, r.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join(' | '), ...headers.map((h) => byHeader.get(h))]);
    }
  }
  return Readable.from(lines());
}

/** Values dropped from rows that loaded: row, field, column, the raw value and why. */
export async function warningsCsv(db: Knex, runId: number): Promise<Readable> {
  async function* lines() {
    yield csvLine(['row', 'field', 'column', 'raw_value', 'code', 'message']);
    for await (const r of pages<Record<string, unknown>>(db, 'row_warnings', runId, ['row_number', 'field', 'column', 'raw_value', 'code', 'message'])) {
      yield csvLine([r.row_number, r.field, r.column, r.raw_value, r.code, r.message]);
    }
  }
  return Readable.from(lines());
}

/** A run's rows in (row, id) order, 2,000 at a time by keyset: memory stays flat at any size. */
async function* pages<T>(db: Knex, table: 'rejected_rows' | 'row_warnings', runId: number, columns: string[]): AsyncGenerator<T> {
  let after: { row: number; id: number } | null = null;
  for (;;) {
    const q = db(table).where({ sync_run_id: runId }).orderByRaw('coalesce(row_number, 0), id').limit(2000)
      .select('id', db.raw('coalesce(row_number, 0) AS row_key'), ...columns);
    if (after) q.whereRaw('(coalesce(row_number, 0), id) > (?, ?)', [after.row, after.id]);
    const rows = await q;
    for (const r of rows) yield r as T;
    if (rows.length < 2000) return;
    const last = rows[rows.length - 1];
    after = { row: Number(last.row_key), id: Number(last.id) };
  }
}
