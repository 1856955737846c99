/**
 * Profiles staged on one connection and upserted together (activities/match/profile-stage.ts): a
 * large sync's pages become one statement (so matched profiles' block keys go in one sorted
 * insert), up to `flushAt` profiles a statement; staged from two lanes at once; a failure loses
 * only what was not upserted yet. Real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountMatchRecord, type MatchRecord } from '../domain/matching';
import { syncMatchProfiles } from '../activities/match/match-profiles';
import { withProfileStage } from '../activities/match/profile-stage';
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
beforeEach(async () => {
  await db.raw('TRUNCATE accounts, match_profiles, match_block_keys CASCADE');
});

/** Each upsert is its own transaction, so its rows share one updated_at (now()) and no other does. */
async function upserts(): Promise<number[]> {
  const rows = await db('match_profiles').select(db.raw('count(*)::int AS n')).groupBy('updated_at').orderBy('updated_at');
  return rows.map((r) => r.n as number);
}

const pages = (records: readonly MatchRecord[], size: number) =>
  Array.from({ length: Math.ceil(records.length / size) }, (_, i) => records.slice(i * size, (i + 1) * size));

describe('withProfileStage', () => {
  it('upserts pages staged from two lanes in one statement, matched, with their block keys', async () => {
    const records = seededAccounts(40, 7);
    await withProfileStage(db, 'accounts', { matched: true }, async (stage) => {
      await Promise.all([0, 1].map(async (lane) => {
        for (const [i, page] of pages(records, 5).entries()) if (i % 2 === lane) await stage(page);
      }));
    });
    expect(await upserts()).toEqual([40]);
    expect(Number((await db('match_profiles').whereNull('matched_at').count({ n: '*' }))[0]!.n)).toBe(0);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
    expect((await blockKeyDrift(db)).narrow).toBeGreaterThan(40);
  });

  it('upserts every flushAt profiles, and the rest at the end', async () => {
    const records = seededAccounts(23, 8);
    await withProfileStage(db, 'accounts', { matched: false, flushAt: 10 }, async (stage) => {
      for (const page of pages(records, 5)) await stage(page);
    });
    // 5 + 5 reach 10: upserted; again; then the last 3.
    expect(await upserts()).toEqual([10, 10, 3]);
    expect((await blockKeyDrift(db)).narrow).toBe(0); // not matched: no keys yet
  });

  it('loses only what was not upserted when a page fails, and says why', async () => {
    const records = seededAccounts(12, 9);
    const bad = accountMatchRecord('not-a-uuid', { name: 'Talleres Rotos SL' });
    await expect(withProfileStage(db, 'accounts', { matched: true, flushAt: 6 }, async (stage) => {
      await stage(records.slice(0, 6)); // upserted
      await stage(records.slice(6, 9));
      await stage([bad]);
    })).rejects.toThrow(/uuid/);
    expect(await upserts()).toEqual([6]);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  });
});

describe('a large syncMatchProfiles (keyset pages) through the stage', () => {
  it('writes every page’s profiles matched, an upsert a lane, keys in step', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID()).sort();
    await db('accounts').insert(ids.map((id, i) => ({ id, name: `Transportes Levante ${i % 7}`, phone: `+3496${String(i % 11).padStart(7, '0')}` })));
    expect(await syncMatchProfiles(db, 'accounts', { matched: true, pageSize: 4 })).toBe(30);
    // One upsert a lane (two lanes, each far under its flush size), not one a page of 4.
    const statements = await upserts();
    expect(statements.length).toBeLessThanOrEqual(2);
    expect(statements.reduce((a, b) => a + b, 0)).toBe(30);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
    expect(await syncMatchProfiles(db, 'accounts', { matched: true, pageSize: 4 })).toBe(0);
  });
});
