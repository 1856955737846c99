/**
 * The match stage of an import, killed mid-way (issue 8 §6): the stage works in chunks from its
 * to-do list in `work_chunks`, heartbeating. Its worker process is SIGKILLed after a few chunks; a
 * second worker resumes it after the heartbeat timeout (not the 10-minute start-to-close timeout it
 * used to wait for), skips the chunks already done, and the result is exactly that of an import
 * that was never interrupted: same merges, same review pairs, same accounts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MatchSummary } from '../activities/match/match-summary';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { startImport } from './support/run-import';
import { startTemporal } from './support/temporal-env';
import { count, freshTestDatabase } from './support/test-database';
import { TWIN_MAPPING, writeTwinCompanies } from './support/twin-companies';
import { startWorkerProcess } from './support/worker-process';

const COMPANIES = 9000;
const TWIN_EVERY = 3; // writeTwinCompanies' default: every third company also comes as a fuzzy twin
const CHUNK = 300;
const HEARTBEAT_S = 5;
interface Outcome { summary: MatchSummary; accounts: number; reviews: number; merges: number; sourceRecords: number }

async function outcome(db: Knex, report: ImportReport): Promise<Outcome> {
  return {
    summary: report.match as MatchSummary,
    accounts: await count(db, 'accounts', { deleted_at: null }),
    reviews: await count(db, 'review_queue', { status: 'pending' }),
    merges: await count(db, 'merge_history'),
    sourceRecords: await count(db, 'source_records'),
  };
}

let env: TestWorkflowEnvironment;
let db: Knex;
const children: ChildProcess[] = [];
let file = '';
let rows = 0;
const mapping = { ...TWIN_MAPPING, source: 'erp_match' };

beforeAll(async () => {
  db = await freshTestDatabase();
  env = await startTemporal();
  file = join(mkdtempSync(join(tmpdir(), 'crmhub-match-crash-')), 'twins.csv');
  rows = await writeTwinCompanies(file, COMPANIES);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await env?.teardown();
  await db?.destroy();
});

it('resumes the match stage after its worker is SIGKILLed, within about the heartbeat timeout, with exact results', async () => {
  const request = { file, entity: 'accounts' as const, mapping, batchSize: 5000, heartbeatTimeoutSeconds: HEARTBEAT_S, matchChunkSize: CHUNK };

  // Reference: the same import, never interrupted.
  const refWorker = startWorkerProcess(env);
  children.push(refWorker);
  const refStarted = Date.now();
  const reference = await outcome(db, (await (await startImport(env.client, request, 'reference')).result()) as ImportReport);
  const refSeconds = (Date.now() - refStarted) / 1000;
  refWorker.kill('SIGKILL');
  await new Promise((r) => refWorker.once('exit', r));
  expect(reference.summary.records).toBeGreaterThan(CHUNK * 5); // many chunks
  expect(reference.summary.merges + reference.summary.reviewQueued).toBeGreaterThan(COMPANIES / TWIN_EVERY / 2); // the twins were found

  await db.destroy();
  db = await freshTestDatabase();

  const handle = await startImport(env.client, request, 'crash');
  const first = startWorkerProcess(env);
  children.push(first);
  let killedAt = 0;
  let doneBeforeKill = 0;
  let second: ReturnType<typeof startWorkerProcess> | null = null;
  let secondReady = false;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const { rows: [p] } = await db.raw(`SELECT count(done_at) AS done, count(*) AS total FROM work_chunks WHERE job LIKE 'import-match:%' AND chunk_no >= 0`);
    if (!second && Number(p.done) >= 1) {
      // A stand-by worker, polling before the kill (as in production): the wait measured is
      // Temporal's (the heartbeat timeout), not a process start.
      second = startWorkerProcess(env);
      children.push(second);
      void second.polling.then(() => { secondReady = true; });
    }
    if (secondReady && Number(p.done) >= 3) {
      first.kill('SIGKILL');
      killedAt = Date.now();
      doneBeforeKill = Number(p.done);
      expect(Number(p.done)).toBeLessThan(Number(p.total)); // killed mid-stage
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(killedAt).toBeGreaterThan(0);
  await new Promise((r) => first.once('exit', r));
  const doneAtKill = await db('work_chunks').where('job', 'like', 'import-match:%').whereNotNull('done_at').where('chunk_no', '>=', 0).select('chunk_no', 'done_at');

  const report = (await handle.result()) as ImportReport;
  const crashed = await outcome(db, report);

  // Exact: what an uninterrupted import gives (phase times aside).
  expect(report.counts.read).toBe(rows);
  expect({ ...crashed, summary: { ...crashed.summary, ms: {} } }).toEqual({ ...reference, summary: { ...reference.summary, ms: {} } });

  // The chunks done before the kill were not redone; the next chunk was done within about the
  // heartbeat timeout of the kill (plus one chunk's work on a shared machine).
  const after = await db('work_chunks').where('job', 'like', 'import-match:%').where('chunk_no', '>=', 0).select('chunk_no', 'done_at');
  expect(doneAtKill.length).toBeGreaterThanOrEqual(doneBeforeKill);
  for (const d of doneAtKill) expect(after.find((a) => a.chunk_no === d.chunk_no)?.done_at).toEqual(d.done_at);
  const firstAfterKill = Math.min(...after.map((a) => new Date(a.done_at).getTime()).filter((t) => t > killedAt));
  const resumeSeconds = (firstAfterKill - killedAt) / 1000;
  expect(resumeSeconds).toBeLessThan(HEARTBEAT_S + 15); // not the 10-minute start-to-close timeout of before

  const history = await handle.fetchHistory();
  const matchAttempts = (history.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'matchImportedRecords').length;
  expect(matchAttempts).toBe(1);
  const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt).filter((a): a is number => !!a);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
  process.stderr.write(`match stage crash test: reference import ${refSeconds.toFixed(1)} s; killed after ${doneBeforeKill} chunks; next chunk done ${resumeSeconds.toFixed(1)} s after the kill (heartbeat timeout ${HEARTBEAT_S} s); summary ${JSON.stringify(report.match)}\n`);
  second?.kill('SIGTERM');
}, 600_000);
