/**
 * `crmhub runs [--json] [--limit N] [--kind import|sync] [--source <code>]`: the run ledger, newest
 * first, imports and syncs together (runs-view.ts: a sync's stream and the cursor it started and
 * ended at).
 */
import { toReport, loadRun } from '../../activities/pipeline/sync-runs';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { UserError } from '../user-error';
import { RUN_COLUMNS, runJson, runRow } from './runs-view';

export interface RunsCliOptions { json?: boolean; limit?: string; kind?: string; source?: string }

export async function runsCommand(o: RunsCliOptions): Promise<number> {
  const limit = Math.min(Math.max(Number(o.limit ?? 20) || 20, 1), 1000);
  if (o.kind !== undefined && o.kind !== 'import' && o.kind !== 'sync') throw new UserError(`--kind must be import or sync (got "${o.kind}")`);
  return withDatabase(async (db) => {
    const q = db('sync_runs').orderBy('id', 'desc').limit(limit);
    // A file import's mode is 'file'; a sync's is how its stream was read.
    if (o.kind === 'import') q.where({ mode: 'file' });
    if (o.kind === 'sync') q.whereNot({ mode: 'file' });
    if (o.source) q.where({ source_system_code: o.source });
    const ids = await q.pluck('id');
    const reports = [];
    for (const id of ids) reports.push(toReport(await loadRun(db, Number(id))));
    if (o.json) printJson({ runs: reports.map(runJson) });
    else if (reports.length === 0) printLine('No runs yet: try `crmhub import <file> --entity accounts` or `crmhub sync <source>`.');
    else printLine(table(reports.map(runRow), RUN_COLUMNS));
    return 0;
  });
}
