/**
 * The one load loop imports and syncs share: source rows → row schema → batch → staging COPY →
 * resolve → write → quarantine + warnings → ledger, each batch committed with its checkpoint.
 *
 * A reader gives rows, and — for a paged source — page boundaries carrying the cursor to commit
 * with the page (a page is never split: its cursor means "everything before is written"). Files
 * have no boundaries: the loop cuts batches by size and the checkpoint is the last row number.
 *
 * Pipelined over two staging tables: while batch k is merged (PostgreSQL's core), Node parses
 * batch k+1 and COPYs it into the other table (Node's core). Merges commit strictly in order, each
 * in one transaction with its checkpoint, compare-and-set (sync-runs.ts addBatch), so a crash or a
 * retry never skips or doubles a row.
 *
 * Targets whose batches are independent (facts: a batch resolves against other streams' records
 * and its own external ids only) merge two batches at once, over three staging tables, when the
 * two share no external id: batch k+1 resolves and writes while batch k does, and waits for k's
 * commit only before its own ledger step. That wait is a PostgreSQL lock (k holds an advisory
 * lock for its whole transaction; k+1 takes it, shared, before its checkpoint), so a deadlock with
 * a merge of accounts locking in between is one that PostgreSQL sees and breaks, never a hang.
 */
import type { Knex } from 'knex';
import { Batch, type BatchShape, type LoadBatch } from './batch';
import { mergeBatch } from './merge-batch';
import type { QuarantineContext } from './quarantine';
import type { RowContext } from '../../domain/canonical/row-context';
import { assembleBatch, BatchProbe, findKnownRows, fingerprintSeed, hasKnownRows, RecentExternalIds, rowKey, skipsKnownRows } from './known-rows';
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
  /** Whether the identity map has fingerprints of the source to find (hasKnownRows), if the caller has asked already. */
  knownRows?: boolean;
}

/** Staging tables: one per merge in flight, plus the one the next batch is copied into. */
const SLOTS = 2;
const PARALLEL_SLOTS = 3;

/** A merge started: when it has its transaction's page lock, when it is done (never rejects), its external ids. */
interface MergeInFlight { seq: number; started: Promise<void>; done: Promise<void>; ids: ReadonlySet<string> | null }

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return false;
  return true;
}

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

/**
 * What a reader gives the loop: rows one at a time or a reader's batch at a time (a file's rows:
 * one promise per batch instead of per row), page boundaries, and batches prepared in a row thread.
 */
export type LoadInput = SourceRow | SourceRow[] | PageBoundary | PreparedBatch;

