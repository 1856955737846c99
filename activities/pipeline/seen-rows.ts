/**
 * Rows a run found unchanged, per external id: the run's own memory of "this customer's row was
 * already here, as it was". When a later row of the same file carries the same external id with
 * new content, it is collapsed with those rows instead of replacing them (collapse-groups.ts).
 *
 * UNLOGGED and per run (dropped with the run's staging tables): it holds a narrow row for every
 * unchanged row of the file and is written in each batch's transaction, so a resumed run sees
 * exactly the batches that committed. (A PostgreSQL crash empties UNLOGGED tables; the cost is
 * that a duplicate changed later in the same file is collapsed with fewer of its rows once.)
 */
import type { Knex } from 'knex';

export function seenTableName(runId: number): string {
  return `crmhub_seen_${Math.trunc(runId)}`;
}

export async function createSeenTable(db: Knex, runId: number): Promise<void> {
  const t = seenTableName(runId);
  // Two attempts of one run may start at once (a retry while the superseded attempt still runs):
  // CREATE … IF NOT EXISTS races on the catalog, so creating it is serialized by a lock.
  await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [t]);
    await trx.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS ${t} (external_id text NOT NULL, row_hash text NOT NULL, row_number integer NOT NULL)`);
    await trx.raw(`CREATE INDEX IF NOT EXISTS ${t}_key ON ${t} (external_id)`);
  });
}

export async function dropSeenTable(db: Knex, runId: number): Promise<void> {
  await db.raw(`DROP TABLE IF EXISTS ${seenTableName(runId)}`);
}

/** Records the batch's unchanged rows (every member of an unchanged group). */
export async function recordSeenRows(trx: Knex.Transaction, stage: string, runId: number): Promise<void> {
  await trx.raw(
    `INSERT INTO ${seenTableName(runId)} (external_id, row_hash, row_number)
     SELECT s.external_id, m.h, m.r FROM ${stage} s, unnest(s.row_hashes, s.row_numbers) AS m(h, r)
      WHERE s.action = 'unchanged'`,
  );
}
