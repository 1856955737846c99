/**
 * After every stream of a sync succeeded: a file-drop source records the files it read (by content
 * hash), so the next sync reads only new files and new versions. A failed stream leaves them
 * unrecorded: the next sync reads them again, which writes nothing for what already loaded.
 */
import type { Knex } from 'knex';
import { SyncRunOptions } from './sync-request';

export async function closeSync(db: Knex, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  const runs = await db('sync_runs').whereIn('id', runIds).select('id', 'source_system_code', 'status', 'options');
  if (runs.some((r) => r.status === 'failed' || r.status === 'running')) return;
  const first = runs[0];
  const options = SyncRunOptions.safeParse(first?.options);
  if (!first || !options.success || !options.data.files?.length) return;
  await db('source_files')
    .insert(options.data.files.map((f) => ({ source_system_code: first.source_system_code, sha256: f.sha256, path: f.path, first_run_id: first.id })))
    .onConflict(['source_system_code', 'sha256']).ignore();
}
