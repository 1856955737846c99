/**
 * Which accounts a dirty feature refresh recomputes because of the account itself
 * (activities/segmentation/features.ts): an edit by any path (no updated_at needed: a hash of the
 * fields rules read), a new account (no features yet), a deleted one (its features go). The hash
 * rows stand for the features rows; when the two tables disagree (the hashes are UNLOGGED, a crash
 * empties them) the refresh is full. Features and the changed set are UNLOGGED too: after a crash
 * recovery emptied all three, a rule fails instead of closing its members. A large dirty set is
 * computed in parts on several connections, with the same result. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateRule, featureColumnsRead } from '../activities/segmentation/evaluate-rule';
import { compileRule } from '../domain/segmentation/compile-rule';
import { AstRule } from '../domain/segmentation/rule-schema';
import { loadTemplates } from '../domain/segmentation/templates';
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

it('computes a dirty set in parts on two connections with the same features as one statement, and goes full after a refresh that failed mid-way', async () => {
  await db('source_systems').insert({ code: 'erp', label: 'ERP', kind: 'erp', connector_code: 'sql' }).onConflict('code').ignore();
  await db('product_families').insert([{ code: 'chairs', label: 'Chairs' }, { code: 'tables', label: 'Tables' }]).onConflict('code').ignore();
  const live = (await db('accounts').whereNull('deleted_at').orderBy('name').select('id', 'name')) as { id: string; name: string }[];
  let n = 0;
  const addLines = async (day: string) => {
    for (const [k, a] of live.entries()) {
      for (let j = 0; j <= k; j++) {
        n++;
        const [inv] = await db('invoices').insert({ source_system_code: 'erp', external_id: `p${n}`, account_id: a.id, number: `P${n}`, kind: 'invoice', status: 'posted', issue_date: day, currency: 'EUR', total_gross_minor: 0, data_hash: 'h' }).returning('id');
        await db('invoice_lines').insert({ source_system_code: 'erp', external_id: `p${n}-1`, account_id: a.id, invoice_id: inv.id, line_no: 1, product_family: j % 2 ? 'chairs' : 'tables', net_minor: 1000 * (j + 1), issue_date: day, currency: 'EUR', data_hash: 'h' });
      }
    }
  };
  await addLines('2026-11-20');
  // Facts count as new from the mark of the last refresh less 5 minutes: age them past it.
  await db.raw(`UPDATE invoice_lines SET updated_at = now() - interval '1 hour'`);
  await db.raw(`UPDATE invoices SET updated_at = now() - interval '1 hour'`);
  await refreshFeatures(db, { ...request('2026-12-08'), full: true });
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  await addLines('2026-12-09');
  const rows = async () => (await db.raw(`SELECT account_id, turnover_12m_minor::text, invoice_days_12m, last_invoice_on::text, families_12m, recompute_on::text FROM segment_account_features ORDER BY account_id`)).rows;
  process.env.CRMHUB_SEGMENT_PART_MIN_ACCOUNTS = '1';
  try {
    const r = await refreshFeatures(db, request('2026-12-09'));
    expect(r).toMatchObject({ mode: 'dirty', accounts: live.length, changed: live.length, parts: 2 });
    const inParts = await rows();
    expect(inParts.length).toBe(live.length);
    expect(inParts.every((x: { last_invoice_on: string }) => x.last_invoice_on === '2026-12-09')).toBe(true);
    // The same date in full, in one statement: identical features.
    expect(await refreshFeatures(db, { ...request('2026-12-09'), full: true })).toMatchObject({ mode: 'full' });
    expect(await rows()).toEqual(inParts);
    // A refresh whose parts committed but which then failed leaves the state 'partial': the next is full.
    await db('segment_feature_state').where({ id: 1 }).update({ mode: 'partial' });
    expect(await refreshFeatures(db, request('2026-12-10'))).toMatchObject({ mode: 'full' });
    expect(await refreshFeatures(db, request('2026-12-11'))).toMatchObject({ mode: 'dirty' });
  } finally {
    delete process.env.CRMHUB_SEGMENT_PART_MIN_ACCOUNTS;
  }
});

it('an account rewritten without a change to what rules read is not dirty (new row version, same hash)', async () => {
  // The facts of the test before are older than the last refresh's mark (5-minute margin).
  await db.raw(`UPDATE invoice_lines SET updated_at = now() - interval '1 hour'`);
  await db.raw(`UPDATE invoices SET updated_at = now() - interval '1 hour'`);
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  await db.raw(`UPDATE accounts SET extras = jsonb_build_object('touched', true) WHERE id = ?`, [ids.ben!]);
  await db.raw(`UPDATE accounts SET city = 'Reus' WHERE id = ?`, [ids.dan!]);
  expect(await refreshFeatures(db, request('2026-12-12'))).toMatchObject({ mode: 'dirty', changed: 1 });
  expect(await changed()).toEqual(named('dan'));
  // Nothing is dirty the next night.
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  expect(await refreshFeatures(db, request('2026-12-13'))).toMatchObject({ mode: 'dirty', changed: 0 });
  const stale = await db.raw(`SELECT count(*)::int AS n FROM accounts a JOIN segment_account_hashes h ON h.account_id = a.id WHERE h.row_xmin IS DISTINCT FROM a.xmin`);
  expect(stale.rows[0].n).toBe(1); // ben: rewritten, hash equal, not rehashed (the row version check is only a shortcut)
});

it('the changed set says which feature columns changed, and a rule takes only the accounts whose changes it reads', async () => {
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  await db('site_visits').insert({ source_system_code: 'erp', external_id: 'sv-ana-1', account_id: ids.ana, visited_at: '2026-12-13T10:00:00Z', data_hash: 'h' });
  expect(await refreshFeatures(db, request('2026-12-14'))).toMatchObject({ mode: 'dirty', accounts: 1, changed: 1 });
  expect(await db('segment_changed_accounts').select('account_id', 'columns')).toEqual([{ account_id: ids.ana, columns: ['site_visits_90d'] }]);
  // RFM reads invoices only: tonight's site visit is not its business; a tag on a site-visit count is.
  const rfm = loadTemplates().find((t) => (t as { code: string }).code === 'rfm') as { output: { score: { breakpoints?: unknown } } };
  rfm.output.score.breakpoints = { recencyDays: [30, 90, 180, 365], frequency: [1, 2, 3, 4], monetary: [1000, 20000, 50000, 90000] };
  const rfmReads = featureColumnsRead(compileRule(AstRule.parse(rfm), { asOf: '2026-12-14', timezone: 'Europe/Madrid', currency: 'EUR' }));
  expect(rfmReads).toEqual(expect.arrayContaining(['last_invoice_on', 'invoice_days_36m', 'turnover_36m_minor']));
  expect(rfmReads).not.toContain('site_visits_90d');
  const browsing = AstRule.parse({ schemaVersion: 1, code: 'browsing', name: 'Browsing', where: { field: 'feature.site_visits_90d', op: '>', value: 0 }, output: { kind: 'tag' } });
  expect(featureColumnsRead(compileRule(browsing, { asOf: '2026-12-14', timezone: 'Europe/Madrid', currency: 'EUR' }))).toEqual(['site_visits_90d']);
});

it('an invoice line dated ahead makes its account dirty on its date, and then counts', async () => {
  const [inv] = await db('invoices').insert({ source_system_code: 'erp', external_id: 'ahead-1', account_id: ids.ben, number: 'A1', kind: 'invoice', status: 'posted', issue_date: '2026-12-20', currency: 'EUR', total_gross_minor: 0, data_hash: 'h' }).returning('id');
  await db('invoice_lines').insert({ source_system_code: 'erp', external_id: 'ahead-1-1', account_id: ids.ben, invoice_id: inv.id, line_no: 1, product_family: 'chairs', net_minor: 777_00, issue_date: '2026-12-20', currency: 'EUR', data_hash: 'h' });
  const turnover = async () => Number((await db('segment_account_features').where({ account_id: ids.ben }).first('turnover_12m_minor')).turnover_12m_minor);
  expect(await refreshFeatures(db, request('2026-12-15'))).toMatchObject({ mode: 'dirty' });
  const before = await turnover();
  // Written long ago (past the refresh marks): only its date can make the account dirty now.
  await db.raw(`UPDATE invoice_lines SET updated_at = now() - interval '1 hour' WHERE external_id = 'ahead-1-1'`);
  await db.raw(`UPDATE invoices SET updated_at = now() - interval '1 hour' WHERE external_id = 'ahead-1'`);
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  expect(await refreshFeatures(db, request('2026-12-19'))).toMatchObject({ mode: 'dirty', changed: 0 });
  expect(await turnover()).toBe(before);
  await db.raw(`UPDATE segment_feature_state SET facts_seen_until = now() - interval '30 minutes'`);
  expect(await refreshFeatures(db, request('2026-12-20'))).toMatchObject({ mode: 'dirty', changed: 1 });
  expect(await changed()).toEqual(named('ben'));
  expect(await turnover()).toBe(before + 777_00);
});
