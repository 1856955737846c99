/**
 * `match_block_keys`: one narrow row per (matched profile, blocking key), the incremental candidate
 * search in place of the GIN index on `match_profiles.block_keys` (issue 11, a 10k-row batch
 * against a large CRM). A GIN probe returned record ids, then a bitmap heap scan read the wide
 * profile rows (JSON, 1.2 GB at 1M accounts) to check `matched_at >= updated_at`: 82 heap blocks
 * for a key returning 7 rows, 0.35 ms a key, 30–38 s for the batch. Here a probe is an index-only
 * range scan of (entity_type, key) that stops at the rule's cap + 1 and never reads a wide row.
 *
 * Only matched profiles (`matched_at >= updated_at`) have rows: exactly the CRM side of an
 * incremental pass as the GIN query had it, so a probe needs no filter and no heap. Rejected:
 * - all profiles with a `matched` flag: every profile's keys written twice (unmatched when its
 *   profile is written, flipped when it is matched), measured 0.59 s of trigger per 2,000-record
 *   chunk for the flips alone, and the table twice as churned;
 * - all profiles, excluding the stage's unmatched ids in the probe: a first import has a million
 *   of them, and the unmatched profiles of other stages count too.
 * The price: the oversized-key count of a first import (over all profiles) still reads the
 * unmatched profiles' arrays (activities/match/match-profiles.ts oversizedBlockKeys).
 *
 * Kept in step by statement triggers on match_profiles (transition tables: one set-based statement
 * per write, not one per row), so every writer — the profile COPY and upserts, markMatched, the
 * merge's deletes, unmerge's generic restore of before-images, a test inserting rows — updates it in
 * its own statement and transaction, and none can forget it. An UPDATE writes only the difference.
 * A full dedupe rebuilds the entity's rows itself with the triggers off for its transaction
 * (writeProfiles, replaceAll). A key listed twice in one profile (two names with the same name
 * key) is one row: a probe saw one profile.
 *
 * The GIN index is dropped: nothing else reads it, and its upkeep was a cost of every profile write.
 */
import type { Knex } from 'knex';
import { ifWorker } from './015_worker_truncates_segment_scratch';

/**
 * The rows a profile row gives: its distinct keys when it is matched, none otherwise. The triggers
 * below and a full dedupe's rebuild (match-profiles.ts writeProfiles) both write exactly these.
 */
export const contributions = (alias: string, table: string) =>
  `SELECT ${alias}.entity_type, k.key, ${alias}.record_id
     FROM ${table} ${alias} CROSS JOIN LATERAL (SELECT DISTINCT unnest(${alias}.block_keys)) AS k(key)
    WHERE ${alias}.matched_at >= ${alias}.updated_at AND k.key IS NOT NULL`;

// Inserted in key order, so consecutive rows land in neighbouring index leaves (a chunk's 22k
// keys: 4k index and heap pages read instead of 13k in one measurement; noisy, cache-dependent).
export const FUNCTIONS = `
CREATE FUNCTION crmhub_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO match_block_keys (entity_type, key, record_id) ${contributions('n', 'crmhub_new_profiles')} ORDER BY 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION crmhub_block_keys_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM match_block_keys b USING (${contributions('o', 'crmhub_old_profiles')}) g
   WHERE b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id;
  RETURN NULL;
END $$;

-- Only the difference is written: a profile marked matched adds its keys, one rewritten (so no
-- longer matched) removes them, a changed matched one swaps the keys it lost and gained.
CREATE FUNCTION crmhub_block_keys_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM match_block_keys b
   USING (${contributions('o', 'crmhub_old_profiles')} EXCEPT ${contributions('n', 'crmhub_new_profiles')}) g
   WHERE b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id;
  INSERT INTO match_block_keys (entity_type, key, record_id)
  ${contributions('n', 'crmhub_new_profiles')} EXCEPT ${contributions('o', 'crmhub_old_profiles')} ORDER BY 2, 3;
  RETURN NULL;
END $$;
`;

const TRIGGERS = `
CREATE TRIGGER match_profiles_block_keys_ins AFTER INSERT ON match_profiles
  REFERENCING NEW TABLE AS crmhub_new_profiles FOR EACH STATEMENT EXECUTE FUNCTION crmhub_block_keys_inserted();
CREATE TRIGGER match_profiles_block_keys_del AFTER DELETE ON match_profiles
  REFERENCING OLD TABLE AS crmhub_old_profiles FOR EACH STATEMENT EXECUTE FUNCTION crmhub_block_keys_deleted();
CREATE TRIGGER match_profiles_block_keys_upd AFTER UPDATE ON match_profiles
  REFERENCING OLD TABLE AS crmhub_old_profiles NEW TABLE AS crmhub_new_profiles FOR EACH STATEMENT EXECUTE FUNCTION crmhub_block_keys_updated();
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE match_block_keys (
    entity_type text NOT NULL,
    key text NOT NULL,
    record_id uuid NOT NULL
  )`);
  // Backfilled before the index exists (one sorted build instead of a row-by-row insert).
  await knex.raw(`INSERT INTO match_block_keys (entity_type, key, record_id) ${contributions('p', 'match_profiles')}`);
  await knex.raw('ALTER TABLE match_block_keys ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY (entity_type, key, record_id)');
  await knex.raw(FUNCTIONS);
  await knex.raw(TRIGGERS);
  // Workers write profiles, and the triggers run as the writer: crmhub_worker needs the rows of
  // this table as of match_profiles (SELECT for the upsert's ON CONFLICT). The roles script's
  // default privileges cover it when crmhub_owner runs the migrations; this covers any other role.
  await knex.raw(ifWorker('GRANT SELECT, INSERT, UPDATE, DELETE ON match_block_keys TO crmhub_worker'));
  await knex.raw('DROP INDEX match_profiles_block_keys_idx');
  await knex.raw('ANALYZE match_block_keys');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX match_profiles_block_keys_idx ON match_profiles USING gin (block_keys) WITH (gin_pending_list_limit = 64)');
  for (const t of ['ins', 'del', 'upd']) await knex.raw(`DROP TRIGGER match_profiles_block_keys_${t} ON match_profiles`);
  for (const f of ['inserted', 'deleted', 'updated']) await knex.raw(`DROP FUNCTION crmhub_block_keys_${f}()`);
  await knex.raw('DROP TABLE match_block_keys');
}
