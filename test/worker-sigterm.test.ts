/**
 * Graceful shutdown: SIGTERM to the worker running an import's load. The worker stops polling,
 * lets the load run for the grace period, cancels it; the load stops at its next batch boundary
 * and its attempt fails back to the server at once, so the other worker resumes it from the last
 * committed batch — long before the heartbeat timeout (10 minutes here, so waiting for it would
 * fail the test). Exact counts at the end. The same workers serve /metrics and /ready.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { accountsMapping, expectedCounts, writeAccountsFile } from '../scripts/selfhosted/accounts-file';
import { startWorkerProcess, type WorkerProcess } from '../scripts/selfhosted/worker-process';
import { connectTemporal, temporalClient } from '../temporal/connect';
import { BUILD_TIMEOUT_MS, startSelfHostedEnv, type SelfHostedEnv } from './support/selfhosted-env';
import { count, freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const ROWS = 60_000;
let h: SelfHostedEnv;
let db: Knex;
let conn: Connection;
let client: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  db = await freshTestDatabase();
  h = await startSelfHostedEnv();
  conn = await connectTemporal(h.server.settings(h.pki.client('tester')));
  client = temporalClient(conn, h.server.namespace);
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await conn?.close();
  await h?.server.stop();
  await db?.destroy();
});

function metricsPort(w: WorkerProcess): number {
  const m = /metrics and \/ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(w.stderr());
  if (!m) throw new Error(`no metrics port in: ${w.stderr()}`);
  return Number(m[1]);
}

it('SIGTERM hands the running load back at a batch boundary; another worker finishes it with exact counts', async () => {
  const taskQueue = `sigterm-${randomUUID()}`;
  const env = (i: number) => ({
    ...h.server.clientEnv(h.pki.client(`worker-${i}`)), DATABASE_URL: TEST_DATABASE_URL, CRMHUB_TASK_QUEUE: taskQueue,
    // A grace far shorter than the rest of the load: with 2 s, a fast machine finished the last
    // 54,000 rows inside it, and there was nothing left to hand back.
    CRMHUB_WORKER_SHUTDOWN_GRACE: '200ms', CRMHUB_WORKER_SHUTDOWN_FORCE: '20s',
  });
  const pair = [0, 1].map((i) => startWorkerProcess({ name: `w${i}`, env: env(i), args: ['--metrics-port', '0'] }));
  workers.push(...pair);
  await Promise.all(pair.map((w) => w.ready));
  for (const w of pair) {
    const ready = await fetch(`http://127.0.0.1:${metricsPort(w)}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { worker: 'ok', temporal: 'ok', postgres: 'ok' } });
  }

  const file = join(mkdtempSync(join(tmpdir(), 'crmhub-sigterm-')), 'accounts.csv');
  const facts = await writeAccountsFile(file, ROWS, 1);
  const handle = await client.workflow.start('importSpreadsheet', {
    taskQueue, workflowId: `sigterm-${randomUUID()}`,
    args: [{ file, entity: 'accounts', mapping: accountsMapping('sigterm_src'), batchSize: 2000, match: false, heartbeatTimeoutSeconds: 600 }],
  });

  // Wait until the load has committed a few batches, then find the worker that runs it.
  let victim: WorkerProcess | undefined;
  const deadline = Date.now() + 120_000;
  while (!victim && Date.now() < deadline) {
    const run = await db('sync_runs').where({ workflow_id: handle.workflowId }).first('checkpoint_row');
    if (run && run.checkpoint_row >= 6000) {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      const load = pending.find((a) => a.activityType?.name === 'loadImportRows');
      const pid = Number(load?.lastWorkerIdentity?.split('@')[0]);
      victim = pair.find((w) => w.pid === pid);
    }
    if (!victim) await new Promise((r) => setTimeout(r, 100));
  }
  expect(victim).toBeDefined();
  const survivor = pair.find((w) => w !== victim)!;
  const checkpointAtSignal = (await db('sync_runs').where({ workflow_id: handle.workflowId }).first('checkpoint_row')).checkpoint_row as number;
  expect(checkpointAtSignal).toBeLessThan(ROWS - 10_000); // mid-file

  const signalledAt = victim!.signal('SIGTERM');
  const exit = await victim!.exited;
  expect(exit.code).toBe(0); // drained within the force limit, not killed
  expect(exit.at - signalledAt).toBeLessThan(20_000);
  expect(victim!.stderr()).toContain('SIGTERM: stopping');

  const report = (await handle.result()) as ImportReport;
  const finishedAt = Date.now();
  expect(report.counts).toEqual(expectedCounts(facts));
  expect(report.warnings).toEqual({ total: facts.bad, rows: facts.bad });
  expect(await count(db, 'accounts')).toBe(facts.unique);
  // Handed back, not timed out: the heartbeat timeout is 600 s.
  expect(finishedAt - signalledAt).toBeLessThan(180_000);
  const history = await handle.fetchHistory();
  const loadStarts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes).filter((a) => a && a.attempt && a.attempt > 1);
  expect(loadStarts.length, 'the load was not handed back: it finished on the signalled worker within the grace period').toBeGreaterThan(0);
  expect(loadStarts.every((a) => Number(a!.identity!.split('@')[0]) === survivor.pid)).toBe(true);

  // The survivor's metrics: the SDK's and crmhub's, with the rows it committed.
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort(survivor)}/metrics`)).text();
  expect(metrics).toMatch(/^temporal_activity_execution_latency/m);
  const rows = Number(/^crmhub_import_rows_total (\d+)$/m.exec(metrics)?.[1]);
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(ROWS - checkpointAtSignal);
  expect(metrics).toMatch(/^crmhub_import_batch_latency_bucket/m);
  expect(metrics).toMatch(/^crmhub_import_rows_quarantined_total/m);

  survivor.signal('SIGTERM');
  expect((await survivor.exited).code).toBe(0);
}, 400_000);
