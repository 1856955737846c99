/**
 * Segmentation at a million accounts (issue 10 §6): rules read precomputed features instead of
 * scanning facts, and a night re-evaluates only the accounts whose inputs changed.
 *
 * - Features gain the product families an account bought (in the 12-month window and ever), for
 *   "buys X but not Y". `segment_account_hashes` keeps a hash of the account columns rules read
 *   (catalogue.ts): an account edited by any path, with or without `updated_at`, is dirty at the next pass.
 * - `segment_changed_accounts`: the accounts whose features or fields changed at the last refresh
 *   (`segment_feature_state.generation`). A rule evaluated at the previous generation re-evaluates
 *   only these; every other case (first run, new version, a full refresh, a lookup edit, a
 *   ranking over all accounts) evaluates every account, as before.
 * - Features and the changed set stay logged: a crash that emptied them between the refresh and the
 *   rules would have the rules read no features (everyone leaves) or no changes (nothing moves). The
 *   hashes are UNLOGGED: emptied, every account is dirty at the next refresh, which is only slower.
 *   (Migration 017 makes the other two UNLOGGED as well, with a guard against that crash.)
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE segment_account_features
      ADD COLUMN families_12m text[] NOT NULL DEFAULT '{}',
      ADD COLUMN families_all text[] NOT NULL DEFAULT '{}'`);
  // Scores that change overnight (ABC shares change for nearly every account) are updated in place too.
  await knex.raw('ALTER TABLE account_metrics SET (fillfactor = 70)');
  await knex.raw(`ALTER TABLE segment_feature_state
      ADD COLUMN generation integer NOT NULL DEFAULT 0,
      ADD COLUMN mode text NOT NULL DEFAULT 'full',
      ADD COLUMN previous_as_of date,
      ADD COLUMN lookups_hash text,
      ADD COLUMN lookups_changed boolean NOT NULL DEFAULT true`);
  await knex.raw('CREATE TABLE segment_changed_accounts (account_id uuid PRIMARY KEY)');
  // Narrow, so that a status rule's writes (every account on a first night) refresh it in place.
  await knex.raw('CREATE UNLOGGED TABLE segment_account_hashes (account_id uuid PRIMARY KEY, hash integer NOT NULL) WITH (fillfactor = 70)');
  // The features read invoice lines per account and day from the index alone (an index-only scan
  // in account order: no sort, no hash table of ten million lines). Same key as before, so every
  // other use of the index stays. Rebuilding it on a large table takes minutes and blocks writes.
  await knex.raw('DROP INDEX invoice_lines_account_idx');
  await knex.raw('CREATE INDEX invoice_lines_account_idx ON invoice_lines (account_id, issue_date) INCLUDE (net_minor, currency, product_family)');
  await knex.raw(`ALTER TABLE segment_runs
      ADD COLUMN features_generation integer,
      ADD COLUMN mode text,
      ADD COLUMN evaluated_count integer`);
  // The admin SQL mode's view of features lists its columns when created: again, with the new ones.
  await knex.raw('CREATE OR REPLACE VIEW seg.features WITH (security_barrier) AS SELECT * FROM public.segment_account_features');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW IF EXISTS seg.features');
  await knex.raw('ALTER TABLE segment_runs DROP COLUMN features_generation, DROP COLUMN mode, DROP COLUMN evaluated_count');
  await knex.raw('DROP TABLE segment_changed_accounts');
  await knex.raw('DROP TABLE segment_account_hashes');
  await knex.raw('DROP INDEX invoice_lines_account_idx');
  await knex.raw('CREATE INDEX invoice_lines_account_idx ON invoice_lines (account_id, issue_date)');
  await knex.raw('ALTER TABLE segment_feature_state DROP COLUMN generation, DROP COLUMN mode, DROP COLUMN previous_as_of, DROP COLUMN lookups_hash, DROP COLUMN lookups_changed');
  await knex.raw('ALTER TABLE account_metrics RESET (fillfactor)');
  await knex.raw('ALTER TABLE segment_account_features DROP COLUMN families_12m, DROP COLUMN families_all');
  await knex.raw('CREATE VIEW seg.features WITH (security_barrier) AS SELECT * FROM public.segment_account_features');
  await knex.raw('GRANT SELECT ON seg.features TO crmhub_seg_reader');
}