export async function runLoadLoop(o: LoadLoopOptions, input: AsyncIterable<LoadInput>): Promise<BatchCounts> {
  const { db, target, dryRun } = o;
  const timings = o.timings ?? {};
  const time = timer(timings);
  // Two merges at once: not in a dry run (one transaction for everything).
  const parallel = !dryRun && target.independentBatches === true;
  const slots = parallel ? PARALLEL_SLOTS : SLOTS;
  const stages = Array.from({ length: slots }, (_, i) => stageTableName(o.runId, o.attempt, i));
  const dryTrx = dryRun ? await db.transaction() : null;
  try {
    // Built on the first row read here (prepared batches bring their rows processed).
    let processRow: ReturnType<typeof createRowProcessor> | null = null;
    for (const s of stages) await createStageTable(db, s, target);
    await createSeenTable(db, o.runId);
    // A dry run's one transaction keeps its locks on every staging table it merged from until the
    // end, so a dry run cannot TRUNCATE and reuse a slot: it takes a fresh table per batch.
    const stageFor = async (n: number): Promise<string> => {
      if (!dryRun) return stages[n % slots]!;
      const name = stageTableName(o.runId, o.attempt, slots + n);
      await createStageTable(db, name, target);
      stages.push(name);
      return name;
    };
    const columns = copyColumns(target);
    const shape: BatchShape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };

    let total: BatchCounts = dryRun ? { ...ZERO_COUNTS } : o.committed;
    let checkpoint = dryRun ? 0 : o.checkpointRow;
    let planned = checkpoint; // where the last batch handed to a merge moves the checkpoint
    let failure: unknown = null;
    let slot = 0;
    const inFlight = new Map<number, MergeInFlight>(); // by sequence number, the last few
    const doneOf = (seq: number) => inFlight.get(seq)?.done ?? Promise.resolve();
    // Both keys of a page's advisory lock: the run's attempt, and the merge's sequence number.
    const lockKey = `crmhub_merge_${o.runId}_${o.attempt}`;

    const flush = async (batch: LoadBatch, cursor?: unknown) => {
      if (batch.size === 0 && cursor === undefined) return;
      o.throwIfCancelled?.();
      const seq = slot;
      // The slot's staging table was last merged by merge seq - slots: it must be done with it.
      await time('wait_merge', doneOf(seq - slots));
      if (failure) throw failure;
      const stage = await stageFor(slot++);
      const copied = time('copy', copyIntoStage(db, stage, columns, batch.lines(), target.keyColumns));
      copied.catch(() => undefined); // awaited below; an earlier throw must not leave it unhandled
      const ids = parallel ? (batch.externalIds?.() ?? null) : null;
      const prev = inFlight.get(seq - 1) ?? null;
      const alongside = ids !== null && prev !== null && prev.ids !== null && disjoint(ids, prev.ids);
      const stageCtx: StageContext = { ...o.stage, stage, timings };
      const from = planned;
      const to = batch.size > 0 ? batch.lastRow : planned;
      planned = to;
      const move: CheckpointMove | null = dryRun ? null : {
        from, to, ...(o.cursorOf && cursor !== undefined ? { cursor, stream: o.cursorOf } : {}),
      };
      let markStarted = () => {};
      const started = new Promise<void>((resolve) => { markStarted = resolve; });
      // Behind a merge still in flight: its commit first (its page lock, shared), then this checkpoint.
      const afterPrevious = alongside && prev
        ? async (trx: Knex.Transaction) => { await trx.raw('SELECT pg_advisory_xact_lock_shared(hashtext(?), ?)', [lockKey, prev.seq]); }
        : undefined;
      const opts = { target, stage: stageCtx, quarantine: o.quarantine, checkpoint: move, timings, beforeLedger: afterPrevious };
      const merging = (async () => {
        // Merges run in order (batch k+1 may resolve against batch k), or two at once when independent.
        await (alongside ? doneOf(seq - 2) : doneOf(seq - 1));
        if (failure) throw failure;
        await copied;
        if (alongside && prev) await prev.started;
        return time('merge', () => dryTrx
          ? mergeBatch(dryTrx, batch, { ...opts, ledger: db })
          : db.transaction(async (trx) => {
            if (parallel) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), ?)', [lockKey, seq]);
            markStarted();
            return mergeBatch(trx, batch, { ...opts, ledger: trx });
          }));
      })();
      void merging.finally(markStarted).catch(() => undefined);
      // Counts and heartbeats in batch order; the first failure (in batch order) is the one reported.
      const done = (async () => {
        let merged: Awaited<typeof merging> | null = null;
        let error: unknown = null;
        try {
          merged = await merging;
        } catch (err) {
          error = err;
        }
        await prev?.done;
        if (failure) return;
        if (error || !merged) {
          failure = error;
          return;
        }
        total = add(total, merged.counts);
        checkpoint = to;
        o.heartbeat?.({ checkpointRow: to, ...(cursor !== undefined ? { cursor } : {}), counts: total });
      })();
      inFlight.set(seq, { seq, started, done, ids });
      inFlight.delete(seq - slots - 1);
      if (!parallel) {
        // One merge at a time: Node reads the next batch while this one merges, no further ahead
        // (letting the next COPY also run behind the parser was measured slower for imports, where
        // Node and PostgreSQL then contend for the same two cores).
        await time('wait_merge', doneOf(seq - 1));
        if (failure) throw failure;
        await time('wait_copy', copied);
      }
    };

    // The merge of the previous batch is a chain of statements, each sent when the event loop
    // handles the last one's reply. Rows served from memory resolve as microtasks and never let
    // the loop poll, so yield every few rows: otherwise PostgreSQL idles between statements.
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    // Rows the identity map holds as they are are not parsed (known-rows.ts).
    const seed = skipsKnownRows(target, dryRun) ? fingerprintSeed(o.stage.sourceSystem, target, o.rc, o.strict) : null;
    const scope = { sourceSystem: o.stage.sourceSystem, entityType: target.entityType, runId: o.runId };
    // Opened on the first row read here: batches prepared by the row thread bring their known rows.
    let probe: BatchProbe | null = null;
    // Asked while the previous batch merges: that batch's records may still change.
    const recent = new RecentExternalIds(2);
    let pending: SourceRow[] = [];
    const assemble = async (): Promise<Batch> => {
      const batch = new Batch(shape);
      if (pending.length === 0) return batch;
      const rows = pending;
      pending = [];
      processRow ??= createRowProcessor({ target, rc: o.rc, origin: o.origin, strict: o.strict });
      const { fingerprints, known } = await time('known', probe!.take());
      const assembled = await assembleBatch(rows, fingerprints, known, recent, processRow, pause);
      assembled.forEach((r, i) => batch.add(rows[i]!, r));
      if (probe!.asks) recent.add(batch.externalIds());
      return batch;
    };

    let sinceYield = 0;
    const take = async (item: SourceRow) => {
      if (++sinceYield === 64) {
        sinceYield = 0;
        await pause();
      }
      probe ??= new BatchProbe(seed && (o.knownRows ?? (await hasKnownRows(db, scope))) ? (keys) => findKnownRows(db, scope, keys) : null);
      pending.push(item);
      probe.add(rowKey(seed, target, item));
      if (probe.asks) item.compact?.(); // it waits for the answer, and is most likely known
      if (o.batchSize !== null && pending.length >= o.batchSize) await flush(await assemble());
    };
    for await (const item of input) {
      if (Array.isArray(item)) {
        for (const row of item) await take(row);
        continue;
      }
      if ('boundary' in item) {
        await flush(await assemble(), item.cursor);
        continue;
      }
      if ('prepared' in item) {
        await flush(await assemble());
        await flush(item.prepared);
        continue;
      }
      await take(item);
    }
    await flush(await assemble());
    await time('wait_merge', doneOf(slot - 1));
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
