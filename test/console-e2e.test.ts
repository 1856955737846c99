/**
 * The console in a real Chromium (Debian's, driven by playwright-core): the import wizard on the
 * Spanish ERP workbook up to the approved import; the review queue with the keyboard (y, n), Undo
 * with the CRM tables back to their exact prior state; runs; a schedule paused, resumed and
 * triggered. axe finds no serious or critical issue on any page, no page breaks its CSP, and every
 * page is kept as a screenshot in English and Spanish under test-artifacts/console/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wizardState } from '../console/imports/wizards';
import { axe, launchChromium, serious, type AxeViolation } from './support/chromium';
import { eventually, PASSWORD, startConsoleHarness, USERS, type ConsoleHarness } from './support/console-harness';
import { seedConsole, type Seeded } from './support/console-seed';
import { TEST_TASK_QUEUE } from './support/temporal-env';

const ARTIFACTS = resolve('test-artifacts/console');

describe('console in Chromium', () => {
  let h: ConsoleHarness;
  let seed: Seeded;
  let browser: BrowserContext;
  let page: Page;
  let base: string;
  const a11y: { url: string; violations: AxeViolation[] }[] = [];
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];
  const visited = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startConsoleHarness({ config: { secureCookies: true } });
    seed = await seedConsole(h.db, h.env.client, TEST_TASK_QUEUE, mkdtempSync(join(tmpdir(), 'crmhub-console-seed-')));
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  /** Checks the page with axe and keeps a screenshot; `name` says which page it is. */
  async function look(name: string, locale = 'en'): Promise<void> {
    await page.waitForLoadState('load');
    a11y.push({ url: `${locale} ${name} ${page.url()}`, violations: await axe(page) });
    await page.screenshot({ path: join(ARTIFACTS, `${locale}-${name}.png`), fullPage: true });
    visited.set(name, new URL(page.url()).pathname + new URL(page.url()).search);
  }

  async function login(email: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/imports$/), page.click('form[action="/login"] button[type=submit]')]);
  }

  it('signs in with strict cookies', async () => {
    await page.goto(`${base}/login`);
    await look('login');
    await login(USERS.admin);
    const session = (await browser.cookies()).find((c) => c.name === 'crmhub_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
  });

  it('walks the import wizard on a European XLSX up to the approved import', async () => {
    await page.goto(`${base}/imports`);
    await look('imports');
    await page.selectOption('#entity', 'accounts');
    await page.fill('#source', 'erp_madrid');
    await page.setInputFiles('#file', resolve('examples/es/clientes_erp.xlsx'));
    await Promise.all([page.waitForURL(/\/imports\/[0-9a-f-]{36}/, { timeout: 60_000 }), page.click('#upload-form button[type=submit]')]);
    const id = page.url().split('/').pop()!.split('?')[0]!;
    const state = () => wizardState(h.temporal, `wizard-${id}`);
    await eventually(async () => ((await state()).phase !== 'inspecting' ? true : undefined));

    await page.goto(`${base}/imports/${id}?step=1`);
    await page.selectOption('#sheet', 'Clientes');
    await page.fill('#headerRow', '4');
    await Promise.all([page.waitForURL(/step=1/), page.click('form[action$="/configure"] button[type=submit]')]);
    expect(await page.textContent('table.preview')).toContain('Razón social');
    await look('wizard-1-sheet');
    await Promise.all([page.waitForURL(/step=2/), page.click('a.button')]);
    expect(await page.locator('meter').count()).toBeGreaterThan(8);
    await look('wizard-2-mapping');

    await Promise.all([page.waitForURL(/step=3/), page.click('form[action$="/mapping"] button[type=submit]')]);
    // The progress fragment polls every 2 s and reloads the page when the dry run is done.
    await page.waitForSelector('form[action$="/approve"]', { timeout: 120_000 });
    expect(await page.textContent('main')).toContain('40 rows read');
    await look('wizard-3-dry-run');
    expect((await state()).dryRun?.status).toBe('succeeded');

    await Promise.all([page.waitForURL(/step=4/), page.click('form[action$="/approve"] button[type=submit]')]);
    await page.waitForSelector('text=The import finished.', { timeout: 120_000 });
    await look('wizard-4-imported');
    expect((await state()).phase).toBe('done');
    expect(Number((await h.db('sync_runs').where({ workflow_id: `wizard-${id}-import` }).first('rows_read')).rows_read)).toBe(40);
    await page.goto(`${base}/imports`);
    expect(await page.textContent('main')).toContain('clientes_erp.xlsx');
  });

  it('decides pairs with the keyboard and undoes a merge, leaving the CRM exactly as it was', async () => {
    const tables = ['accounts', 'contacts', 'account_potentials', 'source_records', 'match_profiles', 'invoices'];
    const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await h.db(t).select()).map((r) => JSON.stringify(r)).sort()] as const)));
    const before = await snapshot();
    await page.goto(`${base}/duplicates`);
    await look('duplicates');
    await page.goto(`${base}/duplicates/${seed.reviewIds[0]}`);
    await look('duplicate-pair');
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith(`/${seed.reviewIds[0]}`)), page.keyboard.press('y')]);
    await page.goto(`${base}/duplicates/${seed.reviewIds[1]}`);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith(`/${seed.reviewIds[1]}`)), page.keyboard.press('n')]);
    const decided = await h.db('review_queue').whereIn('id', seed.reviewIds.slice(0, 2)).orderBy('id').select('id', 'status', 'decided_by');
    expect(Object.fromEntries(decided.map((d) => [Number(d.id), d.status]))).toEqual({ [seed.reviewIds[0]!]: 'accepted', [seed.reviewIds[1]!]: 'rejected' });
    expect(await h.db('review_decisions').orderBy('id').pluck('actor')).toEqual([USERS.admin, USERS.admin]);
    expect(await snapshot()).not.toEqual(before);

    await page.goto(`${base}/duplicates/history`);
    await look('merge-history');
    await page.click('form[action$="/undo"] button');
    await page.waitForSelector('.notice.ok');
    expect(await snapshot()).toEqual(before);
  });

  it('shows runs with counts, status, duration and a link to Temporal', async () => {
    await page.goto(`${base}/runs`);
    await look('runs');
    await page.click(`a[href="/runs/${seed.runId}"]`);
    await page.waitForURL(new RegExp(`/runs/${seed.runId}$`));
    expect(await page.getAttribute('a:has-text("History in Temporal")', 'href')).toMatch(/\/namespaces\/default\/workflows\/import-accounts-[^/]+\/[^/]+\/history$/);
    await look('run');
  });

  it('pauses, resumes and triggers a schedule from the Sources page', async () => {
    const handle = h.temporal.client.schedule.getHandle(seed.scheduleId);
    await page.goto(`${base}/sources`);
    await look('sources');
    await page.click('form[action="/sources/erp/pause"] button');
    await page.waitForSelector('text=Schedule of erp paused.');
    expect((await handle.describe()).state.paused).toBe(true);
    await page.click('form[action="/sources/erp/resume"] button');
    await page.waitForSelector('text=Schedule of erp resumed.');
    expect((await handle.describe()).state.paused).toBe(false);
    const before = (await handle.describe()).info.recentActions.length;
    await page.click('form[action="/sources/erp/sync"] button');
    await page.waitForSelector('text=Sync of erp started');
    await eventually(async () => ((await handle.describe()).info.recentActions.length > before ? true : undefined), 30_000);
  });

  it('searches accounts and shows one', async () => {
    await page.goto(`${base}/accounts`);
    await page.fill('#q', 'Talleres');
    await Promise.all([page.waitForURL(/q=Talleres/), page.press('#q', 'Enter')]);
    await look('accounts');
    await page.goto(`${base}/accounts/${seed.accounts[0]!.id}`);
    expect(await page.textContent('h1')).toContain('<script>alert("pwned")</script>');
    await look('account');
  });

  it('looks the same in Spanish, switched with the language menu', async () => {
    await page.goto(`${base}/runs`);
    await page.selectOption('#lang-select', 'es');
    await Promise.all([page.waitForURL(/\/runs$/), page.click('form.lang button')]);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    for (const [name, path] of visited) {
      if (name === 'login') continue;
      await page.goto(`${base}${path}`);
      await look(name, 'es');
    }
    await page.click('form.who button');
    await page.waitForURL(/\/login$/);
    await look('login', 'es');
  });

  it('has no serious or critical axe issue, no CSP violation and no script error on any page', () => {
    expect(a11y.length).toBeGreaterThanOrEqual(28);
    const bad = a11y.flatMap((p) => serious(p.violations).map((v) => `${p.url}: ${v.id} (${v.impact}) ${v.help} ×${v.nodes}`));
    expect(bad).toEqual([]);
    expect(cspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
