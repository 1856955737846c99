/**
 * The changed set says what changed for each account: `columns`, the feature columns whose value
 * changed at the last refresh, or NULL when the account itself changed (its fields, new, deleted).
 * A rule re-evaluates only the accounts whose changes touch a column it reads: a night's new site
 * visits no longer re-evaluate the rules that read no site visits (features.ts, evaluate-rule.ts).
 * Existing rows (none outside a pass) read as NULL: every rule, as before.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_changed_accounts ADD COLUMN columns text[]');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_changed_accounts DROP COLUMN columns');
}
