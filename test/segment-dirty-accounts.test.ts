/**
 * Which accounts a dirty feature refresh recomputes because of the account itself
 * (activities/segmentation/features.ts): an edit by any path (no updated_at needed: a hash of the
 * fields rules read), a new account (no features yet), a deleted one (its features go). The hash
 * rows stand for the features rows; when the two tables disagree (the hashes are UNLOGGED, a crash
 * empties them) the refresh is full. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshFeatures } from '../activities/segmentation/features';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
const ids: Record<string, string> = {};
const request = (asOf: string) => ({ asOf, timezone: 'Europe/Madrid', currency: 'EUR' });
const changed = async () => (await db('segment_changed_accounts').select('account_id')).map((r) => r.account_id as string).sort();
const named = (...names: string[]) => names.map((n) => ids[n]!).sort();

beforeAll(async () => {
  db = await freshTestDatabase();
  for (const name of ['ana', 'ben', 'cid']) ids[name] = (await db('accounts').insert({ name }).returning('id'))[0].id;
});
afterAll(async () => {
  await db?.destroy();
});

it('the first refresh is full, the next one with nothing changed recomputes no account', async () => {
  expect(await refreshFeatures(db, request('2026-12-01'))).toMatchObject({ mode: 'full', accounts: 3 });
  expect(await refreshFeatures(db, request('2026-12-02'))).toMatchObject({ mode: 'dirty', accounts: 0, changed: 0 });
});

it('recomputes an account edited without updated_at, a new account and a deleted one, and no other', async () => {
  await db.raw('UPDATE accounts SET city = ? WHERE id = ?', ['Girona', ids.ana!]); // updated_at untouched
  ids.dan = (await db('accounts').insert({ name: 'dan' }).returning('id'))[0].id;
  await db('accounts').where({ id: ids.cid }).update({ deleted_at: new Date() });
  const r = await refreshFeatures(db, request('2026-12-03'));
  expect(r).toMatchObject({ mode: 'dirty' });
  expect(await changed()).toEqual(named('ana', 'cid', 'dan'));
  const features = (await db('segment_account_features').select('account_id')).map((x) => x.account_id as string).sort();
  expect(features).toEqual(named('ana', 'ben', 'dan'));
  expect(await db('segment_account_hashes').count('* as n').first()).toEqual({ n: '3' });
  expect(await refreshFeatures(db, request('2026-12-04'))).toMatchObject({ mode: 'dirty', changed: 0 });
});

it('refreshes in full when the hash rows no longer pair with the features rows (hashes lost in a crash)', async () => {
  await db.raw('TRUNCATE segment_account_hashes');
  expect(await refreshFeatures(db, request('2026-12-05'))).toMatchObject({ mode: 'full', accounts: 3 });
  expect(await db('segment_account_hashes').count('* as n').first()).toEqual({ n: '3' });
  expect(await refreshFeatures(db, request('2026-12-06'))).toMatchObject({ mode: 'dirty', changed: 0 });
});
