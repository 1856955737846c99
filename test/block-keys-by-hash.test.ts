/**
 * Migration 030: `match_block_keys` is looked up by a hash of (entity, key), its primary key
 * (key_hash, record_id, key). Every writer of the table (the triggers, a full dedupe's rebuild, the
 * rebuild after a crash) stores the hash PostgreSQL computes from the row's own entity and key; the
 * candidate search probes the hash and still compares the key, so two keys sharing a hash never
 * make a wrong candidate; the migration's down and up keep the rows. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBlockKeys } from '../activities/match/block-keys-built';
import { findCandidateProfiles, markMatched, profilesToMatch, writeProfiles } from '../activities/match/match-profiles';
import type { AccountMatchRecord } from '../domain/matching';
import { MIGRATION_CONFIG, migrateLatest } from '../migrations';
import { blockKeyDrift } from './support/block-key-drift';
import { seededAccounts } from './support/seeded-accounts';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
const crm = seededAccounts(1200, 30);
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

/** Rows whose stored hash is not the hash of their own entity and key. */
const wrongHashes = async () => Number((await db.raw(
  'SELECT count(*) AS n FROM match_block_keys WHERE key_hash IS DISTINCT FROM crmhub_block_key_hash(entity_type, key)',
)).rows[0].n);

async function inStep(): Promise<void> {
  expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  expect(await wrongHashes()).toBe(0);
}

it('every writer stores the hash of the row’s entity and key', async () => {
  await writeProfiles(db, 'accounts', crm.slice(0, 800), { replaceAll: true, matched: true }); // a dedupe's rebuild
  await inStep();
  await writeProfiles(db, 'accounts', crm.slice(800, 1000)); // unmatched: no rows
  await markMatched(db, 'accounts', crm.slice(800, 1000).map((r) => r.id)); // the update trigger inserts theirs
  await inStep();
  // Rewritten with other names, so other keys: the update trigger deletes and inserts the difference.
  const renamed = (crm.slice(0, 100) as AccountMatchRecord[]).map((r) => ({ ...r, name: `${r.name ?? 'x'} renamed` }));
  await writeProfiles(db, 'accounts', renamed, { matched: true });
  await inStep();
  await db.raw('DELETE FROM match_profiles WHERE record_id = ANY(?::uuid[])', [crm.slice(100, 150).map((r) => r.id)]); // the delete trigger
  await inStep();
  await db.raw('TRUNCATE match_block_keys, match_block_keys_built'); // a crash
  expect(await ensureBlockKeys(db)).toBe(true);
  await inStep();
  expect(Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n)).toBeGreaterThan(5000);
});

it('the candidate search probes the hash through the primary key and compares the key after it', async () => {
  await writeProfiles(db, 'accounts', crm.slice(1000), {}); // the batch: never matched
  await db.raw('ANALYZE match_block_keys');
  const batch = await profilesToMatch(db, 'accounts');
  expect(batch).toHaveLength(200);
  const search = async () => (await findCandidateProfiles(db, 'accounts', batch.flatMap((p) => p.keys), { maxBlockSize: 40, batchSize: 1 }))
    .map((p) => p.id).sort();
  const before = await search();
  expect(before.length).toBeGreaterThan(20);

  // A collision, made by hand: a matched profile that is no candidate gets a row with another key
  // under the hash of one of the batch's keys (an e-mail's: a block far below its cap). A probe
  // that trusted the hash would return it.
  const batchKeys = [...new Set(batch.flatMap((p) => p.keys))].sort();
  const probed = batchKeys.find((k) => k.startsWith('e:')) ?? batchKeys[0]!;
  const { rows: held } = await db.raw<{ rows: { record_id: string }[] }>(
    'SELECT record_id FROM match_profiles WHERE matched_at IS NOT NULL ORDER BY record_id',
  );
  const outsider = held.find((p) => !before.includes(p.record_id));
  expect(outsider).toBeDefined();
  await db.raw(
    `INSERT INTO match_block_keys (entity_type, key, record_id, key_hash) VALUES ('accounts', 'zz:another key', ?, crmhub_block_key_hash('accounts', ?))`,
    [outsider!.record_id, probed],
  );
  const underTheHash = (await db.raw('SELECT record_id FROM match_block_keys WHERE key_hash = crmhub_block_key_hash(?, ?)', ['accounts', probed])).rows
    .map((r: { record_id: string }) => r.record_id);
  expect(underTheHash).toContain(outsider!.record_id); // what a probe of the hash alone would find
  expect(await search()).toEqual(before);
  await db.raw(`DELETE FROM match_block_keys WHERE key = 'zz:another key'`);

  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off'); // a small table: make the planner show what it can use
    const plan = (await trx.raw(
      `EXPLAIN SELECT record_id FROM unnest(?::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT record_id FROM match_block_keys WHERE key_hash = crmhub_block_key_hash(?, k.key) AND key = k.key LIMIT 41) b`,
      [[probed], 'accounts'],
    )).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index (Only )?Scan using match_block_keys_pkey/);
    expect(plan).toMatch(/Index Cond: \(\(key_hash = hashtextextended/);
  });
});

it('its down puts 028’s primary key back, and its up the hashes, keeping the rows', async () => {
  const count = async () => Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n);
  const rows = await count();
  const primaryKey = async () => (await db.raw(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'match_block_keys_pkey'`,
  )).rows[0].def as string;
  expect(await primaryKey()).toBe('PRIMARY KEY (key_hash, record_id, key)');
  await db.migrate.down({ ...MIGRATION_CONFIG, name: '030_block_keys_by_hash' });
  expect(await primaryKey()).toBe('PRIMARY KEY (key, entity_type, record_id)');
  expect((await db.raw(`SELECT to_regprocedure('crmhub_block_key_hash(text, text)') AS f`)).rows[0].f).toBeNull();
  await markMatched(db, 'accounts', crm.slice(1000, 1050).map((r) => r.id)); // 025's triggers again
  expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  const after = await count();
  expect(after).toBeGreaterThan(rows);
  expect(await migrateLatest(db)).toEqual(['030_block_keys_by_hash']);
  expect(await primaryKey()).toBe('PRIMARY KEY (key_hash, record_id, key)');
  expect(await count()).toBe(after);
  await inStep();
});
