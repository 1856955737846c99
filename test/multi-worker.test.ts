/**
 * Workers are stateless and interchangeable: 1, 2 and 4 `crmhub worker` processes share one task
 * queue on the self-hosted server (mTLS, payloads encrypted with the AES-GCM codec) and run four
 * imports at once with exact counts each time. Each worker takes one activity at a time here, so
 * with more than one worker the loads must spread over several processes.
 * The same run checks the codec end to end: the history the server stores holds only encrypted
 * payloads (no file path readable), and the clients with the key read the results.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { accountsMapping, expectedCounts, writeAccountsFile, type AccountsFileFacts } from '../scripts/selfhosted/accounts-file';
import { startWorkerProcess, type WorkerProcess } from '../scripts/selfhosted/worker-process';
import { connectTemporal, temporalClient } from '../temporal/connect';
import { ENCRYPTED_ENCODING } from '../temporal/payload-codec';
import { BUILD_TIMEOUT_MS, startSelfHostedEnv, type SelfHostedEnv } from './support/selfhosted-env';
import { count, freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const KEYS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;
const ROWS = 8_000;
const IMPORTS = 4;

let h: SelfHostedEnv;
let db: Knex;
let conn: Connection;
let client: Client;
const dir = mkdtempSync(join(tmpdir(), 'crmhub-multi-'));
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  process.env.CRMHUB_PAYLOAD_KEYS = KEYS; // this process's client encrypts too
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
  delete process.env.CRMHUB_PAYLOAD_KEYS;
});

let series = 0;

it.each([1, 2, 4])('%i worker process(es) on one task queue: four concurrent imports, exact counts', async (n) => {
  const taskQueue = `multi-${n}-${randomUUID()}`;
  const mine = Array.from({ length: n }, (_, i) => startWorkerProcess({
    name: `w${i}`,
    env: {
      ...h.server.clientEnv(h.pki.client(`worker-${i}`)), DATABASE_URL: TEST_DATABASE_URL, CRMHUB_TASK_QUEUE: taskQueue,
      CRMHUB_PAYLOAD_KEYS: KEYS, CRMHUB_WORKER_MAX_ACTIVITIES: '1',
    },
  }));
  workers.push(...mine);
  await Promise.all(mine.map((w) => w.ready));

  const accountsBefore = await count(db, 'accounts');
  const files: { file: string; facts: AccountsFileFacts; source: string }[] = [];
  for (let i = 0; i < IMPORTS; i++) {
    const file = join(dir, `n${n}-${i}.csv`);
    files.push({ file, facts: await writeAccountsFile(file, ROWS, ++series), source: `multi_${n}_${i}` });
  }
  const handles = await Promise.all(files.map((f) => client.workflow.start('importSpreadsheet', {
    taskQueue, workflowId: `multi-${randomUUID()}`,
    args: [{ file: f.file, entity: 'accounts', mapping: accountsMapping(f.source), batchSize: 2000, match: false }],
  })));
  const reports = (await Promise.all(handles.map((hd) => hd.result()))) as ImportReport[];

  reports.forEach((r, i) => {
    expect(r.status).toBe('succeeded');
    expect(r.counts).toEqual(expectedCounts(files[i]!.facts));
    expect(r.warnings).toEqual({ total: files[i]!.facts.bad, rows: files[i]!.facts.bad });
  });
  expect(await count(db, 'accounts')).toBe(accountsBefore + files.reduce((a, f) => a + f.facts.unique, 0));

  // Who ran the loads: with one activity slot per worker, n > 1 workers must have shared them.
  const identities = new Set<string>();
  for (const hd of handles) {
    const history = await hd.fetchHistory();
    for (const e of history.events ?? []) {
      const started = e.activityTaskStartedEventAttributes;
      if (started?.identity) identities.add(started.identity);
    }
  }
  const pids = new Set([...identities].map((id) => Number(id.split('@')[0])));
  for (const pid of pids) expect(mine.map((w) => w.pid)).toContain(pid);
  expect(pids.size).toBe(n === 1 ? 1 : pids.size);
  if (n > 1) expect(pids.size).toBeGreaterThanOrEqual(2);

  // Encrypted at rest: the server's copy of the input names no file, and carries the codec's encoding.
  const raw = new Client({ connection: conn, namespace: h.server.namespace }); // no codec
  const history = await raw.workflow.getHandle(handles[0]!.workflowId).fetchHistory();
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  expect(new TextDecoder().decode(input.metadata!.encoding!)).toBe(ENCRYPTED_ENCODING);
  expect(Buffer.from(input.data!).includes(Buffer.from(files[0]!.file))).toBe(false);
  expect(Buffer.from(input.data!).includes(Buffer.from(files[0]!.source))).toBe(false);
  const described = await client.workflow.getHandle(handles[0]!.workflowId).fetchHistory(); // with the codec
  expect(described.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads).toHaveLength(1);

  // Graceful stop: every worker exits 0 on SIGTERM.
  for (const w of mine) w.signal('SIGTERM');
  const exits = await Promise.all(mine.map((w) => w.exited));
  for (const e of exits) expect(e.code).toBe(0);
}, 600_000);
