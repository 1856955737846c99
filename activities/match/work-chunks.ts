/**
 * The durable to-do list of a long matching job (migrations/010_work_chunks.ts): chunks written
 * before any runs, each marked done in the transaction that applied it. Chunk -1 is the header.
 */
import type { Knex } from 'knex';

export const HEADER = -1;

export interface WorkChunk<P = unknown> { chunkNo: number; payload: P }

export async function readHeader<R>(db: Knex, job: string): Promise<R | null> {
  const row = await db('work_chunks').where({ job, chunk_no: HEADER }).first<{ result: R } | undefined>('result');
  return row ? row.result : null;
}

/** The header's done_at is when it is written (not its transaction's start): a dedupe's apply is timed from it. */
export async function writeHeader(db: Knex | Knex.Transaction, job: string, payload: unknown, result: unknown): Promise<void> {
  await db('work_chunks')
    .insert({ job, chunk_no: HEADER, payload: JSON.stringify(payload), result: JSON.stringify(result), done_at: db.raw('clock_timestamp()') })
    .onConflict(['job', 'chunk_no']).merge(['result', 'done_at']);
}

/** The lowest chunk not done yet, or null when the job is finished. */
export async function nextChunk<P>(db: Knex, job: string): Promise<WorkChunk<P> | null> {
  const row = await db('work_chunks').where({ job }).where('chunk_no', '>=', 0).whereNull('done_at')
    .orderBy('chunk_no').first<{ chunk_no: number; payload: P } | undefined>('chunk_no', 'payload');
  return row ? { chunkNo: row.chunk_no, payload: row.payload } : null;
}

/**
 * Marks a chunk done with its result, in the caller's transaction. Refuses (throws) if another
 * attempt marked it first (a zombie activity still running after its heartbeat timed out): the
 * transaction rolls back and nothing is applied twice.
 */
export async function markChunkDone(trx: Knex.Transaction, job: string, chunkNo: number, result: unknown): Promise<void> {
  const n = await trx('work_chunks').where({ job, chunk_no: chunkNo }).whereNull('done_at')
    .update({ result: JSON.stringify(result), done_at: trx.fn.now() });
  if (n !== 1) throw new Error(`chunk ${chunkNo} of ${job} was already done by another attempt`);
}

/**
 * Replaces a done chunk's result: a chunk's summary is written as it commits, and the time of the
 * work it does after its commit (match-after-import.ts: the survivors' profiles) is added here.
 */
export async function updateChunkResult(db: Knex, job: string, chunkNo: number, result: unknown): Promise<void> {
  await db('work_chunks').where({ job, chunk_no: chunkNo }).whereNotNull('done_at').update({ result: JSON.stringify(result) });
}

export async function chunkResults<R>(db: Knex, job: string): Promise<R[]> {
  const rows = await db('work_chunks').where({ job }).where('chunk_no', '>=', 0).whereNotNull('done_at').orderBy('chunk_no').select<{ result: R }[]>('result');
  return rows.map((r) => r.result);
}

export async function chunkProgress(db: Knex, job: string): Promise<{ done: number; total: number }> {
  const { rows } = await db.raw<{ rows: { done: string; total: string }[] }>(
    'SELECT count(done_at) AS done, count(*) AS total FROM work_chunks WHERE job = ? AND chunk_no >= 0', [job],
  );
  return { done: Number(rows[0]?.done ?? 0), total: Number(rows[0]?.total ?? 0) };
}
