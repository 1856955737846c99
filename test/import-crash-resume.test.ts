/**
 * Crash and resume: the import runs in a worker PROCESS that is killed (SIGKILL) mid-file; a
 * second worker process picks the load up after the heartbeat timeout and resumes after the last
 * committed batch. The final counts and rows must be exactly right: nothing lost, nothing doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { startImport } from './support/run-import';
import { startTemporal } from './support/temporal-env';
import { count, freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const ROWS = 120_000;
const BAD_EVERY = 1000; // rows 1000, 2000, … carry an invalid e-mail (dropped with a warning)
const DUP_EVERY = 5000; // rows 5000, 10000, … repeat the external id of the row before
const ROOT = join(__dirname, '..');

async function writeFile(path: string): Promise<{ unique: number; bad: number; dup: number }> {
  const out = createWriteStream(path);
  out.write('Código;Razón social;Teléfono;Email;Población\n');
  let bad = 0;
  let dup = 0;
  for (let i = 1; i <= ROWS; i++) {
    const isDup = i % DUP_EVERY === 0;
    const isBad = !isDup && i % BAD_EVERY === 0;
    if (isDup) dup++;
    if (isBad) bad++;
    const id = isDup ? i - 1 : i;
    const line = `K${id};Empresa ${id} S.L.;91${String(1000000 + i).slice(-7)};${isBad ? 'not-an-email' : `c${i}@empresa${id}.es`};Madrid\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { unique: ROWS - dup, bad, dup };
}

function startWorkerProcess(env: TestWorkflowEnvironment): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'worker'], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DATABASE_URL: TEST_DATABASE_URL },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

let env: TestWorkflowEnvironment;
let db: Knex;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await freshTestDatabase();
  env = await startTemporal();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await env?.teardown();
  await db?.destroy();
});

it('resumes after the worker process is SIGKILLed mid-file, with exact counts and rows', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'crmhub-crash-')), 'big.csv');
  const expected = await writeFile(file);
  const mapping = { version: 1, entity: 'accounts', source: 'erp_crash', locale: 'es', columns: { 'Código': 'external_id', 'Razón social': 'name', 'Teléfono': 'phone', Email: 'email', 'Población': 'city' } };
  const handle = await startImport(env.client, { file, entity: 'accounts', mapping, batchSize: 2000, heartbeatTimeoutSeconds: 3 });

  const first = startWorkerProcess(env);
  children.push(first);
  // Kill the worker once some batches are committed, well before the end of the file.
  let killedAt = 0;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const run = await db('sync_runs').where({ workflow_id: handle.workflowId }).first('checkpoint_row');
    if (run && run.checkpoint_row >= 20_000) {
      first.kill('SIGKILL');
      killedAt = run.checkpoint_row;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => first.once('exit', r));
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(ROWS); // the crash really happened mid-file

  const second = startWorkerProcess(env);
  children.push(second);
  const report = (await handle.result()) as ImportReport;

  expect(report.counts).toEqual({
    read: ROWS,
    inserted: expected.unique,
    updated: 0,
    unchanged: 0,
    merged: expected.dup, // the repeated id (another phone/e-mail) is collapsed into its twin's record
    rejected: 0,
    skipped: 0,
  });
  expect(report.warnings).toEqual({ total: expected.bad, rows: expected.bad });
  expect(await count(db, 'accounts')).toBe(expected.unique);
  expect(await count(db, 'source_records')).toBe(expected.unique);
  expect(await count(db, 'row_warnings', { sync_run_id: report.runId })).toBe(expected.bad);
  const dupes = await db.raw(`SELECT count(*) AS n FROM (SELECT lower(name) FROM accounts GROUP BY 1 HAVING count(*) > 1) d`);
  expect(Number(dupes.rows[0].n)).toBe(0);
  // The load activity really ran twice: once in the killed worker, once in the second one.
  const history = await handle.fetchHistory();
  const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt).filter((a): a is number => !!a);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
  second.kill('SIGTERM');
}, 300_000);
