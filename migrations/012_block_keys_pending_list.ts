/**
 * Keep the GIN index on match_profiles.block_keys' pending list small. With the default 4 MB,
 * rows written since the last cleanup wait in an unsorted list that every probe scans: with 8,000
 * pending entries (two match stages and a sync writing profiles at once, in the rehearsal) each
 * candidate query of a chunk ran for minutes. 64 kB (the minimum) makes inserts merge into the
 * tree in small steps and keeps a probe under a millisecond. A full `crmhub dedupe` rebuilds the
 * index with the same setting (activities/match/match-profiles.ts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER INDEX match_profiles_block_keys_idx SET (gin_pending_list_limit = 64)');
  await knex.raw("SELECT gin_clean_pending_list('match_profiles_block_keys_idx'::regclass)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER INDEX match_profiles_block_keys_idx RESET (gin_pending_list_limit)');
}
