/**
 * An import's match stage (issue 4) reports what it did: records profiled, candidate pairs,
 * automatic merges, pairs sent to review. Kept beside the run's counts in the ledger.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sync_runs', (t) => {
    t.jsonb('match_summary');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sync_runs', (t) => {
    t.dropColumn('match_summary');
  });
}
