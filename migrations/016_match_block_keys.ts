/**
 * `match_block_keys`: one narrow row per (profile, blocking key), the incremental candidate search
 * in place of the GIN index on `match_profiles.block_keys` (issue 11, the 10k-row batch against a
 * large CRM). A GIN probe returned record ids, then a bitmap heap scan read the wide profile rows
 * (JSON, 1.2 GB at 1M accounts) to check `matched_at >= updated_at`: 82 heap blocks for a key
 * returning 7 rows, 0.35 ms a key, 30–38 s for a 10k-row batch. Here a probe is a btree range scan
 * of (entity_type, key) that stops at the rule's cap + 1 and reads the index alone.
 *
 * `matched` is `matched_at >= updated_at` of the profile, carried into the index (INCLUDE) so the
 * probe filters on it without the heap: the CRM side of an incremental pass is exactly the matched
 * profiles, as the GIN query had it. A flag rather than "exclude the stage's unmatched ids": a
 * first import has a million unmatched profiles, and other stages' unmatched profiles count too.
 *
 * Kept in step by statement triggers on match_profiles (transition tables, one set-based statement
 * per write, not one per row), so every writer — the profile COPY and upserts, markMatched, the
 * merge's deletes, unmerge's generic restore of before-images, a test inserting rows — updates it in
 * its own statement and transaction, and nothing can forget it. The UPDATE trigger only touches the
 * keys that changed (markMatched flips `matched` on the chunk's keys; an unchanged rewrite nothing).
 * A full dedupe rebuilds the entity's rows itself with the triggers disabled
 * (activities/match/match-profiles.ts writeProfiles, replaceAll).
 *
 * A key listed twice in one profile (two names with the same name key) is one row: a probe saw
 * one profile, and the primary key wants it so.
 *
 * The GIN index is dropped: nothing else reads it, and its upkeep was a cost of every profile write.
 */
import type { Knex } from 'knex';

const FUNCTIONS = `
CREATE FUNCTION crmhub_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO match_block_keys (entity_type, key, record_id, matched)
  SELECT n.entity_type, k.key, n.record_id, coalesce(n.matched_at >= n.updated_at, false)
    FROM crmhub_new_profiles n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.block_keys)) AS k(key)
   WHERE k.key IS NOT NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION crmhub_block_keys_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM match_block_keys b
   USING (SELECT o.entity_type, k.key, o.record_id
            FROM crmhub_old_profiles o CROSS JOIN LATERAL (SELECT DISTINCT unnest(o.block_keys)) AS k(key)) g
   WHERE b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id;
  RETURN NULL;
END $$;

-- Keys a profile lost are deleted; keys it gained, or whose matched flag changed, are upserted.
CREATE FUNCTION crmhub_block_keys_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM match_block_keys b
   USING (SELECT o.entity_type, k.key, o.record_id FROM crmhub_old_profiles o CROSS JOIN LATERAL unnest(o.block_keys) AS k(key)
          EXCEPT
          SELECT n.entity_type, k.key, n.record_id FROM crmhub_new_profiles n CROSS JOIN LATERAL unnest(n.block_keys) AS k(key)) g
   WHERE b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id;
  INSERT INTO match_block_keys (entity_type, key, record_id, matched)
  SELECT * FROM (
    SELECT n.entity_type, k.key, n.record_id, coalesce(n.matched_at >= n.updated_at, false)
      FROM crmhub_new_profiles n CROSS JOIN LATERAL unnest(n.block_keys) AS k(key) WHERE k.key IS NOT NULL
    EXCEPT
    SELECT o.entity_type, k.key, o.record_id, coalesce(o.matched_at >= o.updated_at, false)
      FROM crmhub_old_profiles o CROSS JOIN LATERAL unnest(o.block_keys) AS k(key)) c
  ON CONFLICT (entity_type, key, record_id) DO UPDATE SET matched = EXCLUDED.matched;
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

// Workers write profiles, and the triggers run as the writer: crmhub_worker needs the rows of this
// table as of match_profiles (SELECT for the upsert's ON CONFLICT). The roles script's default
// privileges cover it when crmhub_owner runs the migrations; this covers any other migrating role.
const ifWorker = (statement: string) => `DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_worker') THEN ${statement}; END IF;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE match_block_keys (
    entity_type text NOT NULL,
    key text NOT NULL,
    record_id uuid NOT NULL,
    matched boolean NOT NULL,
    CONSTRAINT match_block_keys_pkey PRIMARY KEY (entity_type, key, record_id) INCLUDE (matched)
  )`);
  // Backfilled before the index exists (one sorted build instead of a row-by-row insert).
  await knex.raw('ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey');
  await knex.raw(`INSERT INTO match_block_keys (entity_type, key, record_id, matched)
    SELECT p.entity_type, k.key, p.record_id, coalesce(p.matched_at >= p.updated_at, false)
      FROM match_profiles p CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.block_keys)) AS k(key) WHERE k.key IS NOT NULL`);
  await knex.raw('ALTER TABLE match_block_keys ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY (entity_type, key, record_id) INCLUDE (matched)');
  await knex.raw(FUNCTIONS);
  await knex.raw(TRIGGERS);
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
