/**
 * The row side of a file import, in a worker thread: read the file, map, validate and normalize
 * each row (row schema), hash it and encode the batch as COPY text, then hand the whole batch to
 * the load loop on the main thread, which only COPYs and merges it. On a 2-core machine this
 * lets the per-row work (csv-parse, normalizers, zod, hashing, encoding: ~60–70 µs a row) run on
 * one core while the main thread drives PostgreSQL on the other (docs/performance-log.md).
 *
 * Batches are cut exactly as the in-thread loop cuts them (by size, from the checkpoint on), so
 * checkpoints, resume and counts do not change. At most `CREDITS` batches wait unconsumed:
 * memory stays bounded however far the reader could run ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSpreadsheet, SpreadsheetError, type OpenOptions } from '../../connectors/spreadsheet';
import { LookupIndex, type LookupEntry } from '../../domain/canonical/lookup-index';
import type { LookupTable } from '../../domain/canonical/fields';
import { compileMapping, parseMapping } from '../../domain/mapping';
import { getLocaleProfile } from '../../domain/normalize';
import { Batch } from '../pipeline/batch';
import type { LoadWarning } from '../pipeline/row-processor';
import { createRowProcessor } from '../pipeline/row-processor';
import { assembleBatch, BatchProbe, fingerprintSeed, RecentExternalIds, rowKey, skipsKnownRows, type FindKnown, type KnownRow } from '../pipeline/known-rows';
import type { SourceRow } from '../pipeline/source-row';
import type { RejectedRow } from '../pipeline/quarantine';
import { ENTITY_TARGETS } from '../pipeline/targets';
import type { ImportOptions } from '../pipeline/sync-runs';
import { spreadsheetRows } from './spreadsheet-rows';

export interface RowWorkerInput {
  filePath: string;
  open: OpenOptions;
  /** The run's mapping as stored (parsed again here). */
  mapping: unknown;
  entity: ImportOptions['entity'];
  locale: string;
  defaultCountry: string;
  lookups: Partial<Record<LookupTable, LookupEntry[]>>;
  fileName: string;
  strict: string[];
  /** Rows up to this one are committed: read from the next. */
  afterRow: number;
  batchSize: number;
  /** A dry run parses every row (known-rows.ts: not in a dry run). */
  dryRun: boolean;
  /** The run's source system (part of every row fingerprint). */
  sourceSystem: string;
  /** Whether the identity map has fingerprints to find (known-rows.ts hasKnownRows). */
  probe: boolean;
}

/** One batch as the worker sends it: everything the merge needs, in few, flat messages. */
export interface WorkerBatch {
  read: number;
  lastRow: number;
  /** The staging rows' COPY text, one string. */
  copyText: string;
  rejects: RejectedRow[];
  skipped: RejectedRow[];
  warnings: LoadWarning[];
  /** Row numbers behind staging rows that collapse several file rows: [staging row, members]. */
  groups: [number, number[]][];
  /** JSON of [rowNumber, raw][] for every loaded row, parsed only if the resolve stage refuses one. */
  rawJson: string;
  /** Rows the identity map holds as they are: counted unchanged, not parsed. */
  known: KnownRow[];
}

export type WorkerMessage =
  | { type: 'ready'; sheet: string | null }
  /** Which of these fingerprints the identity map holds (answered with `known`). */
  | { type: 'probe'; id: number; keys: { externalIds: string[]; fingerprints: string[] } }
  | { type: 'batch'; batch: WorkerBatch }
  | { type: 'end' }
  | { type: 'error'; error: { name: string; message: string; code?: string; place?: unknown; stack?: string } };

/** What the main thread sends: a credit for one more batch, or the answer to a probe. */
export type MainMessage = { type: 'credit' } | { type: 'known'; id: number; known: [fingerprint: string, externalId: string][] };

/** Batches the worker may send ahead of the load loop. */
export const CREDITS = 2;

