/**
 * A fingerprint of the source row a record was last loaded from, as it came out of the mapping and
 * before any normalizer ran (activities/pipeline/known-rows.ts). A re-import finds a row whose
 * fingerprint the identity map already holds and counts it unchanged without parsing phones, tax
 * ids and names again: that per-row work was most of an unchanged re-import (issue 11).
 *
 * Set only for a record of one row that loaded without warnings (a row with warnings is read
 * again, so its warnings are reported again). A uuid holds the 128-bit hash in 16 bytes.
 *
 * Not indexed: a row is looked up by its external id (the identity map's unique index) and its
 * fingerprint compared on the row found. An index of the fingerprints themselves (random keys)
 * made a 1M-row first import 35% slower (w_source_records 27 → 43 s, measured), for nothing a
 * first import needs.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE source_records ADD COLUMN row_fingerprint uuid');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE source_records DROP COLUMN row_fingerprint');
}
