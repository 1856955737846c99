/**
 * `syncMatchProfiles` finds its work in one join when it is at most a page (a batch against a
 * large CRM) and in keyset pages when it is more (a first import, a dedupe's refresh). Both ways
 * must leave the same profiles: missing and stale ones rebuilt from the record, those of deleted
 * records removed, fresh ones untouched. Real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncMatchProfiles } from '../activities/match/match-profiles';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

/** 20 profiled accounts, then 5 renamed, 3 deleted, 4 new: 9 to rebuild, 3 to remove. */
async function scenario(): Promise<{ renamed: string[]; deleted: string[]; added: string[]; fresh: string[] }> {
  await db.raw('TRUNCATE accounts, match_profiles CASCADE');
  const ids = Array.from({ length: 20 }, () => randomUUID()).sort();
  await db('accounts').insert(ids.map((id, i) => ({ id, name: `Talleres Número ${i}` })));
  expect(await syncMatchProfiles(db, 'accounts')).toBe(20);
  const renamed = ids.slice(0, 5);
  const deleted = ids.slice(5, 8);
  const added = Array.from({ length: 4 }, () => randomUUID());
  // Later transactions than the profiles' own: updated_at moves past theirs.
  await db('accounts').whereIn('id', renamed).update({ name: db.raw("name || ' Renombrado'"), updated_at: db.fn.now() });
  await db('accounts').whereIn('id', deleted).update({ deleted_at: db.fn.now(), updated_at: db.fn.now() });
  await db('accounts').insert(added.map((id, i) => ({ id, name: `Vidres Nous ${i}` })));
  return { renamed, deleted, added, fresh: ids.slice(8) };
}

async function profiles(): Promise<Map<string, { name: string; updated_at: Date }>> {
  const rows = await db('match_profiles').where({ entity_type: 'accounts' }).select('record_id', 'profile', 'updated_at');
  return new Map(rows.map((r) => [r.record_id as string, { name: JSON.stringify(r.profile), updated_at: r.updated_at as Date }]));
}

describe('syncMatchProfiles', () => {
  for (const [how, pageSize] of [['in one join (the work fits a page)', undefined], ['in keyset pages (more than a page)', 3]] as const) {
    it(`rebuilds stale and missing profiles and removes deleted records' ones, ${how}`, async () => {
      const s = await scenario();
      const before = await profiles();
      expect(await syncMatchProfiles(db, 'accounts', { pageSize })).toBe(9);
      const after = await profiles();
      expect([...after.keys()].sort()).toEqual([...s.renamed, ...s.added, ...s.fresh].sort());
      for (const id of s.renamed) {
        expect(after.get(id)!.name).not.toBe(before.get(id)!.name);
        expect(after.get(id)!.updated_at.getTime()).toBeGreaterThan(before.get(id)!.updated_at.getTime());
      }
      for (const id of s.fresh) expect(after.get(id)).toEqual(before.get(id));
      // Nothing left to do: a second sync rebuilds nothing.
      expect(await syncMatchProfiles(db, 'accounts', { pageSize })).toBe(0);
    });
  }
});
