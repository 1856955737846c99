/**
 * The long part of a sync: one stream of one source through the shared load loop. Each page
 * commits with its cursor in one transaction (the run's cursor_to and the stream's stored cursor):
 * a retry after a crash, a lost connection or a database restart resumes after the last committed
 * page, never skipping or doubling a record. Facts left waiting by earlier syncs (their account had
 * not arrived) are read again first.
 */
import type { Knex } from 'knex';
import { ENTITY_FIELDS, type TargetEntity } from '../../domain/canonical/fields';
import { getLocaleProfile } from '../../domain/normalize';
import { runLoadLoop, type LoadProgress, type PageBoundary } from '../pipeline/load-loop';
import { loadRowContext } from '../pipeline/row-context-loader';
import type { SourceRow } from '../pipeline/source-row';
import { countsOf, loadRun, type BatchCounts } from '../pipeline/sync-runs';
import { ENTITY_TARGETS, entityNameOf } from '../pipeline/targets';
import { loadSource, openReader } from './open-reader';
import { waitingRows } from './replay-waiting';
import { SyncRunOptions } from './sync-request';

export interface SyncStreamDeps {
  db: Knex;
  env: Record<string, string | undefined>;
  heartbeat?: (p: LoadProgress) => void;
  throwIfCancelled?: () => void;
  attempt?: number;
  timings?: Record<string, number>;
}

export async function syncStream(deps: SyncStreamDeps, runId: number): Promise<BatchCounts> {
  const { db } = deps;
  const timings = deps.timings ?? {};
  const t0 = performance.now();
  const run = await loadRun(db, runId);
  if (run.status !== 'running') return countsOf(run);
  const options = SyncRunOptions.parse(run.raw_options);
  const entity = entityNameOf(run.entity_type);
  const target = ENTITY_TARGETS[entity];
  const source = await loadSource(db, run.source_system_code);
  const reader = openReader(source, { env: deps.env, files: options.files });
  try {
    const mode = await reader.mode(options.stream);
    const resuming = run.checkpoint_row > 0;
    // Rows replayed from the quarantine commit without a cursor: then the reading has not moved yet.
    const from = resuming ? (run.cursor_to ?? run.cursor_from) : await reader.startCursor(options.stream, run.cursor_from, options.full);
    if (!resuming) await db('sync_runs').where({ id: runId }).update({ mode, cursor_from: from === null ? null : JSON.stringify(from) });
    const settings = source.settings;
    const rc = await loadRowContext(db, { locale: settings.locale, defaultCountry: settings.defaultCountry, date1904: false });
    rc.profile = { ...getLocaleProfile(settings.locale), defaultCountry: settings.defaultCountry };
    const fields = new Set(Object.keys(ENTITY_FIELDS[entity as TargetEntity]));
    const firstRow = run.checkpoint_row + 1;
    async function* input(): AsyncGenerator<SourceRow | PageBoundary> {
      let next = firstRow;
      if (entity !== 'accounts' && entity !== 'contacts') {
        for await (const row of waitingRows(db, { sourceSystem: source.code, entityType: target.entityType, fields, firstRow: next })) {
          next = row.rowNumber + 1;
          yield row;
        }
      }
      yield* reader.rows(options.stream, from, next);
    }
    const stage = { sourceSystem: source.code, runId, fileName: null, sheet: null, dryRun: false };
    const total = await runLoadLoop({
      db, runId, target, rc, origin: reader.origin, strict: [], dryRun: false, attempt: deps.attempt ?? 1,
      stage, quarantine: { ...stage, entityType: target.entityType }, checkpointRow: run.checkpoint_row, committed: countsOf(run),
      batchSize: null, cursorOf: { sourceSystem: source.code, stream: options.stream },
      heartbeat: deps.heartbeat, throwIfCancelled: deps.throwIfCancelled, timings,
    }, input());
    timings.total = performance.now() - t0;
    await db('sync_runs').where({ id: runId }).update({ phase_ms: JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]))) });
    return total;
  } finally {
    await reader.close().catch(() => undefined);
  }
}
