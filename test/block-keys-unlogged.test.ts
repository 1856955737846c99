/**
 * `match_block_keys` is UNLOGGED (migration 026). A crash empties it and its marker
 * `match_block_keys_built`; the readers rebuild it from the profiles before they use it
 * (activities/match/block-keys-built.ts).
 *
 * The crash is what recovery does to unlogged relations: it resets them to their empty init forks,
 * all of them at once. Here that is a TRUNCATE of both tables: crashing the shared test server would
 * take every other connection with it. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCandidateProfiles, oversizedBlockKeys, profilesToMatch, writeProfiles } from '../activities/match/match-profiles';
import { ensureBlockKeys } from '../activities/match/block-keys-built';
import { seededAccounts } from './support/seeded-accounts';
import { MIGRATION_CONFIG, migrateLatest } from '../migrations';
import { blockKeyDrift } from './support/block-key-drift';
import { freshTestDatabase } from './support/test-database';

/** What crash recovery does to the unlogged tables. */
const crash = (db: Knex) => db.raw('TRUNCATE match_block_keys, match_block_keys_built');
const marker = async (db: Knex) => Number((await db.raw('SELECT count(*) AS n FROM match_block_keys_built')).rows[0].n);

describe('match_block_keys after a crash', () => {
  let db: Knex;
  const crm = seededAccounts(2500, 11);
  const later = crm.slice(2000, 2100); // matched after the others, and again after the crash
  beforeAll(async () => {
    db = await freshTestDatabase();
    await writeProfiles(db, 'accounts', crm.slice(0, 2000), { replaceAll: true, matched: true });
    await writeProfiles(db, 'accounts', later, { matched: true });
    await writeProfiles(db, 'accounts', crm.slice(2100)); // the batch: never matched
    await db.raw('ANALYZE match_profiles');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const search = async () => {
    const batch = await profilesToMatch(db, 'accounts');
    expect(batch).toHaveLength(400);
    const found = await findCandidateProfiles(db, 'accounts', batch.flatMap((p) => p.keys), { maxBlockSize: 40, batchSize: 1 });
    return found.map((p) => p.id).sort();
  };

  it('is unlogged, and so is its marker, which holds one row', async () => {
    const { rows } = await db.raw(`SELECT relname, relpersistence FROM pg_class
      WHERE relname IN ('match_block_keys', 'match_block_keys_pkey', 'match_block_keys_built') ORDER BY relname`);
    expect(rows).toEqual([
      { relname: 'match_block_keys', relpersistence: 'u' },
      { relname: 'match_block_keys_built', relpersistence: 'u' },
      { relname: 'match_block_keys_pkey', relpersistence: 'u' },
    ]);
    expect(await marker(db)).toBe(1);
    expect(await ensureBlockKeys(db)).toBe(false); // complete: nothing to do
  });

  it('is rebuilt by the candidate search, which finds what it found before the crash', async () => {
    const before = await search();
    const oversizedBefore = [...(await oversizedBlockKeys(db, 'accounts', 40))].sort();
    expect(before.length).toBeGreaterThan(200);
    expect(oversizedBefore.length).toBeGreaterThan(0);
    const keysBefore = (await blockKeyDrift(db)).narrow;

    await crash(db);
    // The triggers go on writing into the emptied table: these profiles are written again,
    // matched, so their keys are back, and the table is no longer empty, but still incomplete.
    await db('match_profiles').whereIn('record_id', later.map((p) => p.id)).delete();
    await writeProfiles(db, 'accounts', later, { matched: true });
    const partial = await blockKeyDrift(db);
    expect(partial.narrow).toBeGreaterThan(0);
    expect(partial.missing).toBeGreaterThan(0);

    expect(await search()).toEqual(before);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0, narrow: keysBefore });
    expect(await marker(db)).toBe(1);
    expect(await ensureBlockKeys(db)).toBe(false);
  });

  it('is rebuilt by the oversized-key count, which counts what it counted before', async () => {
    const before = [...(await oversizedBlockKeys(db, 'accounts', 40))].sort();
    await crash(db);
    expect([...(await oversizedBlockKeys(db, 'accounts', 40))].sort()).toEqual(before);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  });

  it('is rebuilt once when two workers find it lost at the same time', async () => {
    await crash(db);
    const done = await Promise.all([ensureBlockKeys(db), ensureBlockKeys(db), ensureBlockKeys(db)]);
    expect(done.filter(Boolean)).toHaveLength(1);
    expect(await marker(db)).toBe(1);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  });

  it('is logged again after the migration’s down, and unlogged with its marker after its up', async () => {
    await db.migrate.down({ ...MIGRATION_CONFIG, name: '026_block_keys_unlogged' }); // later migrations stay
    const persistence = async () => (await db.raw(`SELECT relpersistence AS p FROM pg_class WHERE relname = 'match_block_keys'`)).rows[0].p;
    expect(await persistence()).toBe('p');
    expect((await db.raw(`SELECT to_regclass('match_block_keys_built') AS t`)).rows[0].t).toBeNull();
    expect(await migrateLatest(db)).toEqual(['026_block_keys_unlogged']);
    expect(await persistence()).toBe('u');
    expect(await marker(db)).toBe(1);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  });
});