async function run(port: NonNullable<typeof parentPort>, d: RowWorkerInput): Promise<void> {
  let credits = CREDITS;
  let wake: (() => void) | null = null;
  const answers = new Map<number, (known: Map<string, string>) => void>();
  port.on('message', (m: MainMessage) => {
    if (m.type === 'credit') {
      credits++;
      wake?.();
      wake = null;
    } else if (m.type === 'known') {
      answers.get(m.id)?.(new Map(m.known));
      answers.delete(m.id);
    }
  });
  const post = (m: WorkerMessage) => port.postMessage(m);
  let probes = 0;
  // The identity map is the main thread's (its database connections): asked by message.
  const findKnown: FindKnown = (keys) => new Promise<Map<string, string>>((resolve) => {
    const id = ++probes;
    answers.set(id, resolve);
    post({ type: 'probe', id, keys });
  });

  const source = await openSpreadsheet(d.filePath, d.open);
  try {
    const plan = compileMapping(parseMapping(d.mapping, 'run mapping'), source.headers);
    const profile = getLocaleProfile(d.locale);
    const rc = { profile, defaultCountry: d.defaultCountry, lookups: new LookupIndex(d.lookups), date1904: source.date1904 };
    const reader = spreadsheetRows({ source, plan, fileName: d.fileName, profile, replay: null });
    post({ type: 'ready', sheet: source.sheet });
    const target = ENTITY_TARGETS[d.entity];
    const processRow = createRowProcessor({ target, rc, origin: reader.origin, strict: d.strict });
    const shape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };

    const seed = skipsKnownRows(target, d.dryRun) ? fingerprintSeed(d.sourceSystem, target, rc, d.strict) : null;
    // Batches sent whose merges may not have committed when the next probe runs: the ones waiting
    // for a credit, the one being copied, the one merging, and one more for the hand-over.
    const recent = new RecentExternalIds(CREDITS + 3);
    let pending: SourceRow[] = [];
    let batch = new Batch(shape);
    let raws: string[] = [];
    const probe = new BatchProbe(seed && d.probe ? findKnown : null);
    const assemble = async () => {
      const rows = pending;
      pending = [];
      const { fingerprints, known } = await probe.take();
      const assembled = await assembleBatch(rows, fingerprints, known, recent, processRow);
      assembled.forEach((r, i) => {
        const item = rows[i]!;
        batch.add(item, r);
        if (r.kind === 'loaded') raws.push(JSON.stringify([item.rowNumber, item.raw]));
      });
      if (probe.asks) recent.add(batch.externalIds());
    };
    const send = async () => {
      await assemble();
      while (credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
      credits--;
      const groups: [number, number[]][] = [];
      for (const [row, members] of batch.memberRows()) if (members.length > 1) groups.push([row, members]);
      const lines: string[] = [];
      for (const line of batch.lines()) lines.push(line);
      post({
        type: 'batch',
        batch: {
          read: batch.read, lastRow: batch.lastRow, copyText: lines.join(''), rejects: batch.rejects, skipped: batch.skipped,
          warnings: batch.warnings, groups, rawJson: `[${raws.join(',')}]`, known: batch.known,
        },
      });
      batch = new Batch(shape);
      raws = [];
    };
    for await (const rows of reader.batches(d.afterRow)) {
      for (const item of rows) {
        pending.push(item);
        probe.add(rowKey(seed, target, item));
        if (probe.asks) item.compact?.(); // it waits for the answer, and is most likely known (load-loop.ts)
        if (pending.length >= d.batchSize) await send();
      }
    }
    if (pending.length > 0) await send();
    post({ type: 'end' });
  } finally {
    await source.close().catch(() => undefined);
  }
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as RowWorkerInput).catch((err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const msg: WorkerMessage = {
      type: 'error',
      error: {
        name: e instanceof SpreadsheetError ? 'SpreadsheetError' : e.constructor.name,
        message: e.message,
        ...((e as { code?: unknown }).code !== undefined ? { code: String((e as { code?: unknown }).code) } : {}),
        ...(e instanceof SpreadsheetError && e.place ? { place: e.place } : {}),
        ...(e.stack ? { stack: e.stack } : {}),
      },
    };
    port.postMessage(msg);
  });
}
