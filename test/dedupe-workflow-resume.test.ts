/**
 * `crmhub dedupe` runs as the dedupeCrm workflow (issue 8 §6). Its plan is written to work_chunks
 * and applied chunk by chunk, each chunk committed with its "done" mark. The worker process
 * applying it is SIGKILLed; a stand-by worker resumes after the heartbeat timeout with the chunks
 * not done, and the result is exact: every automatic cluster of the plan merged once, the live
 * accounts those merges leave, no chunk applied twice. Then the CLI runs a dedupe end to end.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DedupeCrmResult } from '../workflows/dedupe-crm';
import { runImport } from './support/run-import';
import { startTemporal, startWorker, TEST_TASK_QUEUE } from './support/temporal-env';
import { count, freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';
import { TWIN_MAPPING, writeTwinCompanies } from './support/twin-companies';
import { startWorkerProcess } from './support/worker-process';

const ROOT = join(__dirname, '..');
const COMPANIES = 9000;
const HEARTBEAT_S = 5;

let env: TestWorkflowEnvironment;
let db: Knex;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await freshTestDatabase();
  env = await startTemporal();
  const file = join(mkdtempSync(join(tmpdir(), 'crmhub-dedupe-')), 'twins.csv');
  await writeTwinCompanies(file, COMPANIES);
  const w = await startWorker(env, db);
  try {
    await runImport(env.client, { file, entity: 'accounts', mapping: { ...TWIN_MAPPING, source: 'erp_dedupe' }, match: false });
  } finally {
    await w.stop();
  }
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await env?.teardown();
  await db?.destroy();
});

it('resumes a dedupe after its worker is SIGKILLed mid-apply, applying every chunk exactly once', async () => {
  const accounts = await count(db, 'accounts', { deleted_at: null });
  const first = startWorkerProcess(env);
  children.push(first);
  const start = (job: string, dryRun: boolean) => env.client.workflow.start('dedupeCrm', {
    taskQueue: TEST_TASK_QUEUE, workflowId: `test-${job.replaceAll(':', '-')}`,
    args: [{ job, entity: 'accounts', dryRun, clustersPerChunk: 25, heartbeatTimeoutSeconds: HEARTBEAT_S }],
  });
  const dry = (await (await start('dedupe:accounts:dry', true)).result()) as DedupeCrmResult;
  expect(dry.summary.clusters.auto).toBeGreaterThan(COMPANIES / 3 / 2);
  expect(await count(db, 'work_chunks')).toBe(0); // a dry run writes nothing

  const job = 'dedupe:accounts:crash';
  const handle = await start(job, false);
  let second: ReturnType<typeof startWorkerProcess> | null = null;
  let secondReady = false;
  let killedAt = 0;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const { rows: [p] } = await db.raw(`SELECT count(done_at) AS done, count(*) AS total FROM work_chunks WHERE job = ? AND chunk_no >= 0`, [job]);
    if (!second && Number(p.total) > 0) {
      second = startWorkerProcess(env);
      children.push(second);
      void second.polling.then(() => { secondReady = true; });
    }
    if (secondReady && Number(p.done) >= 3) {
      first.kill('SIGKILL');
      killedAt = Date.now();
      expect(Number(p.done)).toBeLessThan(Number(p.total));
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(killedAt).toBeGreaterThan(0);
  const doneAtKill = await db('work_chunks').where({ job }).whereNotNull('done_at').where('chunk_no', '>=', 0).select('chunk_no', 'done_at');

  const result = (await handle.result()) as DedupeCrmResult;
  const { summary } = result;
  // Exact: the plan's automatic clusters (the dry run found the same), each merged once.
  expect(summary.clusters).toEqual(dry.summary.clusters);
  expect(summary.merges).toBe(dry.summary.clusters.auto);
  expect(await count(db, 'accounts', { deleted_at: null })).toBe(accounts - summary.recordsAbsorbed);
  const { rows: [m] } = await db.raw('SELECT count(*) AS n FROM merge_history');
  expect(Number(m.n)).toBe(summary.merges);
  // Every live account has its profile, matched, and no merged one has: the survivors' were
  // written after the merges, the absorbed records' never (recordsToProfileBeforeMerges).
  const { rows: [pr] } = await db.raw(`SELECT count(*) FILTER (WHERE a.deleted_at IS NULL AND p.record_id IS NULL) AS missing,
      count(*) FILTER (WHERE a.deleted_at IS NOT NULL AND p.record_id IS NOT NULL) AS of_merged,
      count(*) FILTER (WHERE p.matched_at < p.updated_at) AS unmatched
    FROM accounts a LEFT JOIN match_profiles p ON p.entity_type = 'accounts' AND p.record_id = a.id`);
  expect(pr).toEqual({ missing: '0', of_merged: '0', unmatched: '0' });
  const after = await db('work_chunks').where({ job }).where('chunk_no', '>=', 0).select('chunk_no', 'done_at');
  expect(after.every((c) => c.done_at !== null)).toBe(true);
  for (const d of doneAtKill) expect(after.find((a) => a.chunk_no === d.chunk_no)?.done_at).toEqual(d.done_at);
  const firstAfterKill = Math.min(...after.map((a) => new Date(a.done_at).getTime()).filter((t) => t > killedAt));
  const resumeSeconds = (firstAfterKill - killedAt) / 1000;
  expect(resumeSeconds).toBeLessThan(HEARTBEAT_S + 15);
  const history = await handle.fetchHistory();
  const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt).filter((a): a is number => !!a);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
  process.stderr.write(`dedupe resume test: ${after.length} chunks, ${doneAtKill.length} done at the kill; next chunk done ${resumeSeconds.toFixed(1)} s after it; ${summary.merges} merges\n`);
  second?.kill('SIGTERM');
}, 600_000);

it('crmhub dedupe runs the workflow (own ephemeral server) and finds nothing left to merge after it', () => {
  // As a user without Temporal runs it: the command's own dev server and in-process worker.
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: TEST_DATABASE_URL, CRMHUB_DEV_SERVER_ADDRESS: '127.0.0.1:9' };
  delete cliEnv.TEMPORAL_ADDRESS;
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', join(ROOT, 'bin', 'crmhub.cjs'), 'dedupe', '--entity', 'accounts', '--json'], {
    env: cliEnv, encoding: 'utf8', timeout: 300_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout);
  expect(summary.mode).toBe('full');
  expect(summary.merges).toBe(0);
  expect(summary.clusters.auto).toBe(0);
}, 320_000);
