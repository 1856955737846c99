/**
 * The account hashes keep the row version they were taken from (`row_xmin`, the account tuple's
 * xmin). A dirty refresh then hashes only the accounts whose tuple is not the one hashed: most of a
 * million are untouched since the last pass, and computing their hash again was about half of
 * finding the dirty set (features.ts). A different xmin does not mean a changed input (any update
 * of the row, or a freeze, makes one): the hash still decides; an equal xmin is the same tuple
 * version, hence the same inputs. Null (rows written before this migration): compared by hash.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_account_hashes ADD COLUMN row_xmin xid');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_account_hashes DROP COLUMN row_xmin');
}
