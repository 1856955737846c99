/**
 * The long part of an import: stream the file, validate and normalize each row, and merge it into
 * the CRM in batches.
 *
 * Pipelined over two staging tables: while batch k is merged (PostgreSQL's core), Node parses
 * batch k+1 and COPYs it into the other table (Node's core). Merges run strictly in file order.
 * Each batch commits with the run's checkpoint (last row number) in one transaction; a retry
 * after a crash reads the checkpoint and skips the rows already committed.
 */
import type { Knex } from 'knex';
import { openSpreadsheet, type SheetRow } from '../../connectors/spreadsheet';
import { createSummaryRowDetector } from '../../domain/imports';
import { compileMapping, parseMapping, type CompiledMapping } from '../../domain/mapping';
import { BadInputError } from '../errors';
import { Batch, type BatchShape } from '../pipeline/batch';
import { sha256File } from './file-digest';
import { mergeBatch } from '../pipeline/merge-batch';
import { createRowProcessor } from '../pipeline/row-processor';
import { loadRowContext } from '../pipeline/row-context-loader';
import { replayColumns } from './replay-columns';
import { createSeenTable, dropSeenTable } from '../pipeline/seen-rows';
import { copyColumns, copyIntoStage, createStageTable, dropStageTable, stageTableName } from '../pipeline/stage-tables';
import { loadRun, optionsOf, ZERO_COUNTS, type BatchCounts, type RunRow } from '../pipeline/sync-runs';
import { IMPORT_TARGETS } from '../pipeline/targets';
import type { StageContext } from '../pipeline/targets/import-target';

export interface LoadProgress { checkpointRow: number; counts: BatchCounts }

export interface LoadDeps {
  db: Knex;
  /** Temporal heartbeat in an activity; a no-op elsewhere. */
  heartbeat?: (p: LoadProgress) => void;
  /** Throws when the activity was cancelled. */
  throwIfCancelled?: () => void;
  /** The activity's attempt number (staging tables are per attempt). */
  attempt?: number;
  /** Filled with milliseconds per phase (benchmarks): rows (read + validate + encode), copy, merge, wait. */
  timings?: Record<string, number>;
}

function timer(t: Record<string, number> | undefined) {
  return async <T>(phase: string, work: Promise<T> | (() => Promise<T>)): Promise<T> => {
    const t0 = performance.now();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      if (t) t[phase] = (t[phase] ?? 0) + performance.now() - t0;
    }
  };
}

const SLOTS = 2;

