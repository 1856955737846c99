/**
 * lz4 instead of pglz for the large jsonb values the merges and the dedupe plan write. Any value
 * over ≈ 2 KB is compressed on its way into TOAST; a merge's history row carries 7 KB of jsonb
 * (before-images 3.6 KB, scored pairs 1.8 KB, lineage 1.5 KB), and a dedupe writes 194k of them.
 * Re-inserting the 21k history rows of a 100k-account dedupe from text took 2.2–3.2 s with pglz
 * and 1.5 s with lz4, for 6% more space (measured 2026-12-05). Decompression (the plan's chunks,
 * read back by every apply lane) is faster too.
 *
 * Only values written from now on use it; older ones stay pglz and read as before. A server
 * built without lz4 (`default_toast_compression` does not offer it) keeps pglz: nothing changes.
 * https://www.postgresql.org/docs/15/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-COMPRESSION
 */
import type { Knex } from 'knex';

const COLUMNS: readonly [string, readonly string[]][] = [
  ['merge_history', ['scores', 'before_images', 'changes', 'lineage']],
  ['work_chunks', ['payload']],
  ['review_queue', ['explanation']],
];

export async function hasLz4(knex: Knex): Promise<boolean> {
  const { rows } = await knex.raw<{ rows: { lz4: boolean }[] }>(
    `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return rows[0]?.lz4 === true;
}

async function setCompression(knex: Knex, method: 'lz4' | 'default'): Promise<void> {
  for (const [table, columns] of COLUMNS) {
    await knex.raw(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} SET COMPRESSION ${method}`).join(', ')}`);
  }
}

export async function up(knex: Knex): Promise<void> {
  if (await hasLz4(knex)) await setCompression(knex, 'lz4');
}

export async function down(knex: Knex): Promise<void> {
  await setCompression(knex, 'default');
}
