/**
 * `match_block_keys` compares its keys byte by byte (COLLATE "C"), not by the database's collation.
 *
 * Nothing reads the keys in a language's order: they are only looked up by equality, grouped, and
 * sorted so that a statement's inserts land in neighbouring index leaves. Under any other collation
 * (C.UTF-8 and en_US.UTF-8 alike, in PostgreSQL 15) every comparison is a strcoll() call, and sorts
 * get no abbreviated keys: building the primary key of a dedupe's 3.8M keys, each insert's descent
 * of the index and the triggers' ORDER BY all paid for it. Measured in docs/performance-log.md.
 *
 * A parameter or an unnested array compared with the column takes its collation (the default
 * collation yields to a column's), so the lookups use the index as before.
 * https://www.postgresql.org/docs/15/collation.html#COLLATION-CONCEPTS
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Rewrites the table and rebuilds its primary key, once.
  await knex.raw('ALTER TABLE match_block_keys ALTER COLUMN entity_type TYPE text COLLATE "C", ALTER COLUMN key TYPE text COLLATE "C"');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE match_block_keys ALTER COLUMN entity_type TYPE text COLLATE "default", ALTER COLUMN key TYPE text COLLATE "default"');
}
