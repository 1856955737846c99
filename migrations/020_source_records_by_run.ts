/**
 * The source records a run wrote, found by index: an import's match stage recomputes the golden
 * records of the run's multi-source records (refresh-golden-records.ts) and re-links the run's
 * parent accounts (accounts-target.ts), both by `last_run_id`. Without an index each page of that
 * was a scan of every source record: 0.6–1.3 s a page at 1M source records for a 10k-row batch
 * (issue 11), 28 ms with it. `id` last, so that the pages are keyset pages of the index and a
 * first import's inserts (ids from a sequence, one run) land at its right edge.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX source_records_run_idx ON source_records (entity_type, last_run_id, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX source_records_run_idx');
}
