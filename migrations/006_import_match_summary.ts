/**
 * An import's match stage (issue 4) reports what it did: records profiled, candidate pairs,
 * automatic merges, pairs sent to review. Kept beside the run's counts in the ledger.
 *
 * `match_profiles.matched_at` says when a profile was last matched: a profile written after that
 * (or never matched) still has to be. The match stage's "to do" list is therefore durable: a
 * stage that fails after writing profiles finds the same records again when Temporal retries it.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sync_runs', (t) => {
    t.jsonb('match_summary');
  });
  await knex.schema.alterTable('match_profiles', (t) => {
    t.timestamp('matched_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX match_profiles_to_match_idx ON match_profiles (entity_type) WHERE matched_at IS NULL OR matched_at < updated_at');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('match_profiles', (t) => {
    t.dropColumn('matched_at');
  });
  await knex.schema.alterTable('sync_runs', (t) => {
    t.dropColumn('match_summary');
  });
}
