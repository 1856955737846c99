/**
 * `crmhub rejects <run-id> [--warnings] [--csv] [--json] [--all]`: the rows a run quarantined (or,
 * with --warnings, the values it dropped from rows that loaded), with why and where.
 * `crmhub rejects replay <run-id> --file fixed.csv`: re-imports the rows a person fixed.
 * `crmhub rejects ignore <run-id> [--row n]`: marks rows as not worth fixing.
 *
 * The CSV starts with crmhub's own columns (`crmhub_row`, `crmhub_reason` …, named so they never
 * collide with an export's headers) followed by the original headers: it is what a person edits
 * in a spreadsheet and hands back to `replay`.
 */
import type { Knex } from 'knex';
import { REPLAY_ROW_COLUMN } from '../../activities/import/replay-columns';
import { withDatabase } from '../database';
import { csvLine } from '../csv-export';
import { printJson, printLine } from '../output';
import { UserError } from '../user-error';

interface RejectRow {
  id: string; row_number: number | null; sheet: string | null; file_name: string | null; reason: string; status: string;
  issues: { path: string; code: string; message: string }[]; raw: [string, unknown][]; replayed_in_run_id: string | null;
}
interface WarningRow { row_number: number | null; field: string; column: string | null; raw_value: string | null; code: string; message: string; place: { file?: string; sheet?: string | null } }

export function runIdOf(text: string): number {
  const runId = Number(text);
  if (!Number.isInteger(runId) || runId <= 0) throw new UserError(`a run id is a positive number (see \`crmhub runs\`), got "${text}"`);
  return runId;
}

export async function rejectsCommand(runIdText: string, o: { csv?: boolean; json?: boolean; warnings?: boolean; all?: boolean }): Promise<number> {
  const runId = runIdOf(runIdText);
  return withDatabase(async (db) => {
    const run = await db('sync_runs').where({ id: runId }).first('id');
    if (!run) throw new UserError(`no run ${runId}: see \`crmhub runs\``);
    if (o.warnings) printWarnings(runId, await fetchWarnings(db, runId), o);
    else printRejects(runId, await fetchRejects(db, runId, !!o.all), o);
    return 0;
  });
}

function printRejects(runId: number, rows: RejectRow[], o: { csv?: boolean; json?: boolean; all?: boolean }): void {
  const fields = (r: RejectRow) => [...new Set(r.issues.map((i) => i.path).filter(Boolean))].join(' ');
  const issues = (r: RejectRow) => r.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join(' | ');
  if (o.json) {
    printJson({ runId, rejected: rows.map((r) => ({ row: r.row_number, sheet: r.sheet, file: r.file_name, reason: r.reason, status: r.status, field: fields(r) || null, issues: r.issues, raw: r.raw })) });
  } else if (o.csv) {
    const headers = [...new Set(rows.flatMap((r) => r.raw.map(([h]) => h)))];
    process.stdout.write(csvLine(['crmhub_file', 'crmhub_sheet', REPLAY_ROW_COLUMN, 'crmhub_reason', 'crmhub_field', 'crmhub_issues', ...headers]));
    for (const r of rows) {
      const byHeader = new Map(r.raw);
      process.stdout.write(csvLine([r.file_name, r.sheet, r.row_number, r.reason, fields(r), issues(r), ...headers.map((h) => byHeader.get(h))]));
    }
  } else if (rows.length === 0) {
    printLine(`Run ${runId} has no ${o.all ? '' : 'open '}rejected rows.`);
  } else {
    for (const r of rows) {
      const status = r.status === 'open' ? '' : ` [${r.status}${r.replayed_in_run_id ? ` in run ${r.replayed_in_run_id}` : ''}]`;
      printLine(`${r.file_name ?? ''}${r.sheet ? ` [${r.sheet}]` : ''} row ${r.row_number}: ${r.reason}${status}`);
      for (const i of r.issues) printLine(`    ${i.path ? `${i.path}: ` : ''}${i.message}`);
    }
    const open = rows.filter((r) => r.status === 'open').length;
    printLine(`\n${rows.length} row(s)${open ? `. Fix them: crmhub rejects ${runId} --csv > fix.csv, edit, then crmhub rejects replay ${runId} --file fix.csv` : ''}`);
  }
}

function printWarnings(runId: number, rows: WarningRow[], o: { csv?: boolean; json?: boolean }): void {
  if (o.json) {
    printJson({ runId, warnings: rows.map((w) => ({ row: w.row_number, field: w.field, column: w.column, value: w.raw_value, code: w.code, message: w.message })) });
  } else if (o.csv) {
    process.stdout.write(csvLine(['crmhub_file', 'crmhub_sheet', REPLAY_ROW_COLUMN, 'crmhub_field', 'crmhub_column', 'crmhub_value', 'crmhub_code', 'crmhub_message']));
    for (const w of rows) process.stdout.write(csvLine([w.place.file, w.place.sheet, w.row_number, w.field, w.column, w.raw_value, w.code, w.message]));
  } else if (rows.length === 0) {
    printLine(`Run ${runId} dropped no values.`);
  } else {
    for (const w of rows) printLine(`row ${w.row_number} ${w.column ?? w.field} = ${JSON.stringify(w.raw_value)}: ${w.message}`);
    printLine(`\n${rows.length} value(s) dropped; their rows loaded without them.`);
  }
}

async function fetchRejects(db: Knex, runId: number, all: boolean): Promise<RejectRow[]> {
  const q = db('rejected_rows').where({ sync_run_id: runId });
  if (!all) q.andWhere({ status: 'open' });
  return q.orderBy([{ column: 'row_number', order: 'asc' }, { column: 'id', order: 'asc' }])
    .select('id', 'row_number', 'sheet', 'file_name', 'reason', 'status', 'issues', 'raw', 'replayed_in_run_id');
}

async function fetchWarnings(db: Knex, runId: number): Promise<WarningRow[]> {
  return db('row_warnings').where({ sync_run_id: runId }).orderBy([{ column: 'row_number', order: 'asc' }, { column: 'id', order: 'asc' }])
    .select('row_number', 'field', 'column', 'raw_value', 'code', 'message', 'place');
}

/** `crmhub rejects ignore <run> [--row n]`: open rows become `ignored` (with --row, that row only). */
export async function rejectsIgnoreCommand(runIdText: string, o: { row?: string; json?: boolean }): Promise<number> {
  const runId = runIdOf(runIdText);
  const row = o.row === undefined ? null : runIdOf(o.row);
  return withDatabase(async (db) => {
    const q = db('rejected_rows').where({ sync_run_id: runId, status: 'open' });
    if (row !== null) q.andWhere({ row_number: row });
    const n = await q.update({ status: 'ignored', resolved_at: db.fn.now() });
    if (row !== null && n === 0) throw new UserError(`run ${runId} has no open rejected row ${row}: see \`crmhub rejects ${runId} --all\``);
    if (o.json) printJson({ runId, ignored: n });
    else printLine(`${n} row(s) of run ${runId} marked ignored.`);
    return 0;
  });
}
