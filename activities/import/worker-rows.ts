/**
 * The main thread's side of the row worker (row-worker.ts): starts the thread, and gives its
 * batches to the load loop as prepared batches, one credit back per batch taken. Errors of the
 * worker come back as the classes `classify` knows (a bad file stays non-retryable).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SpreadsheetError, type SpreadsheetErrorCode } from '../../connectors/spreadsheet';
import type { LoadBatch } from '../pipeline/batch';
import type { PreparedBatch } from '../pipeline/load-loop';
import type { RejectedRow } from '../pipeline/quarantine';
import type { SourceRow } from '../pipeline/source-row';
import { BadConfigurationError, BadInputError } from '../errors';
import type { FindKnown, KnownRow } from '../pipeline/known-rows';
import type { MainMessage, RowWorkerInput, WorkerBatch, WorkerMessage } from './row-worker';

/** The worker thread's own heap cap (its batches in flight and one file reader). */
const WORKER_HEAP_MB = 256;

export interface WorkerRows {
  /** The sheet the worker opened (known once it has read the header). */
  sheet: string | null;
  batches: AsyncIterable<PreparedBatch>;
  close(): Promise<void>;
}

/**
 * `findKnown` answers the worker's probes of the identity map (known-rows.ts findKnownRows), on
 * this thread's database connections.
 */
export async function startRowWorker(input: RowWorkerInput, findKnown?: FindKnown): Promise<WorkerRows> {
  const worker = new Worker(join(__dirname, 'row-worker.cjs'), {
    workerData: input,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const queue: WorkerMessage[] = [];
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  const wake = () => { notify?.(); notify = null; };
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'probe') {
      const answer = findKnown ? findKnown(m.keys) : Promise.resolve(new Map<string, string>());
      answer.then(
        (known) => worker.postMessage({ type: 'known', id: m.id, known: [...known] } satisfies MainMessage),
        (err: unknown) => { failure ??= err instanceof Error ? err : new Error(String(err)); wake(); },
      );
      return;
    }
    queue.push(m);
    wake();
  });
  worker.on('error', (err) => { failure ??= err; wake(); });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the row worker thread exited with code ${code}`);
    else failure ??= new Error('the row worker thread ended before its last batch');
    wake();
  });

  const next = async (): Promise<WorkerMessage> => {
    for (;;) {
      const m = queue.shift();
      if (m) {
        if (m.type === 'error') throw rebuildError(m.error);
        return m;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => { notify = resolve; });
    }
  };

  let ready: WorkerMessage;
  try {
    ready = await next();
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  if (ready.type !== 'ready') throw new Error(`row worker: expected ready, got ${ready.type}`);

  return {
    sheet: ready.sheet,
    batches: (async function* () {
      for (;;) {
        const m = await next();
        if (m.type === 'end') return;
        if (m.type !== 'batch') throw new Error(`row worker: unexpected ${m.type}`);
        worker.postMessage({ type: 'credit' });
        yield { prepared: new WorkerLoadBatch(m.batch, input.fileName, ready.type === 'ready' ? ready.sheet : null) };
      }
    })(),
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/** A batch the worker prepared: the file rows behind it are parsed only if a row is refused. */
class WorkerLoadBatch implements LoadBatch {
  readonly hasReplays = false;
  private raws: Map<number, SourceRow['raw']> | null = null;

  constructor(private readonly b: WorkerBatch, private readonly fileName: string, private readonly sheet: string | null) {}

  get read(): number { return this.b.read; }
  get lastRow(): number { return this.b.lastRow; }
  get size(): number { return this.b.read; }
  get rejects(): RejectedRow[] { return this.b.rejects; }
  get skipped(): RejectedRow[] { return this.b.skipped; }
  get warnings() { return this.b.warnings; }
  get known(): KnownRow[] { return this.b.known; }

  lines(): Iterable<string> {
    return this.b.copyText.length > 0 ? [this.b.copyText] : [];
  }

  memberRows(): Map<number, number[]> {
    return new Map(this.b.groups);
  }

  rowOf(rowNumber: number): SourceRow | undefined {
    this.raws ??= new Map(JSON.parse(this.b.rawJson) as [number, SourceRow['raw']][]);
    const raw = this.raws.get(rowNumber);
    if (!raw) return undefined;
    // As spreadsheet-rows.ts places a row; only `raw` and `place` are read from a refused row.
    return { rowNumber, place: { file: this.fileName, sheet: this.sheet, row: rowNumber }, fields: null, extras: {}, raw };
  }

  replayRows(): Iterable<SourceRow> {
    return [];
  }
}

function rebuildError(e: { name: string; message: string; code?: string; place?: unknown; stack?: string }): Error {
  let err: Error;
  if (e.name === 'SpreadsheetError') err = new SpreadsheetError(e.code as SpreadsheetErrorCode, e.message, e.place as SpreadsheetError['place']);
  else if (e.name === 'BadInputError') err = new BadInputError(e.message);
  else if (e.name === 'MappingError' || e.name === 'BadConfigurationError') err = new BadConfigurationError(e.message);
  else {
    err = new Error(e.message);
    if (e.code !== undefined) (err as Error & { code?: string }).code = e.code;
  }
  if (e.stack) err.stack = `${err.name}: ${err.message}\n    (in the row worker thread)\n${e.stack.split('\n').slice(1).join('\n')}`;
  return err;
}
