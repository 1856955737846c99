/**
 * The end of a dedupe (activities/match/dedupe.ts refreshAndVacuum): the survivors' profiles are
 * written while the tables the merges left dead versions in are vacuumed on another connection.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshAndVacuum } from '../activities/match/dedupe';
import { count, freshTestDatabase } from './support/test-database';

let db: Knex;

beforeAll(async () => {
  db = await freshTestDatabase();
  // Only the code under test vacuums here.
  await db.raw('ALTER TABLE accounts SET (autovacuum_enabled = false)');
});
afterAll(async () => {
  await db?.destroy();
});

const stats = async (table: string) => (await db.raw(
  `SELECT last_vacuum, n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()`, [table],
)).rows[0] as { last_vacuum: Date | null; dead: number };

it('writes every live account’s profile and vacuums the accounts the merges rewrote meanwhile', async () => {
  const rows = Array.from({ length: 400 }, (_, i) => ({ name: `Talleres Vacuum ${i} SL`, city: i % 2 ? 'Girona' : 'Lleida', country_code: 'ES' }));
  for (let i = 0; i < rows.length; i += 100) await db('accounts').insert(rows.slice(i, i + 100));
  // As merges do: every row rewritten once (400 dead versions; the threshold is 50 + 20% of 400).
  await db('accounts').update({ notes: 'merged' });
  for (let i = 0; i < 100 && (await stats('accounts')).dead < 400; i++) await new Promise((res) => setTimeout(res, 100));
  expect((await stats('accounts')).dead).toBeGreaterThanOrEqual(400);
  expect((await stats('accounts')).last_vacuum).toBeNull();
  expect(await count(db, 'match_profiles')).toBe(0);

  const ms = await refreshAndVacuum(db, 'accounts');

  expect(await count(db, 'match_profiles', { entity_type: 'accounts' })).toBe(400);
  expect((await stats('accounts')).last_vacuum).not.toBeNull();
  expect(ms.refresh).toBeGreaterThanOrEqual(0);
  expect(ms.vacuum).toBeGreaterThanOrEqual(0);
  // Nothing left to do: a second call writes and vacuums nothing.
  const vacuumed = (await stats('accounts')).last_vacuum;
  await refreshAndVacuum(db, 'accounts');
  expect((await stats('accounts')).last_vacuum).toEqual(vacuumed);
  expect(await count(db, 'match_profiles', { entity_type: 'accounts' })).toBe(400);
});
