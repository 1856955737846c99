/**
 * The match stage of an import, killed mid-way (issue 8 §6): the stage works in chunks from its
 * to-do list in `work_chunks`, heartbeating. Its worker process is SIGKILLed after a few chunks; a
 * second worker resumes it after the heartbeat timeout (not the 10-minute start-to-close timeout it
 * used to wait for), skips the chunks already done, and the result is exactly that of an import
 * that was never interrupted: same merges, same review pairs, same accounts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MatchSummary } from '../activities/match/match-summary';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { startImport } from './support/run-import';
import { startTemporal } from './support/temporal-env';
import { count, freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const COMPANIES = 9000;
const TWIN_EVERY = 3; // every third company also comes as a second record: same phone and city, name written differently
const CHUNK = 300;
const HEARTBEAT_S = 5;
const ROOT = join(__dirname, '..');
const CITIES = ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'Murcia', 'Palma', 'Vigo'];

/** A pronounceable, distinct word per company, so names do not all share one block. */
function word(i: number): string {
  const c = 'bcdfglmnprstvz';
  const v = 'aeiou';
  let s = '';
  let n = i;
  do {
    s += c[n % c.length]! + v[Math.floor(n / c.length) % v.length]!;
    n = Math.floor(n / (c.length * v.length));
  } while (n > 0);
  return s[0]!.toUpperCase() + s.slice(1);
}

async function writeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('Código;Razón social;Teléfono;Población\n');
  let rows = 0;
  const line = (s: string) => new Promise<void>((r) => (out.write(s) ? r() : out.once('drain', () => r())));
  for (let i = 1; i <= COMPANIES; i++) {
    const phone = `91${String(1000000 + i * 7).slice(-7)}`;
    const city = CITIES[i % CITIES.length]!;
    await line(`K${i};Comercial ${word(i)} ${word(i * 31 + 7)} S.L.;${phone};${city}\n`);
    rows++;
    if (i % TWIN_EVERY === 0) {
      await line(`T${i};COMERCIAL ${word(i).toUpperCase()} ${word(i * 31 + 7).toUpperCase()} SL;${phone};${city}\n`);
      rows++;
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

function startWorkerProcess(env: TestWorkflowEnvironment): ChildProcess & { polling: Promise<void> } {
  const child = spawn(process.execPath, ['--max-old-space-size=512', join(ROOT, 'bin', 'crmhub.cjs'), 'worker'], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DATABASE_URL: TEST_DATABASE_URL },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const polling = new Promise<void>((resolve) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('polling task queue')) resolve();
    });
  });
  return Object.assign(child, { polling });
}

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
const mapping = { version: 1, entity: 'accounts', source: 'erp_match', locale: 'es', columns: { 'Código': 'external_id', 'Razón social': 'name', 'Teléfono': 'phone', 'Población': 'city' } };

beforeAll(async () => {
  db = await freshTestDatabase();
  env = await startTemporal();
  file = join(mkdtempSync(join(tmpdir(), 'crmhub-match-crash-')), 'twins.csv');
  rows = await writeFile(file);
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
