/**
 * `crmhub rejects replay <run-id> --file fixed.csv [--dry-run] [--json]`: re-imports the rows a
 * person fixed in the CSV that `crmhub rejects <run> --csv` wrote, under the run's own mapping,
 * source, entity and locale. Rows that load become `replayed` in the original run (pointing at the
 * replay run); rows that still fail stay open there and are quarantined again in the replay run.
 * Both runs keep counts that add up on their own.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { withDatabase } from '../database';
import { printJson, printLine } from '../output';
import { formatReport } from '../report';
import { withTemporal } from '../temporal-session';
import { UserError } from '../user-error';
import { runImport } from './import-command';
import { runIdOf } from './rejects-command';

export async function rejectsReplayCommand(runIdText: string, o: { file: string; dryRun?: boolean; json?: boolean }): Promise<number> {
  const runId = runIdOf(runIdText);
  const file = resolve(o.file);
  if (!existsSync(file)) throw new UserError(`file not found: ${file}`);
  return withDatabase(async (db) => {
    const run = await db('sync_runs').where({ id: runId }).first();
    if (!run) throw new UserError(`no run ${runId}: see \`crmhub runs\``);
    if (!run.mapping || !run.options?.entity) throw new UserError(`run ${runId} was refused before it read a row: there is nothing of it to replay`);
    if (run.dry_run) throw new UserError(`run ${runId} is a dry run: import the file, then replay that run's rejects`);
    const open = Number((await db('rejected_rows').where({ sync_run_id: runId, status: 'open' }).count<{ n: string }[]>({ n: '*' }))[0]?.n ?? 0);
    // The fixed file is a CSV of its own: the original sheet and header row do not apply to it.
    const { sheet: _sheet, headerRow: _headerRow, ...mapping } = run.mapping as Record<string, unknown>;
    const request = {
      file, entity: run.options.entity, mapping, source: run.source_system_code, locale: run.options.locale,
      replayOf: runId, dryRun: !!o.dryRun,
    };
    const result = await withTemporal(db, (t) => runImport(db, t, request, { force: true, json: o.json }), { quiet: o.json });
    const replayed = Number((await db('rejected_rows').where({ sync_run_id: runId, status: 'replayed', replayed_in_run_id: result.report.runId }).count<{ n: string }[]>({ n: '*' }))[0]?.n ?? 0);
    const stillOpen = Number((await db('rejected_rows').where({ sync_run_id: runId, status: 'open' }).count<{ n: string }[]>({ n: '*' }))[0]?.n ?? 0);
    if (o.json) printJson({ ...result.report, replay: { of: runId, openBefore: open, replayed, stillOpen } });
    else {
      printLine(formatReport(result.report));
      printLine(`Run ${runId}: ${replayed} of ${open} open row(s) replayed${stillOpen ? `, ${stillOpen} still open (crmhub rejects ${runId})` : ''}.`);
    }
    return result.report.status === 'failed' ? 1 : 0;
  });
}
