/**
 * The one load loop imports and syncs share: source rows → row schema → batch → staging COPY →
 * resolve → write → quarantine + warnings → ledger, each batch committed with its checkpoint.
 *
 * A reader gives rows, and — for a paged source — page boundaries carrying the cursor to commit
 * with the page (a page is never split: its cursor means "everything before is written"). Files
 * have no boundaries: the loop cuts batches by size and the checkpoint is the last row number.
 *
 * Pipelined over two staging tables: while batch k is merged (PostgreSQL's core), Node parses
 * batch k+1 and COPYs it into the other table (Node's core). Merges run strictly in order, each in
 * one transaction with its checkpoint, compare-and-set (sync-runs.ts addBatch), so a crash or a
 * retry never skips or doubles a row.
 */
import type { Knex } from 'knex';
import { Batch, type BatchShape, type LoadBatch } from './batch';
import { mergeBatch } from './merge-batch';
import type { QuarantineContext } from './quarantine';
import type { RowContext } from '../../domain/canonical/row-context';
import { createRowProcessor } from './row-processor';
import { createSeenTable } from './seen-rows';
import type { FieldOrigin, SourceRow } from './source-row';
import { copyColumns, copyIntoStage, createStageTable, dropStageTable, stageTableName } from './stage-tables';
import { ZERO_COUNTS, type BatchCounts, type CheckpointMove } from './sync-runs';
import type { EntityTarget, StageContext } from './targets/entity-target';

/** The end of a page of a paged source: everything read so far commits with this cursor. */
export interface PageBoundary { boundary: true; cursor: unknown; page: number }

/**
 * A whole batch read, validated and encoded elsewhere (a worker thread: import/row-worker.ts):
 * flushed as it is. Its rows are cut by the same batch size, so checkpoints do not change.
 */
export interface PreparedBatch { prepared: LoadBatch }

export interface LoadProgress { checkpointRow: number; cursor?: unknown; counts: BatchCounts }

export interface LoadLoopOptions {
  db: Knex;
  runId: number;
  target: EntityTarget<{ external_id: string }>;
  rc: RowContext;
  origin: FieldOrigin;
  strict: readonly string[];
  dryRun: boolean;
  /** The activity's attempt number (staging tables are per attempt). */
  attempt: number;
  stage: Omit<StageContext, 'stage'>;
  quarantine: QuarantineContext;
  /** The run's checkpoint when this attempt starts (rows up to it are committed). */
  checkpointRow: number;
  /** Counts already committed by earlier attempts. */
  committed: BatchCounts;
  /** Files: rows per batch. Paged sources: null, a batch is a page. */
  batchSize: number | null;
  /** Paged sources: the stream's cursor row to move with every page. */
  cursorOf?: { sourceSystem: string; stream: string };
  heartbeat?: (p: LoadProgress) => void;
  throwIfCancelled?: () => void;
  /** Filled with milliseconds per phase: copy, merge, wait_merge, wait_copy. */
  timings?: Record<string, number>;
}

const SLOTS = 2;

function timer(t: Record<string, number>) {
  return async <T>(phase: string, work: Promise<T> | (() => Promise<T>)): Promise<T> => {
    const t0 = performance.now();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      t[phase] = (t[phase] ?? 0) + performance.now() - t0;
    }
  };
}

