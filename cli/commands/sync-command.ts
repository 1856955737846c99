/**
 * `crmhub sync <code> [--stream s …] [--full] [--no-match] [--json]`: runs the source's streams now
 * through the syncSource workflow, as workflow `sync-<code>`, so a sync already running (started
 * by hand or by the schedule) is joined instead of run twice. Prints one report per stream.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { ImportReport } from '../../activities/pipeline/sync-runs';
import type { SyncRequest } from '../../activities/sync/sync-request';
import { syncWorkflowId } from '../../workflows/sync-ids';
import type { SyncReport } from '../../workflows/sync-source';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { withTemporal, type TemporalSession } from '../temporal-session';
import { UserError } from '../user-error';

export interface SyncCliOptions { stream?: string[]; full?: boolean; match?: boolean; json?: boolean }

export async function syncCommand(code: string, o: SyncCliOptions): Promise<number> {
  const request: SyncRequest = { source: code, ...(o.stream?.length ? { streams: o.stream } : {}), full: !!o.full, ...(o.match === false ? { match: false } : {}) };
  return withDatabase(async (db) => {
    if (!(await db('source_systems').where({ code, is_active: true }).first('code'))) throw new UserError(`no source "${code}": crmhub source add ${code} --connector <id> --config <file.json>`);
    const report = await withTemporal(db, (t) => runSync(db, t, request), { quiet: o.json });
    if (o.json) printJson({ source: report.source, status: report.status, streams: report.streams.map(streamJson) });
    else printLine(formatSync(report));
    return report.status === 'failed' ? 1 : 0;
  });
}

export async function runSync(db: Knex, t: TemporalSession, request: SyncRequest): Promise<SyncReport> {
  const handle = await t.client.workflow.start('syncSource', {
    taskQueue: t.taskQueue,
    workflowId: syncWorkflowId(request.source),
    args: [request],
    // Running: join it (a schedule's, another terminal's). Finished: sync again.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  try {
    return (await handle.result()) as SyncReport;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    // Refused before a stream ran (an unknown stream, a source gone): one line naming why.
    let e = err as { cause?: unknown; message?: string };
    while (e.cause) e = e.cause as typeof e;
    void db;
    throw new UserError(`sync of ${request.source} failed: ${e.message ?? String(err)}`);
  }
}

export function streamJson(r: ImportReport) {
  return {
    stream: r.sync?.stream ?? r.entity, runId: r.runId, status: r.status,
    read: r.counts.read, inserted: r.counts.inserted, updated: r.counts.updated, unchanged: r.counts.unchanged,
    merged: r.counts.merged, rejected: r.counts.rejected, settled: r.sync?.settled ?? 0, skipped: r.counts.skipped,
    warnings: r.warnings.total, cursorFrom: r.sync?.cursorFrom ?? null, cursorTo: r.sync?.cursorTo ?? null, error: r.error,
  };
}

export function formatSync(report: SyncReport): string {
  const rows = report.streams.map(streamJson).map((s) => ({ ...s, cursorTo: s.cursorTo === null ? '' : JSON.stringify(s.cursorTo) }));
  const lines = [
    `Sync ${report.status}: source ${report.source}`,
    table(rows, ['stream', 'runId', 'status', 'read', 'inserted', 'updated', 'unchanged', 'merged', 'rejected', 'settled', 'skipped', 'warnings', 'cursorTo']),
  ];
  for (const s of report.streams) {
    if (s.error) lines.push(`  ${s.sync?.stream ?? s.entity}: ${s.errorType ? `[${s.errorType}] ` : ''}${s.error}`);
    else if (s.counts.rejected) lines.push(`  ${s.sync?.stream ?? s.entity}: ${s.counts.rejected} rejected → crmhub rejects ${s.runId}`);
  }
  return lines.join('\n');
}
