/**
 * `work_chunks.payload` is `json`, no longer `jsonb`: a chunk's payload is written once, read back
 * whole once, and never searched inside (`payload->>'records'` works on json as well).
 *
 * A 1M dedupe's plan is 239 chunks and 322 MB of JSON (every automatic merge's pairs, for its
 * history). As jsonb, PostgreSQL parsed it into its binary form when the plan was written, while
 * Node wrote it and the server built the block keys' index beside it, and printed it back to text
 * when each chunk was applied. Measured on that plan's chunks: 4.6 s to parse them as jsonb against
 * 0.7 s to check them as json, and 1.6 s to print the jsonb back (docs/performance-log.md). Node's
 * driver parses both types alike.
 * https://www.postgresql.org/docs/15/datatype-json.html
 */
import type { Knex } from 'knex';
import { hasLz4 } from './023_lz4_for_large_jsonb';

// A column's new type takes the default compression: lz4 (migration 023) is set again, in the same
// rewrite.
const lz4 = async (knex: Knex) => ((await hasLz4(knex)) ? ', ALTER COLUMN payload SET COMPRESSION lz4' : '');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE work_chunks ALTER COLUMN payload TYPE json USING payload::json${await lz4(knex)}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE work_chunks ALTER COLUMN payload TYPE jsonb USING payload::jsonb${await lz4(knex)}`);
}
