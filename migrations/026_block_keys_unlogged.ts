/**
 * `match_block_keys` becomes UNLOGGED, with a one-row marker that says it is complete.
 *
 * The table is derived: its rows are exactly what `match_profiles` gives (migration 025's
 * `contributions`), so it can always be rebuilt from the profiles. Logged, a 1M-row first import's
 * match stage wrote its 11.1M keys through the WAL, ≈ 225 MB a chunk of 10,000 records once
 * checkpoints came (full-page images of a 1.1 GB index), and the checkpoints this brought on made
 * every other write of the stage dearer. Measured on a copy of that CRM, the same 111k keys into
 * the same 11M-key index: 659–773 ms logged, 437–541 ms unlogged (docs/performance-log.md).
 *
 * What a crash costs: recovery empties every unlogged table, this one and its marker
 * `match_block_keys_built` at once (both are reset to their empty init forks). The readers of the
 * keys (the candidate search and the oversized-key count, activities/match/block-keys-built.ts)
 * find the marker gone and rebuild the table from the profiles before they read it, whatever the
 * triggers wrote into the emptied table since. Streaming replicas have neither table's rows;
 * nothing reads them there (matching runs on the primary), and a promoted replica rebuilds the
 * same way.
 * https://www.postgresql.org/docs/15/sql-createtable.html#SQL-CREATETABLE-UNLOGGED
 */
import type { Knex } from 'knex';
import { ifWorker } from './015_worker_truncates_segment_scratch';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE match_block_keys SET UNLOGGED');
  // One row while the keys are complete; none after a crash emptied both (or before a rebuild).
  await knex.raw(`CREATE UNLOGGED TABLE match_block_keys_built (
    built boolean PRIMARY KEY DEFAULT true CHECK (built)
  )`);
  await knex.raw('INSERT INTO match_block_keys_built DEFAULT VALUES');
  await knex.raw(ifWorker('GRANT SELECT, INSERT ON match_block_keys_built TO crmhub_worker'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE match_block_keys_built');
  await knex.raw('ALTER TABLE match_block_keys SET LOGGED');
}
