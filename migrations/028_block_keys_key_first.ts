/**
 * `match_block_keys`' primary key leads with the key: (key, entity_type, record_id), no longer
 * (entity_type, key, record_id).
 *
 * A sort gives abbreviated keys to its first column only. With `entity_type` first, every
 * comparison of a build found the same 'accounts' and fell through to full comparisons of the keys
 * (trace_sort: `abbrev_distinct` 1.0). A full dedupe builds this index from scratch on every run
 * (match-profiles.ts writeProfiles), as does a rebuild after a crash (block-keys-built.ts).
 * Measured on a copy of a 1M dedupe's 3,824,705 keys, each build alone and alternated: 4.24 and
 * 4.01 s key first, against 7.12 and 6.82 s (docs/performance-log.md).
 *
 * Nothing else changes: the lookups give both columns by equality (`entity_type = ? AND key = ?`),
 * and an entity's keys in key order are still neighbours in the index, so the triggers' inserts
 * (ORDER BY key, record_id within one entity) still land in neighbouring leaves.
 */
import type { Knex } from 'knex';

/** The columns of the keys' primary key, for the statements that drop and rebuild it. */
export const BLOCK_KEYS_PRIMARY_KEY = '(key, entity_type, record_id)';

export async function up(knex: Knex): Promise<void> {
  await knex.raw("SET LOCAL maintenance_work_mem = '256MB'");
  await knex.raw(`ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey,
    ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY ${BLOCK_KEYS_PRIMARY_KEY}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey,
    ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY (entity_type, key, record_id)`);
}
