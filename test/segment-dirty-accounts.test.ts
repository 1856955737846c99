/**
 * Which accounts a dirty feature refresh recomputes because of the account itself
 * (activities/segmentation/features.ts): an edit by any path (no updated_at needed: a hash of the
 * fields rules read), a new account (no features yet), a deleted one (its features go). The hash
 * rows stand for the features rows; when the two tables disagree (the hashes are UNLOGGED, a crash
 * empties them) the refresh is full. Features and the changed set are UNLOGGED too: after a crash
 * recovery emptied all three, a rule fails instead of closing its members. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateRule } from '../activities/segmentation/evaluate-rule';
import { refreshFeatures } from '../activities/segmentation/features';
import { saveRule } from '../activities/segmentation/rule-store';
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

it('after a crash recovery emptied the unlogged tables, a rule fails and keeps its members, and the next refresh is full', async () => {
  const tag = { schemaVersion: 1, code: 'in_girona', name: 'In Girona', where: { field: 'account.city', op: '=', value: 'Girona' }, output: { kind: 'tag' } };
  const { code } = await saveRule(db, tag, { asOf: '2026-12-06' });
  const rule = await db('segment_rules').where({ code }).first('id');
  const pass = async (asOf: string) => Number((await db('segment_passes').insert({ trigger: 'manual', as_of: asOf, timezone: 'Europe/Madrid', workflow_id: `t-${asOf}` }).returning('id'))[0].id);
  const open = async () => (await db('segment_memberships').where({ rule_id: rule.id }).whereNull('left_at').select('account_id')).map((r) => r.account_id as string);
  await expect(evaluateRule(db, { passId: await pass('2026-12-06'), ruleId: rule.id, trigger: 'manual' })).resolves.toMatchObject({ status: 'succeeded', entered: 1 });
  expect(await open()).toEqual([ids.ana]);
  // What crash recovery does to UNLOGGED tables (migration 017): all of them empty at once.
  expect((await db.raw(`SELECT array_agg(relname::text ORDER BY relname) AS t FROM pg_class WHERE relpersistence = 'u' AND relkind = 'r' AND relname LIKE 'segment_%'`)).rows[0].t)
    .toEqual(['segment_account_features', 'segment_account_hashes', 'segment_changed_accounts']);
  await db.raw('TRUNCATE segment_account_features, segment_account_hashes, segment_changed_accounts');
  await expect(evaluateRule(db, { passId: await pass('2026-12-06'), ruleId: rule.id, trigger: 'manual' })).rejects.toThrow(/account features are empty/);
  expect(await open()).toEqual([ids.ana]);
  expect(await db('segment_runs').where({ rule_id: rule.id }).orderBy('id', 'desc').first('status', 'error')).toMatchObject({ status: 'failed', error: expect.stringMatching(/run the pass again/) });
  expect(await refreshFeatures(db, request('2026-12-07'))).toMatchObject({ mode: 'full', accounts: 3 });
  await expect(evaluateRule(db, { passId: await pass('2026-12-07'), ruleId: rule.id, trigger: 'manual' })).resolves.toMatchObject({ status: 'succeeded', entered: 0, left: 0 });
  expect(await open()).toEqual([ids.ana]);
});
