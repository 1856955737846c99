/**
 * profilesToMatch reads each profile's blocking keys as a JSON array (node-postgres parses a
 * `text[]` in JavaScript, several times slower): the keys come back exactly as written, whatever
 * characters they hold, in their order, NULLs and empty arrays included. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { profilesToMatch } from '../activities/match/match-profiles';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

it('gives back every key as it was written', async () => {
  const written: (string | null)[][] = [
    ['n:ñandú', 'h:08001|c/ major, 5', 'x:"quoted" {braced}', 'e:back\\slash', 'z:NULL', 'w:', 'd:l’hospitalet.cat', 'n:Москва', 'n:łódź'],
    [],
    ['p:+34911234567', 'p:+34911234567'], // a key twice: as written (the triggers keep one row)
    ['n:acme', null],
  ];
  const ids = written.map((_, i) => `00000000-0000-7000-8000-00000000000${i + 1}`);
  for (const [i, keys] of written.entries()) {
    const id = ids[i]!;
    await db.raw(`INSERT INTO match_profiles (entity_type, record_id, profile, block_keys) VALUES ('accounts', ?, ?, ?::text[])`,
      [id, JSON.stringify({ id }), keys as string[]]);
  }
  const read = await profilesToMatch(db, 'accounts');
  expect(read.map((p) => p.record.id)).toEqual(ids);
  expect(read.map((p) => p.keys)).toEqual(written);
  expect(read.every((p) => !p.indexed)).toBe(true);
});
