/**
 * `match_block_keys` is looked up by a 64-bit hash of (entity, key): a column `key_hash`
 * (`crmhub_block_key_hash`, PostgreSQL's own `hashtextextended`), and a primary key of
 * (key_hash, record_id, key) instead of (key, entity_type, record_id).
 *
 * Why (issue 11): a first import's match stage inserts every profile's ≈ 11 keys into this index
 * (11M at 1M accounts, ≈ 111k a chunk of 10,000), and each chunk probes it once per key. The
 * insert costs its descent and comparisons, not pages (docs/performance-log.md, twenty-fourth
 * session), and a text comparison costs more than an integer's. Measured on a copy of 1M accounts'
 * profiles (5.56M keys in the table, 111k keys of 10,000 other profiles inserted in a rolled-back
 * transaction, each in the index's order, alternated three times): 550–663 ms into the text key,
 * 376–384 ms into (hash, record id), 402–412 ms into (hash, record id, key); a chunk's 50k probes
 * 517–736 ms against 436–557 ms.
 *
 * The key stays in the primary key's last column, so the table stays exactly what it was: one row
 * per (profile, key), unique as before, and a lookup compares the key itself after the hash (two
 * keys with one hash cost one more comparison, never a wrong candidate). The entity is part of the
 * hash, so the lookups no longer need `entity_type` (it stays a column: counts group by it).
 * `hashtextextended` hashes the text's bytes under any deterministic collation, and is the hash
 * PostgreSQL's own hash partitioning relies on, stable across versions; only SQL computes it.
 */
import type { Knex } from 'knex';
import { deleteAndUpdateFunctions } from './024_block_keys_triggers_use_the_index';
import { contributions as contributions025, FUNCTIONS as FUNCTIONS_025 } from './025_block_keys_of_profiles_once_matched';
import { BLOCK_KEYS_PRIMARY_KEY as PRIMARY_KEY_028 } from './028_block_keys_key_first';

/** The columns of the keys' primary key, for the statements that drop and rebuild it. */
export const BLOCK_KEYS_PRIMARY_KEY = '(key_hash, record_id, key)';

/** The hash of an entity's key, as SQL over two text expressions. */
export const blockKeyHash = (entity: string, key: string) => `crmhub_block_key_hash(${entity}, ${key})`;

/** Rows of (entity_type, key, record_id), given as SQL, with their hashes. */
const withHashes = (rowsSql: string) =>
  `SELECT r.entity_type, r.key, r.record_id, ${blockKeyHash('r.entity_type', 'r.key')} AS key_hash FROM (${rowsSql}) r`;

/** The rows a profile row gives (025's: its distinct keys once matched), with their hashes. */
export const contributions = (alias: string, table: string) => withHashes(contributions025(alias, table));

/** The columns `contributions` gives, in order, for an INSERT. */
export const BLOCK_KEY_COLUMNS = '(entity_type, key, record_id, key_hash)';

// As 024 and 025: deletes probe the primary key (hash and merge joins off in these functions
// only), a statement with no key to remove runs no delete, inserts go in the index's order.
export const FUNCTIONS = `
CREATE OR REPLACE FUNCTION crmhub_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO match_block_keys ${BLOCK_KEY_COLUMNS} ${contributions('n', 'crmhub_new_profiles')} ORDER BY 4, 3;
  RETURN NULL;
END $$;
${deleteAndUpdateFunctions(contributions025, {
  finish: withHashes,
  matches: 'b.key_hash = g.key_hash AND b.record_id = g.record_id AND b.key = g.key',
  columns: BLOCK_KEY_COLUMNS,
  order: '4, 3',
})}`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE FUNCTION crmhub_block_key_hash(entity text, key text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT hashtextextended(entity || ':' || key, 0) $$`);
  await knex.raw("SET LOCAL maintenance_work_mem = '256MB'");
  // Filled by one rewrite of the table (a generated column), then an ordinary column that the
  // writers fill: a generated column would forbid 027's down (ALTER TYPE of the key it reads).
  await knex.raw(`ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey,
    ADD COLUMN key_hash bigint NOT NULL GENERATED ALWAYS AS (${blockKeyHash('entity_type', 'key')}) STORED`);
  await knex.raw('ALTER TABLE match_block_keys ALTER COLUMN key_hash DROP EXPRESSION');
  await knex.raw(`ALTER TABLE match_block_keys ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY ${BLOCK_KEYS_PRIMARY_KEY}`);
  await knex.raw(FUNCTIONS);
  await knex.raw('ANALYZE match_block_keys');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(FUNCTIONS_025);
  await knex.raw("SET LOCAL maintenance_work_mem = '256MB'");
  await knex.raw('ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey, DROP COLUMN key_hash');
  await knex.raw(`ALTER TABLE match_block_keys ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY ${PRIMARY_KEY_028}`);
  await knex.raw('DROP FUNCTION crmhub_block_key_hash(text, text)');
}