export async function loadImportRows(deps: LoadDeps, runId: number): Promise<BatchCounts> {
  const { db } = deps;
  const timings = deps.timings ?? {};
  const time = timer(timings);
  const t0 = performance.now();
  const run = await loadRun(db, runId);
  if (run.status !== 'running') return countsOf(run);
  const o = optionsOf(run);
  const target = IMPORT_TARGETS[o.entity];
  const dryRun = run.dry_run;
  const attempt = deps.attempt ?? 1;
  if (dryRun) await resetDryRun(db, runId); // a dry run restarts from the top: nothing of it was kept
  if (!dryRun && run.checkpoint_row > 0 && run.file_sha256 && (await sha256File(o.filePath)) !== run.file_sha256) {
    // Resuming by row number is only sound on the very file the first rows came from.
    throw new BadInputError(`${o.filePath} changed since run ${runId} started (sha256 differs): start a new import instead of resuming`);
  }

  const source = await openSpreadsheet(o.filePath, {
    encoding: o.encoding ?? undefined,
    delimiter: o.delimiter ?? undefined,
    sheet: o.sheet ?? undefined,
    headerRow: o.headerRow,
  });
  const stages = Array.from({ length: SLOTS }, (_, i) => stageTableName(runId, attempt, i));
  const dryTrx = dryRun ? await db.transaction() : null;
  let completed = false;
  try {
    const mapping = parseMapping(run.mapping, `run ${runId} mapping`);
    const replay = o.replayOf ? replayColumns(source.headers, o.replayOf) : null;
    const plan = compileMapping(replay ? replay.mapping(mapping) : mapping, source.headers);
    const rc = await loadRowContext(db, { locale: o.locale, defaultCountry: o.defaultCountry, date1904: source.date1904 });
    const summaryRows = createSummaryRowDetector({ headers: source.headers, profile: rc.profile, identityColumns: identityColumns(plan) });
    const processRow = createRowProcessor({ target, rc, plan, headers: source.headers, strict: mapping.strict ?? [], summaryRows });
    for (const s of stages) await createStageTable(db, s, target);
    await createSeenTable(db, runId);
    // A dry run's one transaction keeps its locks on every staging table it merged from until the
    // end, so a dry run cannot TRUNCATE and reuse a slot: it takes a fresh table per batch.
    const stageFor = async (n: number): Promise<string> => {
      if (!dryRun) return stages[n % SLOTS]!;
      const name = stageTableName(runId, attempt, SLOTS + n);
      await createStageTable(db, name, target);
      stages.push(name);
      return name;
    };
    const columns = copyColumns(target);
    const shape: BatchShape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };
    const base: Omit<StageContext, 'stage'> = { sourceSystem: run.source_system_code, runId, fileName: run.file_name ?? o.filePath, sheet: source.sheet, dryRun };
    const origins = new Map<number, number>();
    const replayOpts = replay && o.replayOf ? { runId: o.replayOf.runId, originRow: (n: number) => origins.get(n) ?? null } : undefined;

    let total: BatchCounts = dryRun ? { ...ZERO_COUNTS } : countsOf(run);
    let checkpoint = dryRun ? 0 : run.checkpoint_row;
    let pending: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    let slot = 0;

    const flush = async (batch: Batch) => {
      if (batch.size === 0) return;
      deps.throwIfCancelled?.();
      const stage = await stageFor(slot++);
      const copied = time('copy', copyIntoStage(db, stage, columns, batch.lines(), target.keyColumns));
      copied.catch(() => undefined); // awaited below; an earlier throw must not leave it unhandled
      await time('wait_merge', pending); // merges run in file order: batch k+1 may resolve against batch k
      if (failure) throw failure;
      await time('wait_copy', copied);
      const stageCtx: StageContext = { ...base, stage };
      // Letting the next COPY also run behind the parser was measured slower (Node and PostgreSQL
      // then contend for the same two cores): the COPY is awaited, only the merge runs behind.
      const merge = async () => {
        const opts = {
          target, headers: source.headers, stage: stageCtx, quarantine: { ...base, entityType: target.entityType },
          checkpointFrom: dryRun ? null : checkpoint, replay: replayOpts,
        };
        const merged = await time('merge', () => dryTrx
          ? mergeBatch(dryTrx, batch, { ...opts, ledger: db })
          : db.transaction((trx) => mergeBatch(trx, batch, { ...opts, ledger: trx })));
        total = add(total, merged.counts);
        checkpoint = batch.lastRow;
        for (const n of batch.rows.keys()) origins.delete(n);
        deps.heartbeat?.({ checkpointRow: batch.lastRow, counts: total });
      };
      pending = merge().catch((err) => { failure = err; });
    };

    let batch = new Batch(shape);
    let sinceYield = 0;
    for await (const row of source.rows({ afterRow: checkpoint }) as AsyncIterable<SheetRow>) {
      // The merge of the previous batch is a chain of statements, each sent when the event loop
      // handles the last one's reply. Rows served from memory resolve as microtasks and never let
      // the loop poll, so yield every few rows: otherwise PostgreSQL idles between statements.
      if (++sinceYield === 64) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (replay) {
        const origin = replay.originOf(row);
        if (origin !== null) origins.set(row.rowNumber, origin);
      }
      const r = processRow(replay ? replay.unguard(row) : row);
      if (r.kind === 'loaded') batch.addLoaded(row, r.row);
      else if (r.kind === 'skipped') batch.addSkipped(row, r.reject);
      else batch.addRejected(row, r.reject);
      if (batch.size >= o.batchSize) {
        await flush(batch);
        batch = new Batch(shape);
      }
    }
    await flush(batch);
    await time('wait_merge', pending);
    if (failure) throw failure;
    timings.total = performance.now() - t0;
    await db('sync_runs').where({ id: runId }).update({ phase_ms: JSON.stringify(roundAll(timings)) });
    completed = true;
    return total;
  } finally {
    if (dryTrx) await dryTrx.rollback().catch(() => undefined);
    await source.close().catch(() => undefined);
    for (const s of stages) await dropStageTable(db, s).catch(() => undefined);
    // The run's memory of unchanged rows outlives a failed attempt: its retry resumes with it.
    if (completed || dryRun) await dropSeenTable(db, runId).catch(() => undefined);
  }
}

/** Columns that identify a record: a row with a value in one of them is never a totals row. */
const IDENTITY_FIELDS = new Set(['external_id', 'tax_id', 'email', 'additional_emails', 'phone', 'mobile', 'fax', 'website', 'national_id', 'account_external_id', 'account_tax_id']);
function identityColumns(plan: CompiledMapping): number[] {
  return plan.fields.filter((f) => IDENTITY_FIELDS.has(f.field)).flatMap((f) => f.sources.map((s) => s.index));
}

function roundAll(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]));
}

async function resetDryRun(db: Knex, runId: number): Promise<void> {
  await db('rejected_rows').where({ sync_run_id: runId }).delete();
  await db('row_warnings').where({ sync_run_id: runId }).delete();
  await db('sync_runs').where({ id: runId }).update({
    rows_read: 0, rows_inserted: 0, rows_updated: 0, rows_unchanged: 0, rows_rejected: 0, rows_merged: 0, rows_skipped: 0,
    warnings: 0, rows_warned: 0, checkpoint_row: 0,
  });
}

function countsOf(r: RunRow): BatchCounts {
  return {
    read: r.rows_read, inserted: r.rows_inserted, updated: r.rows_updated, unchanged: r.rows_unchanged,
    rejected: r.rows_rejected, merged: r.rows_merged, skipped: r.rows_skipped,
  };
}

function add(a: BatchCounts, b: BatchCounts): BatchCounts {
  return {
    read: a.read + b.read, inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged,
    rejected: a.rejected + b.rejected, merged: a.merged + b.merged, skipped: a.skipped + b.skipped,
  };
}
