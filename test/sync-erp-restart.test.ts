/**
 * The ERP database restarts in the middle of a sync. The test runs its own MariaDB server (its
 * own data folder and port: the shared server is never touched), stops it after some pages of
 * invoice lines committed, keeps it down a few seconds and starts it again. The lost connection
 * and the refused reconnects are transient failures that Temporal's retry policy retries; the
 * stream resumes after its last committed page and the sync completes with every record exactly
 * once.
 */
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErpDatabase, erpSourceConfig } from '../bench/generators/erp-mariadb';
import type { SyncReport } from '../workflows/sync-source';
import { useImportHarness } from './support/import-harness';
import { startPrivateMariadb, type PrivateMariadb } from './support/private-mariadb';
import { TEST_TASK_QUEUE } from './support/temporal-env';

const ERP_DB = 'crmhub_erp_restart';
const SOURCE = 'erp_restart';
const PAGE = 250;
const INVOICES = 3000;

describe('the ERP database restarts mid-sync', () => {
  const h = useImportHarness();
  let db: Knex;
  let env: TestWorkflowEnvironment;
  let erp: PrivateMariadb;
  let expected: { lines: number; netMinor: number; invoices: number; receivables: number; accounts: number };

  beforeAll(async () => {
    ({ db, env } = h);
    erp = await startPrivateMariadb();
    const admin = await mysql.createConnection({ uri: erp.url, multipleStatements: true });
    // Long descriptions (15,000 lines of about 2 kB): far more than the socket buffers hold, so
    // the server is still sending the lines when it stops, not done long before.
    const counts = await createErpDatabase(admin, ERP_DB, { invoices: INVOICES, descriptionPadding: 2000 });
    const [[sums]] = await admin.query(`SELECT ROUND(SUM(CASE WHEN f.type = 2 THEN -d.total_ht ELSE d.total_ht END) * 100) AS net,
        (SELECT COUNT(*) FROM llx_facture WHERE fk_statut = 1 AND paye = 0 AND type <> 2) AS open
      FROM llx_facturedet d JOIN llx_facture f ON f.rowid = d.fk_facture`) as unknown as [[{ net: string; open: number }]];
    await admin.end();
    expected = { lines: counts.lines, netMinor: Number(sums.net), invoices: counts.invoices, receivables: Number(sums.open), accounts: counts.customers };
    process.env.ERP_RESTART_URL = `${erp.url}/${ERP_DB}`;
    await db('source_systems').insert({
      code: SOURCE, label: SOURCE, kind: 'erp', connector_code: 'sql',
      // A short connect timeout: while the server is down each attempt fails fast and is retried.
      config: JSON.stringify({ ...erpSourceConfig('ERP_RESTART_URL', { pageSize: PAGE }), connection: { ...erpSourceConfig('ERP_RESTART_URL').connection, connectTimeoutSeconds: 3 } }),
      settings: JSON.stringify({ defaultCountry: 'ES', timezone: 'Europe/Madrid', locale: 'en-GB' }),
    });
  }, 120_000);
  afterAll(async () => {
    await erp?.destroy();
  });

  it('resumes after the last committed page and completes, every record once', async () => {
    const handle = await env.client.workflow.start('syncSource', {
      taskQueue: TEST_TASK_QUEUE, workflowId: 'sync-erp-restart', args: [{ source: SOURCE, heartbeatTimeoutSeconds: 10 }],
    });
    let stoppedAt = 0;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const run = await db('sync_runs').where({ workflow_id: handle.workflowId, stream: 'invoice_lines' }).first('checkpoint_row');
      if (run && run.checkpoint_row >= 10 * PAGE) {
        stoppedAt = run.checkpoint_row;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await erp.stop();
    const down = Date.now();
    expect(stoppedAt).toBeGreaterThan(0);
    // Down long enough for the retries to find no server (ECONNREFUSED), then back.
    await new Promise((r) => setTimeout(r, 4000));
    await erp.start();

    const report = (await handle.result()) as SyncReport;
    expect(report.status).toBe('succeeded');
    const lines = report.streams.find((s) => s.sync!.stream === 'invoice_lines')!;
    expect(stoppedAt).toBeLessThan(expected.lines); // the restart really happened mid-stream
    expect(lines.counts).toMatchObject({ read: expected.lines, inserted: expected.lines, rejected: 0 });
    const [{ n, net }] = (await db.raw(`SELECT count(*) AS n, sum(net_minor) AS net FROM invoice_lines WHERE source_system_code = ?`, [SOURCE])).rows;
    expect(Number(n)).toBe(expected.lines);
    expect(Number(net)).toBe(expected.netMinor);
    expect(await db('invoices').where({ source_system_code: SOURCE }).count('* as n').first()).toEqual({ n: String(expected.invoices) });
    expect(await db('receivables').where({ source_system_code: SOURCE, status: 'open' }).count('* as n').first()).toEqual({ n: String(expected.receivables) });
    expect((await db('sync_cursors').where({ source_system_code: SOURCE, entity_type: 'invoice_lines' }).first()).cursor).toMatchObject({ externalId: String(expected.lines) });

    // The stream failed while the server was away and was retried by Temporal (not by a loop of
    // ours): the attempt that completed carries the transient failure before it.
    const history = await handle.fetchHistory();
    const retried = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes).filter((a) => a && (a.attempt ?? 1) > 1);
    expect(retried.length).toBeGreaterThan(0);
    const failures = retried.map((a) => a!.lastFailure?.message ?? '').join('\n');
    if (process.env.CRMHUB_TEST_VERBOSE) console.info(`retried after: ${failures}`);
    expect(failures).toMatch(/connection refused|lost|shut ?down|server/i);
    // …and the stream retried is the lines', which the stop interrupted mid-read.
    const linesRun = await db('sync_runs').where({ workflow_id: handle.workflowId, stream: 'invoice_lines' }).first('id');
    const retriedInputs = retried.map((a) => {
      const scheduled = history.events!.find((e) => Number(e.eventId) === Number(a!.scheduledEventId))!.activityTaskScheduledEventAttributes!;
      return { type: scheduled.activityType?.name, input: JSON.parse(Buffer.from(scheduled.input!.payloads![0]!.data!).toString('utf8')) as unknown };
    });
    expect(retriedInputs).toContainEqual({ type: 'syncStream', input: { runId: Number(linesRun.id) } });
    expect(Date.now() - down).toBeGreaterThan(4000);
  }, 300_000);
});