export async function runLoadLoop(o: LoadLoopOptions, input: AsyncIterable<SourceRow | PageBoundary | PreparedBatch>): Promise<BatchCounts> {
  const { db, target, dryRun } = o;
  const timings = o.timings ?? {};
  const time = timer(timings);
  const stages = Array.from({ length: SLOTS }, (_, i) => stageTableName(o.runId, o.attempt, i));
  const dryTrx = dryRun ? await db.transaction() : null;
  try {
    // Built on the first row read here (prepared batches bring their rows processed).
    let processRow: ReturnType<typeof createRowProcessor> | null = null;
    for (const s of stages) await createStageTable(db, s, target);
    await createSeenTable(db, o.runId);
    // A dry run's one transaction keeps its locks on every staging table it merged from until the
    // end, so a dry run cannot TRUNCATE and reuse a slot: it takes a fresh table per batch.
    const stageFor = async (n: number): Promise<string> => {
      if (!dryRun) return stages[n % SLOTS]!;
      const name = stageTableName(o.runId, o.attempt, SLOTS + n);
      await createStageTable(db, name, target);
      stages.push(name);
      return name;
    };
    const columns = copyColumns(target);
    const shape: BatchShape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };

    let total: BatchCounts = dryRun ? { ...ZERO_COUNTS } : o.committed;
    let checkpoint = dryRun ? 0 : o.checkpointRow;
    let pending: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    let slot = 0;

    const flush = async (batch: LoadBatch, cursor?: unknown) => {
      if (batch.size === 0 && cursor === undefined) return;
      o.throwIfCancelled?.();
      const stage = await stageFor(slot++);
      const copied = time('copy', copyIntoStage(db, stage, columns, batch.lines(), target.keyColumns));
      copied.catch(() => undefined); // awaited below; an earlier throw must not leave it unhandled
      await time('wait_merge', pending); // merges run in order: batch k+1 may resolve against batch k
      if (failure) throw failure;
      await time('wait_copy', copied);
      const stageCtx: StageContext = { ...o.stage, stage, timings };
      // Letting the next COPY also run behind the parser was measured slower (Node and PostgreSQL
      // then contend for the same two cores): the COPY is awaited, only the merge runs behind.
      const merge = async () => {
        const to = batch.size > 0 ? batch.lastRow : checkpoint;
        const move: CheckpointMove | null = dryRun ? null : {
          from: checkpoint, to, ...(o.cursorOf && cursor !== undefined ? { cursor, stream: o.cursorOf } : {}),
        };
        const opts = { target, stage: stageCtx, quarantine: o.quarantine, checkpoint: move, timings };
        const merged = await time('merge', () => dryTrx
          ? mergeBatch(dryTrx, batch, { ...opts, ledger: db })
          : db.transaction((trx) => mergeBatch(trx, batch, { ...opts, ledger: trx })));
        total = add(total, merged.counts);
        checkpoint = to;
        o.heartbeat?.({ checkpointRow: to, ...(cursor !== undefined ? { cursor } : {}), counts: total });
      };
      pending = merge().catch((err) => { failure = err; });
    };

    let batch = new Batch(shape);
    let sinceYield = 0;
    for await (const item of input) {
      if ('boundary' in item) {
        await flush(batch, item.cursor);
        batch = new Batch(shape);
        continue;
      }
      if ('prepared' in item) {
        await flush(batch);
        batch = new Batch(shape);
        await flush(item.prepared);
        continue;
      }
      // The merge of the previous batch is a chain of statements, each sent when the event loop
      // handles the last one's reply. Rows served from memory resolve as microtasks and never let
      // the loop poll, so yield every few rows: otherwise PostgreSQL idles between statements.
      if (++sinceYield === 64) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      processRow ??= createRowProcessor({ target, rc: o.rc, origin: o.origin, strict: o.strict });
      const r = processRow(item);
      if (r.kind === 'loaded') batch.addLoaded(item, r.row);
      else if (r.kind === 'skipped') batch.addSkipped(item, r.reject);
      else batch.addRejected(item, r.reject);
      if (o.batchSize !== null && batch.size >= o.batchSize) {
        await flush(batch);
        batch = new Batch(shape);
      }
    }
    await flush(batch);
    await time('wait_merge', pending);
    if (failure) throw failure;
    return total;
  } finally {
    if (dryTrx) await dryTrx.rollback().catch(() => undefined);
    for (const s of stages) await dropStageTable(db, s).catch(() => undefined);
  }
}

export function add(a: BatchCounts, b: BatchCounts): BatchCounts {
  return {
    read: a.read + b.read, inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged,
    rejected: a.rejected + b.rejected, merged: a.merged + b.merged, skipped: a.skipped + b.skipped,
  };
}
