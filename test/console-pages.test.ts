/**
 * Every console page and action through fastify.inject, against real PostgreSQL and Temporal:
 * status codes, roles, CSRF, escaping of hostile values, the six languages, formula-safe
 * downloads, the review decisions (who, which model version) and Undo, quarantine actions,
 * sources and schedules, account search. And the sentinel: a secret in a source's environment
 * appears in no page, no log line and no Temporal payload.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS, LOCALES } from '../console/i18n/i18n';
import { Browserless, eventually, startConsoleHarness, USERS, type ConsoleHarness } from './support/console-harness';
import { ERP_URL_ENV, SENTINEL, seedConsole, type Seeded } from './support/console-seed';
import { TEST_TASK_QUEUE } from './support/temporal-env';

describe('console pages and actions', () => {
  let h: ConsoleHarness;
  let seed: Seeded;
  let admin: Browserless;
  let reviewer: Browserless;
  let viewer: Browserless;
  let uploadId: string;
  const pages: string[] = [];

  beforeAll(async () => {
    h = await startConsoleHarness();
    seed = await seedConsole(h.db, h.env.client, TEST_TASK_QUEUE, mkdtempSync(join(tmpdir(), 'crmhub-console-seed-')));
    admin = new Browserless(h.app);
    reviewer = new Browserless(h.app);
    viewer = new Browserless(h.app);
    for (const [b, email] of [[admin, USERS.admin], [reviewer, USERS.reviewer], [viewer, USERS.viewer]] as const) {
      expect((await b.login(email)).statusCode).toBe(303);
    }
    const up = await reviewer.upload('/imports', { entity: 'accounts', source: 'hoja' }, { name: '<b>clientes</b>.csv', data: Buffer.from('Nombre;Email\r\nA;a@b.es\r\n') });
    uploadId = (JSON.parse(up.body).location as string).split('/').pop()!;
    pages.push('/imports', `/imports/${uploadId}`, '/runs', `/runs/${seed.runId}`, '/duplicates', `/duplicates/${seed.reviewIds[2]}`,
      '/duplicates/history', '/sources', '/accounts?q=Talleres', '/accounts?q=Ferreter', `/accounts/${seed.accounts[0]!.id}`);
  });
  afterAll(async () => h?.stop());

  it('sends people who are not signed in to the login page, and rate-limits logins', async () => {
    const anon = new Browserless(h.app);
    for (const p of pages) {
      const res = await anon.get(p);
      expect(res.statusCode, p).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
    expect((await anon.post('/duplicates/1/accept', {})).statusCode).toBe(403); // no CSRF token without a page
    const login = await anon.get('/login');
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const bad = await anon.post('/login', { email: USERS.admin, password: 'wrong password!!' });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('Wrong e-mail or password.');
    let limited = 0;
    for (let i = 0; i < 30; i++) if ((await anon.post('/login', { email: USERS.admin, password: 'wrong password!!' })).statusCode === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    const session = (await new Browserless(h.app).login(USERS.viewer)).headers['set-cookie'];
    expect(String(session)).toMatch(/crmhub_session=[^;]+;.*HttpOnly/i);
    expect(String(session)).toMatch(/SameSite=Strict/i);
  });

  it('renders every page in all six languages, with hostile values as text', async () => {
    const nav: Record<string, string> = Object.fromEntries(LOCALES.map((l) => [l, CATALOGS[l]['nav.duplicates']]));
    for (const locale of LOCALES) {
      const b = new Browserless(h.app, `${locale};q=1, en;q=0.5`);
      await b.login(USERS.reviewer);
      for (const p of pages) {
        const res = await b.get(p);
        expect(res.statusCode, `${locale} ${p}`).toBe(200);
        expect(res.body, `${locale} ${p}`).toContain(`<html lang="${locale}">`);
        expect(res.body, `${locale} ${p}`).toContain(`>${nav[locale]}<`);
        expect(res.body).not.toContain('<script>alert');
        expect(res.body).not.toContain('<img src=x');
        expect(res.body).not.toContain('<b>');
      }
    }
    const account = await reviewer.get(`/accounts/${seed.accounts[0]!.id}`);
    expect(account.body).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Hostil S.L.');
    const queue = await reviewer.get('/duplicates');
    expect(queue.body).toContain('&lt;script&gt;');
    const loaded = await reviewer.get('/accounts?q=Ferreter');
    expect(loaded.body).toContain('Ferretería &lt;img src=x onerror=alert(1)&gt;');
    const run = await reviewer.get(`/runs/${seed.runId}`);
    expect(run.body).toContain('not an e-mail address: &quot;=1+1&quot;');
    expect(run.body).toContain('href="http://127.0.0.1:8233/namespaces/default/workflows/');
    // The language switcher stores the choice and comes back to the page.
    const sw = await viewer.post('/lang', { to: 'pl', back: '/runs' });
    expect(sw.headers.location).toBe('/runs');
    expect((await viewer.get('/runs')).body).toContain('<html lang="pl">');
    expect((await viewer.post('/lang', { to: 'en', back: 'https://evil.example/' })).headers.location).toBe('/');
  });

  it('refuses a state change without a CSRF token or with another session\'s, and by a role that may not', async () => {
    const id = seed.reviewIds[0]!;
    expect((await reviewer.post(`/duplicates/${id}/reject`, {}, { csrf: false })).statusCode).toBe(403);
    const foreign = admin.csrf;
    const res = await reviewer.app.inject({
      method: 'POST', url: `/duplicates/${id}/reject`, payload: `_csrf=${encodeURIComponent(foreign)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...reviewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.statusCode).toBe(403);
    expect((await viewer.post(`/duplicates/${id}/accept`, {})).statusCode).toBe(403);
    expect((await reviewer.post('/sources/erp/pause', {})).statusCode).toBe(403);
    expect(await h.db('review_queue').where({ id }).first('status')).toEqual({ status: 'pending' });
  });

  it('records each review decision with who and which model version, and undoes a merge exactly', async () => {
    const tables = ['accounts', 'contacts', 'source_records', 'match_profiles', 'invoices'];
    const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await h.db(t).select()).map((r) => JSON.stringify(r)).sort()] as const)));
    const before = await snapshot();
    const [first, second, third] = seed.reviewIds as [number, number, number];
    const pair = await reviewer.get(`/duplicates/${first}`);
    expect(pair.body).toContain('data-key="y"');
    expect(pair.body).toContain('accounts@default');
    let res = await reviewer.post(`/duplicates/${first}/accept`);
    expect(res.statusCode).toBe(303);
    res = await reviewer.post(`/duplicates/${second}/reject`);
    expect(res.statusCode).toBe(303);
    res = await reviewer.post(`/duplicates/${third}/skip`);
    expect(res.statusCode).toBe(303);
    const decisions = await h.db('review_decisions').orderBy('id').select('review_id', 'decision', 'actor', 'model_version', 'merge_id');
    expect(decisions.map((d) => [Number(d.review_id), d.decision, d.actor, d.model_version])).toEqual([
      [first, 'accept', USERS.reviewer, 'accounts@default'], [second, 'reject', USERS.reviewer, 'accounts@default'], [third, 'skip', USERS.reviewer, 'accounts@default'],
    ]);
    expect(await h.db('merge_history').first('decided_by')).toEqual({ decided_by: `review:${USERS.reviewer}` });
    const mergeId = Number(decisions[0]!.merge_id);
    expect((await reviewer.get('/duplicates/history')).body).toContain(`/duplicates/history/${mergeId}/undo`);
    res = await reviewer.post(`/duplicates/history/${mergeId}/undo`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Merge ${mergeId} undone`);
    expect(await snapshot()).toEqual(before);
    res = await reviewer.post(`/duplicates/history/${mergeId}/undo`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('already undone');
    expect(await h.db('console_audit').whereIn('action', ['review_accept', 'review_reject', 'review_skip', 'undo_merge']).count({ n: '*' }).then((r) => Number(r[0]!.n))).toBe(4);
  });

  it('shows a run\'s quarantine, downloads it formula-safe, replays a fixed file and ignores rows', async () => {
    const run = await reviewer.get(`/runs/${seed.runId}`);
    expect(run.body).toContain('validation');
    const csv = await reviewer.get(`/runs/${seed.runId}/rejects.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="run-\d+-rejects.csv"/);
    expect(csv.body.split('\r\n')[0]).toBe('crmhub_row,crmhub_reason,crmhub_issues,Código,Razón social,NIF,Email,Teléfono');
    expect(csv.body).toContain("'=1+1");
    expect(csv.body).toContain("'@SUM(A1)");
    expect(csv.body).not.toMatch(/(^|,)=1\+1/m);
    const warnings = await reviewer.get(`/runs/${seed.runId}/warnings.csv`);
    expect(warnings.body).toContain('no-es-un-email');
    // Replay: the downloaded CSV, fixed (the row gets its name), sent back through the run's page.
    const fixed = csv.body.replace(/^(\d+,validation,[^\r\n]*?,C2,)(,)/m, '$1Corregida S.L.$2');
    expect(fixed).not.toBe(csv.body);
    const replay = await reviewer.upload(`/runs/${seed.runId}/replay`, {}, { name: 'rejects-fixed.csv', data: Buffer.from(fixed) });
    expect(replay.statusCode, replay.body).toBe(202);
    const replayRun = await eventually(async () => {
      const r = await h.db('sync_runs').where({ replay_of_run_id: seed.runId }).whereNot({ status: 'running' }).first('id', 'status', 'rows_read', 'rows_inserted');
      return r ?? undefined;
    });
    expect(replayRun).toMatchObject({ rows_read: 1 });
    const replayed = await h.db('rejected_rows').where({ sync_run_id: seed.runId }).first('status');
    expect(replayed.status).not.toBe('open');
    await h.db('rejected_rows').where({ sync_run_id: seed.runId }).update({ status: 'open' }); // open again for the ignore below
    const frag = await reviewer.get(`/runs/${seed.runId}/rejects?page=1`);
    expect(frag.body.startsWith('<div id="rejects">')).toBe(true);
    const ids = (await h.db('rejected_rows').where({ sync_run_id: seed.runId, status: 'open' }).pluck('id')).map(String);
    expect(ids.length).toBeGreaterThan(0);
    const res = await reviewer.post(`/runs/${seed.runId}/ignore`, { ids });
    expect(res.statusCode).toBe(200);
    expect(await h.db('rejected_rows').where({ sync_run_id: seed.runId }).distinct('status').pluck('status')).toEqual(['ignored']);
    expect((await viewer.post(`/runs/${seed.runId}/ignore`, { ids })).statusCode).toBe(403);
    const list = await viewer.get('/runs?kind=imports');
    expect(list.body).toContain(`/runs/${seed.runId}`);
  });

  it('lists sources with the name of their secret\'s variable only, tests, pauses, resumes and triggers schedules', async () => {
    let page = await admin.get('/sources');
    expect(page.body).toContain(`<code>${ERP_URL_ENV}</code>`);
    expect(page.body).toContain('crmhub-sync-erp');
    let res = await admin.post('/sources/erp/test');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Connection test of erp');
    expect(res.body).toMatch(/✗/);
    res = await admin.post('/sources/erp/pause');
    expect(res.statusCode).toBe(200);
    expect((await h.temporal.client.schedule.getHandle(seed.scheduleId).describe()).state.paused).toBe(true);
    expect(res.body).toContain('Schedule of erp paused.');
    res = await admin.post('/sources/erp/resume');
    expect((await h.temporal.client.schedule.getHandle(seed.scheduleId).describe()).state.paused).toBe(false);
    const before = (await h.temporal.client.schedule.getHandle(seed.scheduleId).describe()).info.recentActions.length;
    res = await admin.post('/sources/erp/sync');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Sync of erp started');
    await eventually(async () => ((await h.temporal.client.schedule.getHandle(seed.scheduleId).describe()).info.recentActions.length > before ? true : undefined), 30_000);
    page = await admin.get('/sources');
    expect(page.body).not.toContain(SENTINEL);
  });

  it('finds accounts by name, tax id, e-mail and phone, and shows lineage, facts and merges', async () => {
    const a = seed.accounts[0]!;
    for (const q of ['Hostil', 'ES B64123458', 'info@hostil.es', '93 123 45 67']) {
      const res = await viewer.get(`/accounts?q=${encodeURIComponent(q)}`);
      expect(res.body, q).toContain(`/accounts/${a.id}`);
    }
    const page = await viewer.get(`/accounts/${a.id}`);
    expect(page.body).toContain('F-2025-001');
    expect(page.body).toMatch(/1[.,]210[.,]00|1\s?210[.,]00/);
    expect(page.body).toContain('CRM value');
    expect((await viewer.get('/accounts/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await viewer.get('/accounts/not-a-uuid')).statusCode).toBe(404);
  });

  it('never shows the sentinel secret in a page, a log line or a Temporal payload', async () => {
    for (const p of [...pages, '/sources']) expect((await admin.get(p)).body, p).not.toContain(SENTINEL);
    expect(h.logs.length).toBeGreaterThan(10);
    expect(h.logs.join('\n')).not.toContain(SENTINEL);
    // Every workflow in the namespace, every event of its history, as raw bytes.
    let histories = 0;
    for await (const wf of h.temporal.client.workflow.list()) {
      const history = await h.temporal.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const bytes = Buffer.from(JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)), 'latin1');
      expect(bytes.includes(SENTINEL), wf.workflowId).toBe(false);
      histories++;
    }
    expect(histories).toBeGreaterThanOrEqual(3);
    expect(process.env[ERP_URL_ENV]).toContain(SENTINEL); // it was there all along, for the worker
  });
});
