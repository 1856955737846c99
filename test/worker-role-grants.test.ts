/**
 * Workers run as crmhub_worker (deploy/postgres/crmhub-roles.sql): row privileges on the CRM
 * tables, no DDL. The segmentation feature refresh TRUNCATEs three tables of its own, so the
 * migrations grant TRUNCATE on those three and nothing else (migration 015). Real PostgreSQL;
 * the role is cluster-wide, created here without LOGIN when missing.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../db/config';
import { WORKER_TRUNCATED_TABLES } from '../migrations/015_worker_truncates_segment_scratch';
import { ensureBlockKeys } from '../activities/match/block-keys-built';
import { freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

let db: Knex;

beforeAll(async () => {
  const admin = createDb(TEST_DATABASE_URL, { min: 0, max: 1 });
  await admin.raw(`DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_worker') THEN CREATE ROLE crmhub_worker NOLOGIN; END IF;
  END $$`);
  await admin.destroy();
  db = await freshTestDatabase(); // the migrations run after the role exists
  await db.raw('GRANT USAGE ON SCHEMA public TO crmhub_worker');
});
afterAll(async () => {
  await db?.destroy();
});

it('grants crmhub_worker TRUNCATE on the segmentation scratch tables only', async () => {
  const can = async (table: string) =>
    (await db.raw(`SELECT has_table_privilege('crmhub_worker', ?, 'TRUNCATE') AS ok`, [`public.${table}`])).rows[0].ok as boolean;
  for (const t of WORKER_TRUNCATED_TABLES) expect(await can(t)).toBe(true);
  expect(await can('accounts')).toBe(false);
  expect(await can('segment_memberships')).toBe(false);
});

it('lets the refresh’s TRUNCATE run as crmhub_worker, and refuses it on a CRM table', async () => {
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL ROLE crmhub_worker');
    for (const t of WORKER_TRUNCATED_TABLES) await trx.raw(`TRUNCATE ${t}`);
  });
  await expect(db.transaction(async (trx) => {
    await trx.raw('SET LOCAL ROLE crmhub_worker');
    await trx.raw('TRUNCATE accounts CASCADE');
  })).rejects.toThrow(/permission denied/);
});

it('lets crmhub_worker rebuild the block keys a crash emptied (migration 026)', async () => {
  // The roles script grants row privileges on every table; the migrations grant the block keys'.
  await db.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON match_profiles TO crmhub_worker');
  await db.raw(`INSERT INTO match_profiles (entity_type, record_id, profile, block_keys, matched_at)
    VALUES ('accounts', gen_random_uuid(), '{}', ARRAY['t:ES:B12345678', 'x:acme'], now())`);
  await db.raw('TRUNCATE match_block_keys, match_block_keys_built'); // what crash recovery does to them
  const rebuilt = await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL ROLE crmhub_worker');
    return ensureBlockKeys(trx);
  });
  expect(rebuilt).toBe(true);
  expect((await db.raw('SELECT count(*)::int AS n FROM match_block_keys')).rows[0].n).toBe(2);
  expect((await db.raw('SELECT count(*)::int AS n FROM match_block_keys_built')).rows[0].n).toBe(1);
});
