/**
 * Issue 9 end to end: an ERP database shaped like Dolibarr, in a real MariaDB and a real
 * PostgreSQL, synced by the `syncSource` workflow on a real Temporal dev server into a real
 * PostgreSQL CRM. Exact counts and money sums; a second sync writes nothing; an incremental sync
 * reads only what changed; a payment settles a receivable; an invoice that arrives before its
 * customer waits in the quarantine and loads once the customer does; bad settings fail in one
 * line and write nothing; a schedule triggered twice at once runs one sync.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkflowId, syncScheduleId } from '../workflows/sync-ids';
import type { SyncReport } from '../workflows/sync-source';
import { mariadbErp, mariadbReader, postgresErp, SEED_EXPECTED, type Erp } from './support/erp-fixture';
import { useImportHarness } from './support/import-harness';
import { TEST_TASK_QUEUE } from './support/temporal-env';

const CONFIG = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'erp', 'dolibarr-mariadb.json'), 'utf8')) as { connection: Record<string, unknown>; streams: Record<string, Record<string, unknown>> };

function config(client: 'mysql' | 'pg', urlEnv: string, o: { lookbackSeconds?: number; streams?: Record<string, Record<string, unknown>> } = {}) {
  const streams = Object.fromEntries(Object.entries(o.streams ?? CONFIG.streams).map(([k, v]) => [k, { ...v, ...(o.lookbackSeconds !== undefined && v.mode !== 'snapshot' ? { lookbackSeconds: o.lookbackSeconds } : {}) }]));
  return { connection: { ...CONFIG.connection, client, urlEnv }, streams };
}

const byStream = (r: SyncReport) => Object.fromEntries(r.streams.map((s) => [s.sync!.stream, {
  read: s.counts.read, inserted: s.counts.inserted, updated: s.counts.updated, unchanged: s.counts.unchanged, merged: s.counts.merged, rejected: s.counts.rejected, settled: s.sync!.settled,
}]));

describe('syncs from an ERP database (issue 9)', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  beforeAll(async () => {
    ({ db, env } = h);
    await db('product_families').insert({ code: 'chairs', label: 'Chairs' });
  });

  const addSource = (code: string, cfg: unknown) => db('source_systems')
    .insert({ code, label: code, kind: 'erp', connector_code: 'sql', config: JSON.stringify(cfg), settings: JSON.stringify({ defaultCountry: 'ES', timezone: 'Europe/Madrid', locale: 'en-GB' }) })
    .onConflict('code').merge();
  const sync = async (source: string, extra: Record<string, unknown> = {}) => {
    const handle = await env.client.workflow.start('syncSource', {
      taskQueue: TEST_TASK_QUEUE, workflowId: `${syncWorkflowId(source)}-${Date.now()}`, args: [{ source, ...extra }],
    });
    return (await handle.result()) as SyncReport;
  };
  const xmins = async () => (await db.raw(`SELECT (SELECT coalesce(sum(xmin::text::bigint), 0) FROM invoices) + (SELECT coalesce(sum(xmin::text::bigint), 0) FROM accounts)
                                              + (SELECT coalesce(sum(xmin::text::bigint), 0) FROM receivables) AS x`)).rows[0].x;

  describe.each([['MariaDB', 'mysql', mariadbErp], ['PostgreSQL', 'pg', postgresErp]] as const)('%s', (_name, client, open) => {
    let erp: Erp;
    const code = `erp_${client}`;
    const urlEnv = `ERP_URL_${client.toUpperCase()}`;
    beforeAll(async () => {
      erp = await open(`crmhub_erp_fixture_${client}`);
      process.env[urlEnv] = erp.url; // a secret: in the worker's environment, never in the source's config
      await addSource(code, config(client, urlEnv, { lookbackSeconds: 0 }));
    });
    afterAll(async () => {
      await erp?.close();
    });
    const facts = (table: string) => db(table).where({ source_system_code: code });

    it('initial sync: every stream in order, exact counts and money sums', async () => {
      const r = await sync(code);
      expect(r.status).toBe('succeeded');
      const counts = byStream(r);
      const e = SEED_EXPECTED;
      // Parties found by tax id or e-mail in the CRM (another source synced them first) join those records.
      expect(Object.fromEntries(Object.entries(counts).map(([s, c]) => [s, c.inserted + c.merged]))).toEqual({
        accounts: e.accounts, contacts: e.contacts, invoices: e.invoices, invoice_lines: e.invoiceLines, receivables: e.receivables,
        orders: e.orders, order_lines: e.orderLines, shipments: e.shipments, activities: e.activities,
      });
      const [{ turnover }] = (await db.raw(`SELECT sum(total_gross_minor) AS turnover FROM invoices WHERE source_system_code = ? AND status <> 'cancelled'`, [code])).rows;
      expect(Number(turnover)).toBe(e.turnoverMinor);
      const credit = await facts('invoices').where({ number: 'AV2610-0001' }).first();
      expect(credit).toMatchObject({ kind: 'credit_note', total_gross_minor: '-12100', total_net_minor: '-10000' });
      // A DOUBLE total of 605.12 arrives as a float and is rounded once to minor units.
      expect((await facts('invoices').where({ number: 'FA2610-0002' }).first()).total_gross_minor).toBe('60512');
      const lines = await db('invoice_lines as l').join('invoices as i', 'i.id', 'l.invoice_id').where('l.source_system_code', code).orderBy(['i.number', 'l.line_no'])
        .select('i.number', 'l.line_no', 'l.net_minor', 'l.currency', 'l.issue_date', 'l.product_family', 'l.quantity');
      expect(lines[0]).toMatchObject({ number: 'AV2610-0001', net_minor: '-10000', currency: 'EUR', issue_date: '2026-10-25', product_family: 'chairs' });
      const [{ due }] = (await db.raw(`SELECT sum(amount_due_minor) AS due FROM receivables WHERE source_system_code = ? AND status = 'open'`, [code])).rows;
      expect(Number(due)).toBe(e.openDueMinor);
      // Facts follow their customer's account; a line its invoice's; an activity names its CRM user.
      const perez = await db('accounts').where({ tax_id: 'B12345674' }).first();
      expect(await facts('invoices').where({ account_id: perez.id }).count('* as n').first()).toEqual({ n: '3' });
      expect(await facts('activities').where({ account_id: perez.id, kind: 'visit' })).toHaveLength(1);
      expect(await db('users').where({ email: 'marta@crm.es' })).toHaveLength(1);
      const shipment = await facts('shipments').where({ number: 'SH2610-0001' }).first();
      expect(shipment.order_id).toBe((await facts('orders').where({ number: 'CO2610-0001' }).first()).id);
      // The cursors moved with the pages.
      expect(await db('sync_cursors').where({ source_system_code: code }).pluck('entity_type')).toEqual(expect.arrayContaining(['accounts', 'invoices', 'receivables']));
    });

    it('a second sync with nothing changed reads only what the cursors say and writes nothing', async () => {
      const before = await xmins();
      const r = await sync(code);
      const counts = byStream(r);
      for (const [stream, c] of Object.entries(counts)) expect(c.inserted + c.updated, stream).toBe(0);
      expect(counts.invoices!.read).toBe(0); // incremental: nothing after the stored cursor
      expect(counts.receivables!.read).toBe(3); // snapshot: read whole, all unchanged
      expect(await xmins()).toBe(before);
    });

    it('after changes: reads only the changed rows, a payment settles a receivable, a waiting invoice loads once its customer arrives', async () => {
      await erp.exec(`UPDATE llx_facture SET total_ht = 600.00, total_tva = 126.00, total_ttc = 726.00, tms = '2026-11-02 10:00:00' WHERE rowid = 2`);
      await erp.exec(`UPDATE llx_facturedet SET total_ht = 600.00, tms = '2026-11-02 10:00:00' WHERE fk_facture = 2`);
      await erp.exec(`INSERT INTO llx_paiement_facture (fk_facture, amount, datep) VALUES (2, 726.00, '2026-11-02 10:00:00')`);
      await erp.exec(`UPDATE llx_facture SET paye = 1, tms = '2026-11-02 10:00:00' WHERE rowid = 2`);
      // An invoice of the prospect: its account is not synced (client = 0), so it waits.
      await erp.exec(`INSERT INTO llx_facture (rowid, ref, fk_soc, type, fk_statut, paye, datef, date_lim_reglement, total_ht, total_tva, total_ttc, tms)
                      VALUES (9, 'FA2611-0009', 5, 0, 1, 0, '2026-11-02', '2026-12-02', 10.00, 2.10, 12.10, '2026-11-02 10:00:00')`);
      const r = await sync(code);
      const c = byStream(r);
      expect(c.invoices).toMatchObject({ read: 2, updated: 1, rejected: 1 }); // the changed invoice and the new one
      expect(c.invoice_lines).toMatchObject({ read: 1, updated: 1 });
      expect(c.accounts).toMatchObject({ read: 0 });
      // Invoice 2 is paid: no longer listed, settled; invoice 9's debt waits for its account too.
      expect(c.receivables).toMatchObject({ read: 3, settled: 1, rejected: 1 });
      expect((await facts('receivables').where({ document_number: 'FA2610-0002' }).first())).toMatchObject({ status: 'settled' });
      expect((await facts('invoices').where({ number: 'FA2610-0002' }).first())).toMatchObject({ status: 'paid', total_gross_minor: '72600' });
      const waiting = await db('rejected_rows').where({ source_system_code: code, entity_type: 'invoice', reason: 'unmatched_account', status: 'open' });
      expect(waiting).toHaveLength(1);
      expect(waiting[0].issues[0].message).toMatch(/customer id "5".*replayed once the account arrives/);

      // The prospect becomes a customer: the next sync brings it, and the waiting invoice with it.
      await erp.exec(`UPDATE llx_societe SET client = 1, tms = '2026-11-03 09:00:00' WHERE rowid = 5`);
      const next = byStream(await sync(code));
      expect(next.accounts!.inserted + next.accounts!.merged).toBe(1);
      expect(next.accounts!.read).toBe(1);
      expect(next.invoices).toMatchObject({ read: 1, inserted: 1, rejected: 0 });
      expect(next.receivables).toMatchObject({ rejected: 0 }); // its debt loads too
      expect((await db('rejected_rows').where({ id: waiting[0].id }).first()).status).toBe('replayed');
      expect(await facts('invoices').where({ number: 'FA2611-0009' })).toHaveLength(1);
    });

    it('a snapshot that lost most of its rows settles nothing and says why', async () => {
      await addSource(`${code}_trunc`, config(client, urlEnv, {
        lookbackSeconds: 0,
        streams: { accounts: CONFIG.streams.accounts!, receivables: CONFIG.streams.receivables! },
      }));
      await sync(`${code}_trunc`);
      // The open-items query now returns none of the open debts (a broken WHERE).
      const broken = { ...CONFIG.streams.receivables!, query: `${(CONFIG.streams.receivables!.query as string)} AND f.rowid = 0` };
      await addSource(`${code}_trunc`, config(client, urlEnv, { lookbackSeconds: 0, streams: { accounts: CONFIG.streams.accounts!, receivables: broken } }));
      const r = await sync(`${code}_trunc`);
      expect(r.status).toBe('failed');
      const rec = r.streams.find((s) => s.sync!.stream === 'receivables')!;
      expect(rec.error, rec.error ?? '').toMatch(/refusing to settle 3 of 3 open rows .*nothing was written/);
      expect(await db('receivables').where({ source_system_code: `${code}_trunc`, status: 'open' })).toHaveLength(3);
    });
  });

  describe('bad settings: one clear line each, the run failed, nothing written', () => {
    let erp: Erp;
    let reader: { url: (pw?: string) => string };
    beforeAll(async () => {
      erp = await mariadbErp('crmhub_erp_fixture_bad');
      reader = await mariadbReader('crmhub_erp_fixture_bad');
    });
    afterAll(async () => {
      await erp?.close();
    });
    const accountsOnly = (query?: string): Record<string, { query: string }> => ({ accounts: { query: query ?? (CONFIG.streams.accounts!.query as string) } });
    it.each([
      ['a bad password', () => reader.url('wrong-password'), accountsOnly(), /access denied.*crmhub_fixture_reader/i, 'Auth'],
      ['an unknown host', () => 'mysql://root@no-such-host.invalid:3306/x', accountsOnly(), /no-such-host\.invalid/, null],
      ['a query with a syntax error', () => reader.url(), accountsOnly('SELECT s.rowid AS external_id, s.nom AS name FROM llx_societe s WHERE'), /stream accounts.*syntax/i, 'BadConfiguration'],
      ['a missing external_id alias', () => reader.url(), accountsOnly('SELECT s.rowid AS id, s.nom AS name FROM llx_societe s'), /stream accounts.*external_id/, 'BadConfiguration'],
    ] as [string, () => string, Record<string, { query: string }>, RegExp, string | null][])('%s', async (_name, url, streams, message, type) => {
      const code = `bad_${Math.random().toString(36).slice(2, 8)}`;
      process.env[`${code.toUpperCase()}_URL`] = url();
      await addSource(code, { connection: { client: 'mysql', urlEnv: `${code.toUpperCase()}_URL`, connectTimeoutSeconds: 3 }, streams });
      const before = await db('accounts').count('* as n').first();
      const r = await sync(code);
      expect(r.status).toBe('failed');
      const [s] = r.streams;
      expect(s!.status).toBe('failed');
      expect(s!.error).toMatch(message);
      expect(s!.error).not.toMatch(/Erp-s3cret/); // the password never shows
      expect(s!.error!.split('\n')).toHaveLength(1);
      if (type) expect(s!.errorType).toBe(type);
      expect(await db('accounts').count('* as n').first()).toEqual(before);
    });
  });

  it('two triggers of one schedule at once start one sync', async () => {
    const erp = await mariadbErp('crmhub_erp_fixture_sched');
    try {
      process.env.SCHED_URL = erp.url;
      await addSource('erp_sched', config('mysql', 'SCHED_URL'));
      const handle = await env.client.schedule.create({
        scheduleId: syncScheduleId('erp_sched'),
        spec: { intervals: [{ every: '365d' }] },
        action: { type: 'startWorkflow', workflowType: 'scheduledSync', args: [{ source: 'erp_sched' }], taskQueue: TEST_TASK_QUEUE },
        policies: { overlap: 'SKIP' },
        state: { paused: true },
      });
      await Promise.all([handle.trigger(), handle.trigger()]);
      const deadline = Date.now() + 60_000;
      let done = 0;
      while (Date.now() < deadline) {
        done = Number((await db('sync_runs').where({ source_system_code: 'erp_sched', stream: 'activities' }).whereNot({ status: 'running' }).count('* as n').first())?.n ?? 0);
        if (done > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, 1500)); // a second sync, had one started, would be running by now
      expect(await db('sync_runs').where({ source_system_code: 'erp_sched', stream: 'accounts' })).toHaveLength(1);
      expect(done).toBe(1);
      await handle.delete();
    } finally {
      await erp.close();
    }
  });
});
