/** `crmhub rejects <run-id> [--csv] [--json]`: the quarantined rows of a run, with why and where. */
import type { Knex } from 'knex';
import { withDatabase } from '../database';
import { csvLine } from '../csv-export';
import { printJson, printLine } from '../output';
import { UserError } from '../user-error';

interface RejectRow { id: string; row_number: number | null; sheet: string | null; file_name: string | null; reason: string; status: string; issues: { path: string; message: string }[]; raw: [string, unknown][] }

export async function rejectsCommand(runIdText: string, o: { csv?: boolean; json?: boolean }): Promise<number> {
  const runId = Number(runIdText);
  if (!Number.isInteger(runId) || runId <= 0) throw new UserError(`a run id is a positive number (see \`crmhub runs\`), got "${runIdText}"`);
  return withDatabase(async (db) => {
    const run = await db('sync_runs').where({ id: runId }).first('id', 'rows_rejected');
    if (!run) throw new UserError(`no run ${runId}: see \`crmhub runs\``);
    const rows = await fetchRejects(db, runId);
    if (o.json) {
      printJson({ runId, rejected: rows.map((r) => ({ row: r.row_number, sheet: r.sheet, file: r.file_name, reason: r.reason, status: r.status, issues: r.issues, raw: r.raw })) });
    } else if (o.csv) {
      const headers = [...new Set(rows.flatMap((r) => r.raw.map(([h]) => h)))];
      process.stdout.write(csvLine(['file', 'sheet', 'row', 'reason', 'issues', ...headers]));
      for (const r of rows) {
        const byHeader = new Map(r.raw);
        process.stdout.write(csvLine([r.file_name, r.sheet, r.row_number, r.reason, r.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join(' | '), ...headers.map((h) => byHeader.get(h))]));
      }
    } else if (rows.length === 0) {
      printLine(`Run ${runId} has no rejected rows.`);
    } else {
      for (const r of rows) {
        printLine(`${r.file_name ?? ''}${r.sheet ? ` [${r.sheet}]` : ''} row ${r.row_number}: ${r.reason}`);
        for (const i of r.issues) printLine(`    ${i.path ? `${i.path}: ` : ''}${i.message}`);
      }
      printLine(`\n${rows.length} rejected row(s). Export them with --csv to fix and re-import.`);
    }
    return 0;
  });
}

async function fetchRejects(db: Knex, runId: number): Promise<RejectRow[]> {
  return db('rejected_rows').where({ sync_run_id: runId }).orderBy([{ column: 'row_number', order: 'asc' }, { column: 'id', order: 'asc' }])
    .select('id', 'row_number', 'sheet', 'file_name', 'reason', 'status', 'issues', 'raw');
}
