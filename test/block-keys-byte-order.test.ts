/**
 * Migration 027: `match_block_keys` compares its keys byte by byte (COLLATE "C"). The lookups the
 * matcher makes, with the database's default collation on their side, still use the primary key,
 * and the keys stay in step with the profiles. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeProfiles } from '../activities/match/match-profiles';
import { MIGRATION_CONFIG, migrateLatest } from '../migrations';
import { blockKeyDrift } from './support/block-key-drift';
import { seededAccounts } from './support/seeded-accounts';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

const collations = async () => (await db.raw(
  `SELECT attname, attcollation::regcollation::text AS c FROM pg_attribute WHERE attrelid = 'match_block_keys'::regclass AND attname IN ('entity_type', 'key') ORDER BY attname`,
)).rows.map((r: { attname: string; c: string }) => `${r.attname} ${r.c}`);

it('keys compare byte by byte; a lookup by the default collation’s text still probes the primary key', async () => {
  expect(await collations()).toEqual(['entity_type "C"', 'key "C"']);
  await writeProfiles(db, 'accounts', seededAccounts(50, 11), { matched: true });
  expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  const key = (await db.raw('SELECT key FROM match_block_keys LIMIT 1')).rows[0].key as string;
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off'); // a 50-record table: make the planner show what it can use
    const plan = (await trx.raw(
      `EXPLAIN SELECT record_id FROM match_block_keys b, unnest(?::text[]) AS k(key) WHERE b.entity_type = ? AND b.key = k.key`,
      [[key], 'accounts'],
    )).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('match_block_keys_pkey');
  });
  expect((await db.raw('SELECT count(*)::int AS n FROM match_block_keys WHERE key = ?', [key])).rows[0].n).toBeGreaterThan(0);
});

it('its down puts the database’s collation back, and its up byte order again', async () => {
  await db.migrate.down({ ...MIGRATION_CONFIG, name: '027_block_keys_byte_order' });
  expect(await collations()).toEqual(['entity_type "default"', 'key "default"']);
  expect(await migrateLatest(db)).toEqual(['027_block_keys_byte_order']);
  expect(await collations()).toEqual(['entity_type "C"', 'key "C"']);
  expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
});
