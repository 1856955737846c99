/**
 * The slowest statements of a harness's try, from pg_stat_statements (bench/*-direct.ts
 * `--statements`). The server must preload the module (`shared_preload_libraries`); the counters
 * are reset when the try starts and read for the copy's database only.
 */
import type { Knex } from 'knex';

export async function resetStatementStats(db: Knex): Promise<void> {
  await db.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.raw('SELECT pg_stat_statements_reset()');
}

/**
 * One line a statement: total time, calls, rows and the start of its text, slowest first. Entries
 * are summed by their text: a statement on a transaction's temp table (the merges' batches) gets a
 * new query id in every transaction, and would otherwise show as hundreds of one-call lines.
 */
export async function slowestStatements(db: Knex, limit = 25): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { calls: string; ms: string; rows: string; query: string }[] }>(
    `SELECT sum(calls) AS calls, round(sum(total_exec_time)) AS ms, sum(rows) AS rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY 4 ORDER BY sum(total_exec_time) DESC LIMIT ${Math.trunc(limit)}`,
  );
  return rows.map((r) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(5)}× ${String(r.rows).padStart(7)} rows  ${r.query}`);
}
