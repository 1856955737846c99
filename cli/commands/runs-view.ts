/**
 * How `crmhub runs` shows a run, imports and syncs side by side (pure: no IO). A sync's run is one
 * stream of one source: it shows the stream, and the cursor the run started from and ended at.
 */
import type { ImportReport } from '../../activities/pipeline/sync-runs';

export type RunKind = 'import' | 'sync';

export function runKind(r: ImportReport): RunKind {
  return r.sync ? 'sync' : 'import';
}

/**
 * A cursor in a few characters: incremental `2026-11-01 09:00:00 #42` (the last row's updated_at
 * and external id; `≥ 2026-…` for a run's start after the look-back), snapshot/full `#42`, a
 * file-drop sync's `file 3`. Anything else as its JSON.
 */
export function formatCursor(c: unknown): string {
  if (c === null || c === undefined) return '';
  if (typeof c !== 'object') return String(c);
  const o = c as Record<string, unknown>;
  if (o.mode === 'incremental' && typeof o.updatedAt === 'string') {
    return o.externalId === null || o.externalId === undefined ? `≥ ${o.updatedAt}` : `${o.updatedAt} #${String(o.externalId)}`;
  }
  if ((o.mode === 'snapshot' || o.mode === 'full') && o.externalId !== undefined) return `#${String(o.externalId)}`;
  if (typeof o.index === 'number') return `file ${o.index + 1}`;
  return JSON.stringify(c);
}

/** One line of the table. */
export function runRow(r: ImportReport): Record<string, unknown> {
  const sync = r.sync;
  return {
    run: r.runId,
    kind: runKind(r),
    status: r.dryRun ? `${r.status} (dry)` : r.status,
    source: r.sourceSystem,
    // An import names its file; a sync, its stream (and a snapshot read says so).
    what: sync ? `${sync.stream}${sync.mode === 'incremental' ? '' : ` (${sync.mode})`}` : `${r.entity} ← ${r.file ?? ''}`,
    from: sync ? (sync.mode === 'incremental' ? formatCursor(sync.cursorFrom) || 'start' : 'start') : '',
    to: sync ? formatCursor(sync.cursorTo) : '',
    read: r.counts.read, ins: r.counts.inserted, upd: r.counts.updated, same: r.counts.unchanged, merged: r.counts.merged, rej: r.counts.rejected,
    skip: r.counts.skipped, settled: sync ? sync.settled : '', warn: r.warnings.total,
    started: r.startedAt.replace('T', ' ').slice(0, 19),
  };
}

export const RUN_COLUMNS = ['run', 'kind', 'status', 'source', 'what', 'from', 'to', 'read', 'ins', 'upd', 'same', 'merged', 'rej', 'skip', 'settled', 'warn', 'started'];

/** The --json form: the report, its kind, and a sync's stream and cursors at the top level. */
export function runJson(r: ImportReport) {
  return {
    kind: runKind(r),
    ...r,
    stream: r.sync?.stream ?? null,
    cursorFrom: r.sync?.cursorFrom ?? null,
    cursorTo: r.sync?.cursorTo ?? null,
  };
}
