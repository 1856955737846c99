/**
 * First step of a sync: the source, the streams it runs in dependency order (parties, then
 * parents before their lines), and one ledger row per stream, opened with the cursor it starts
 * from. Idempotent: a retried activity finds the runs it already opened.
 */
import type { Knex } from 'knex';
import { ENTITY_TARGETS, isEntityName } from '../pipeline/targets';
import { BadConfigurationError } from '../errors';
import { loadSource, openReader, plannedFiles } from './open-reader';
import { SyncRequest, type SyncRunOptions } from './sync-request';

export interface PlannedStream { stream: string; runId: number; party: boolean }
export interface SyncPlan { source: string; runs: PlannedStream[] }

export async function planSync(db: Knex, input: unknown, execution: { workflowId: string; runId: string }): Promise<SyncPlan> {
  const parsed = SyncRequest.safeParse(input);
  if (!parsed.success) throw new BadConfigurationError(`invalid sync request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const req = parsed.data;
  const source = await loadSource(db, req.source);
  const files = source.connector_code === 'file-drop' ? await plannedFiles(db, source) : undefined;
  const reader = openReader(source, { env: {}, files });
  const streams = [...reader.streams];
  await reader.close();
  for (const s of req.streams ?? []) {
    if (!streams.includes(s)) throw new BadConfigurationError(`source "${req.source}" has no stream "${s}" (its streams: ${streams.join(', ')})`);
  }
  const chosen = streams.filter((s) => !req.streams || req.streams.includes(s));
  const runs: PlannedStream[] = [];
  for (const stream of chosen) {
    if (!isEntityName(stream)) throw new BadConfigurationError(`stream "${stream}" is not an entity crmhub loads`);
    const stored = await db('sync_cursors').where({ source_system_code: source.code, entity_type: stream }).first('cursor');
    const options: SyncRunOptions = { kind: 'sync', stream, full: req.full, ...(files ? { files } : {}) };
    const [row] = await db('sync_runs')
      .insert({
        source_system_code: source.code, entity_type: ENTITY_TARGETS[stream].entityType, stream,
        mode: source.connector_code === 'file-drop' ? 'full' : 'incremental', // settled by the stream's reading (sync-stream.ts)
        workflow_id: execution.workflowId, temporal_run_id: execution.runId,
        options: JSON.stringify(options), cursor_from: stored ? JSON.stringify(stored.cursor) : null,
      })
      .onConflict(['workflow_id', 'temporal_run_id', 'stream']).merge(['updated_at'])
      .returning('id');
    runs.push({ stream, runId: Number(row.id), party: stream === 'accounts' || stream === 'contacts' });
  }
  return { source: source.code, runs };
}
