/**
 * A sync survives its worker: the worker PROCESS running a sync is SIGKILLed after some pages of
 * invoice lines committed, a second worker process takes the stream over after the heartbeat
 * timeout and resumes after the last committed page. The CRM it ends with is compared, table by
 * table, with a second CRM database that synced the same ERP without a crash: identical, nothing
 * lost, nothing doubled. `crmhub runs` then shows each stream with the cursors it started and
 * ended at.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createErpDatabase, erpSourceConfig } from '../bench/generators/erp-mariadb';
import type { SyncReport } from '../workflows/sync-source';
import { crmState } from './support/crm-state';
import { startTemporal, startWorker, TEST_TASK_QUEUE } from './support/temporal-env';
import { freshTestDatabase, siblingDatabaseUrl, TEST_DATABASE_URL } from './support/test-database';

const ROOT = join(__dirname, '..');
const ERP_DB = 'crmhub_erp_sync_crash';
const SOURCE = 'erp_crash';
const PAGE = 250;
const INVOICES = 3000; // 15,000 lines: 60 pages
const REF_URL = siblingDatabaseUrl('ref');

let env: TestWorkflowEnvironment;
let db: Knex;
let ref: Knex;
let admin: mysql.Connection;
const children: ChildProcess[] = [];

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'worker'], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DATABASE_URL: TEST_DATABASE_URL },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  children.push(child);
  return child;
}

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), ...args], { env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`crmhub ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

const addSource = (k: Knex) => k('source_systems').insert({
  code: SOURCE, label: SOURCE, kind: 'erp', connector_code: 'sql',
  config: JSON.stringify(erpSourceConfig('ERP_CRASH_URL', { pageSize: PAGE })),
  settings: JSON.stringify({ defaultCountry: 'ES', timezone: 'Europe/Madrid', locale: 'en-GB' }),
});

const startSync = (workflowId: string) => env.client.workflow.start('syncSource', {
  taskQueue: TEST_TASK_QUEUE, workflowId, args: [{ source: SOURCE, heartbeatTimeoutSeconds: 3 }],
});

beforeAll(async () => {
  db = await freshTestDatabase();
  ref = await freshTestDatabase(REF_URL);
  env = await startTemporal();
  const adminUrl = process.env.TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
  admin = await mysql.createConnection({ uri: adminUrl, multipleStatements: true });
  await createErpDatabase(admin, ERP_DB, { invoices: INVOICES });
  process.env.ERP_CRASH_URL = `${adminUrl}/${ERP_DB}`; // the worker processes inherit it
  await addSource(db);
  await addSource(ref);
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await admin?.query(`DROP DATABASE IF EXISTS ${ERP_DB}`).catch(() => undefined);
  await admin?.end();
  await env?.teardown();
  await db?.destroy();
  await ref?.destroy();
});

it('a worker SIGKILLed mid-sync: a second worker finishes, and the CRM equals one synced without a crash', async () => {
  // The reference: the same sync, uninterrupted, into the second CRM database.
  const w = await startWorker(env, ref);
  const reference = (await (await startSync('sync-reference')).result()) as SyncReport;
  await w.stop();
  expect(reference.status).toBe('succeeded');

  const handle = await startSync('sync-crash');
  const first = startWorkerProcess();
  let killedAt = 0;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const run = await db('sync_runs').where({ workflow_id: handle.workflowId, stream: 'invoice_lines' }).first('checkpoint_row');
    if (run && run.checkpoint_row >= 10 * PAGE) {
      first.kill('SIGKILL');
      killedAt = run.checkpoint_row;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => first.once('exit', r));
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(INVOICES * 5); // killed mid-stream: pages were left to read

  startWorkerProcess();
  const report = (await handle.result()) as SyncReport;
  expect(report.status).toBe('succeeded');
  const counts = (r: SyncReport) => Object.fromEntries(r.streams.map((s) => [s.sync!.stream, { read: s.counts.read, written: s.counts.inserted + s.counts.merged, rejected: s.counts.rejected }]));
  // Each record read once: the killed attempt's uncommitted page is not counted twice.
  expect(counts(report)).toEqual(counts(reference));
  expect(counts(report).invoice_lines).toEqual({ read: INVOICES * 5, written: INVOICES * 5, rejected: 0 });

  const [crashed, clean] = [await crmState(db), await crmState(ref)];
  for (const table of Object.keys(clean)) {
    expect(crashed[table]!.length, table).toBe(clean[table]!.length);
    expect(crashed[table], table).toEqual(clean[table]);
  }
  expect(clean.invoice_lines).toHaveLength(INVOICES * 5);

  // The stream really ran twice: in the killed worker, then in the second one.
  const history = await handle.fetchHistory();
  const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt).filter((a): a is number => !!a);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);

  // crmhub runs: each stream of the sync, the cursor it started at (the start: a first sync) and ended at.
  const listed = JSON.parse(await cli(['runs', '--kind', 'sync', '--source', SOURCE, '--json'])) as { runs: { kind: string; stream: string; runId: number; cursorFrom: unknown; cursorTo: unknown; workflowId: string }[] };
  const lines = listed.runs.find((r) => r.stream === 'invoice_lines' && r.workflowId === handle.workflowId)!;
  expect(lines.kind).toBe('sync');
  expect(lines.cursorFrom).toBeNull();
  expect(lines.cursorTo).toEqual((await db('sync_cursors').where({ source_system_code: SOURCE, entity_type: 'invoice_lines' }).first()).cursor);
  expect(lines.cursorTo).toMatchObject({ mode: 'incremental', externalId: String(INVOICES * 5) });
  const text = await cli(['runs', '--kind', 'sync']);
  expect(text).toMatch(/invoice_lines\s+start\s+2025-\S+ \S+ #15000/);
}, 420_000);
