/**
 * Migration 030: `match_profiles.profile` is `json`. Profiles are written (COPY through the stage,
 * a dedupe's COPY) and read back (the candidate search) as before, with the text kept as written;
 * the down and up carry every profile across both ways. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCandidateProfiles, writeProfiles } from '../activities/match/match-profiles';
import { blockingKeys, DEFAULT_MAX_BLOCK_SIZE } from '../domain/matching';
import { MIGRATION_CONFIG, migrateLatest } from '../migrations';
import { seededAccounts } from './support/seeded-accounts';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

const profileType = async () => (await db.raw(
  `SELECT atttypid::regtype::text AS t FROM pg_attribute WHERE attrelid = 'match_profiles'::regclass AND attname = 'profile'`,
)).rows[0].t as string;
const profiles = async () => new Map((await db('match_profiles').select('record_id', 'profile')).map((r) => [r.record_id as string, r.profile as unknown]));

it('stores profiles as json text, reads them back as the records written, and its down and up keep them', async () => {
  expect(await profileType()).toBe('json');
  const records = seededAccounts(60, 30);
  await writeProfiles(db, 'accounts', records.slice(0, 40), { matched: true, replaceAll: true }); // a dedupe's COPY into the table
  await writeProfiles(db, 'accounts', records.slice(40), { matched: true }); // the stage's COPY, then its upsert
  const written = await profiles();
  expect(written.size).toBe(60);
  for (const r of records) expect(written.get(r.id)).toEqual(JSON.parse(JSON.stringify(r)));
  // The candidate search reads matched profiles back whole.
  const keys = [...new Set(records.slice(0, 5).flatMap((r) => blockingKeys(r.e, r)))];
  const found = await findCandidateProfiles(db, 'accounts', keys, { maxBlockSize: DEFAULT_MAX_BLOCK_SIZE, batchSize: 10 });
  expect(found.length).toBeGreaterThanOrEqual(5);
  for (const p of found) expect(p).toEqual(written.get(p.id));

  await db.migrate.down({ ...MIGRATION_CONFIG, name: '030_match_profiles_profile_json' });
  expect(await profileType()).toBe('jsonb');
  expect(await profiles()).toEqual(written);
  expect(await migrateLatest(db)).toEqual(['030_match_profiles_profile_json']);
  expect(await profileType()).toBe('json');
  expect(await profiles()).toEqual(written);
});
