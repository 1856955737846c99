/** `crmhub runs [--json] [--limit N]`: the run ledger, newest first. */
import { toReport, loadRun } from '../../activities/pipeline/sync-runs';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';

export async function runsCommand(o: { json?: boolean; limit?: string }): Promise<number> {
  const limit = Math.min(Math.max(Number(o.limit ?? 20) || 20, 1), 1000);
  return withDatabase(async (db) => {
    const ids = await db('sync_runs').orderBy('id', 'desc').limit(limit).pluck('id');
    const reports = [];
    for (const id of ids) reports.push(toReport(await loadRun(db, Number(id))));
    if (o.json) printJson({ runs: reports });
    else if (reports.length === 0) printLine('No runs yet: try `crmhub import <file> --entity accounts`.');
    else {
      printLine(table(reports.map((r) => ({
        run: r.runId, status: r.dryRun ? `${r.status} (dry)` : r.status, entity: r.entity, source: r.sourceSystem, file: r.file,
        read: r.counts.read, ins: r.counts.inserted, upd: r.counts.updated, same: r.counts.unchanged, merged: r.counts.merged, rej: r.counts.rejected,
        skip: r.counts.skipped, warn: r.warnings.total,
        started: r.startedAt.replace('T', ' ').slice(0, 19),
      })), ['run', 'status', 'entity', 'source', 'file', 'read', 'ins', 'upd', 'same', 'merged', 'rej', 'skip', 'warn', 'started']));
    }
    return 0;
  });
}
