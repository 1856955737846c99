/**
 * A fingerprint of the source row a record was last loaded from, as it came out of the mapping and
 * before any normalizer ran (activities/pipeline/known-rows.ts). A re-import finds a row whose
 * fingerprint the identity map already holds and counts it unchanged without parsing phones, tax
 * ids and names again: that per-row work was most of an unchanged re-import (issue 11).
 *
 * Set only for a record of one row that loaded without warnings (a row with warnings is read
 * again, so its warnings are reported again). The type is uuid because it holds a 128-bit hash in
 * 16 bytes: the index stays small (base64 text would be 23 bytes and a length header).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE source_records ADD COLUMN row_fingerprint uuid');
  await knex.raw('CREATE INDEX source_records_row_fingerprint_idx ON source_records (row_fingerprint) WHERE row_fingerprint IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX source_records_row_fingerprint_idx');
  await knex.raw('ALTER TABLE source_records DROP COLUMN row_fingerprint');
}
