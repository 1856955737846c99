/**
 * Features and the changed set become UNLOGGED, like the hashes beside them (migration 013).
 *
 * All three are derived from the facts and accounts and rebuilt by a refresh. Logged, a dirty
 * night at 1M accounts wrote 1.2 GB of WAL, mostly full-page images; the features alone made
 * 440 MB of it, and the checkpoints they brought on made every other write of the night dearer
 * (night 2 of bench:rules, same snapshot: 16.9 → 13.0 s, WAL 1,208 → 769 MB).
 *
 * What a crash costs: recovery empties every unlogged table at once. The next refresh finds no
 * features and runs in full (features.ts); a rule that would read them before that refresh fails
 * with a message instead of emptying its segment (evaluate-rule.ts, featuresLost). Not on
 * streaming replicas either: nothing reads them there (rules and previews run on the primary).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_account_features SET UNLOGGED');
  await knex.raw('ALTER TABLE segment_changed_accounts SET UNLOGGED');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_account_features SET LOGGED');
  await knex.raw('ALTER TABLE segment_changed_accounts SET LOGGED');
}
