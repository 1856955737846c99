/**
 * `npm run rehearse`: crmhub in production shape on 127.0.0.1, with faults, checked for exactness.
 *
 * Set-up: a PostgreSQL cluster of its own (port 5434, TLS only, scram passwords), the self-hosted
 * Temporal server on it (mTLS), crmhub's database with the owner/worker roles of
 * deploy/postgres/crmhub-roles.sql (migrated by the owner, workers connect as crmhub_worker over
 * verify-full TLS), payloads encrypted with the AES-GCM codec, 3 `crmhub worker` processes.
 *
 * Two phases on one generated file: a reference run, undisturbed, into one database; then the same
 * run into another database while the rehearsal SIGKILLs the worker running the load, restarts the
 * Temporal server, restarts PostgreSQL and SIGTERMs a worker. Each phase runs a 300k-row import and,
 * beside it, a schedule that re-imports a small file every 20 s. At the end the disturbed database
 * must hold exactly what the reference holds, no run is left `running`, and the schedule fires
 * again after the last fault. Prints the timeline and what each fault cost.
 *
 * Options: --rows N (default 300000), --keep (leave the server, cluster and files up for a look).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import pg from 'pg';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { connectTemporal, temporalClient } from '../temporal/connect';
import { accountsMapping, expectedCounts, writeAccountsFile, type AccountsFileFacts } from './selfhosted/accounts-file';
import { makePki, type TestPki } from './selfhosted/certs';
import { adminQuery, ensurePgCluster, pgCluster, restartPgCluster, stopPgCluster, type PgCluster } from './selfhosted/pg-cluster';
import { ensureTemporalServer, setupTemporalSchema, startSelfHostedTemporal, type SelfHostedTemporal } from './selfhosted/temporal-server';
import { crmhubArgs, startWorkerProcess, type WorkerProcess } from './selfhosted/worker-process';
import { compareDigests, contentDigests, type TableDigest } from './rehearsal/content-digest';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const args = process.argv.slice(2);
const ROWS = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 300_000;
if (!Number.isInteger(ROWS) || ROWS < 10_000 || ROWS >= 1_000_000) throw new Error('--rows: a whole number from 10000 to 999999');
const KEEP = args.includes('--keep');
const WORKERS = 3;
const HEARTBEAT_S = 20;
const KEYS = `r1:${randomBytes(32).toString('base64')}`;
const T0 = Date.now();
const dir = join('/tmp', `crmhub-rehearsal-${new Date().toISOString().replace(/[:.]/g, '-')}`);

const timeline: { t: number; phase: string; what: string }[] = [];
function log(phase: string, what: string): void {
  const t = (Date.now() - T0) / 1000;
  timeline.push({ t, phase, what });
  process.stderr.write(`[${t.toFixed(1).padStart(6)} s] ${phase.padEnd(9)} ${what}\n`);
}

interface Env { pki: TestPki; cluster: PgCluster; server: SelfHostedTemporal; client: Client; mainFile: string; mainFacts: AccountsFileFacts; schedFile: string }

function dbUrl(cluster: PgCluster, role: string, password: string, db: string): string {
  return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${cluster.port}/${db}`;
}
const OWNER_PW = `owner-${randomUUID()}`;
const WORKER_PW = `worker-${randomUUID()}`;

async function prepareDatabase(e: Env, db: string): Promise<string> {
  await adminQuery(e.cluster, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  const roles = ['-v', 'ON_ERROR_STOP=1', '-q', '-v', `db=${db}`, '-v', `owner_password=${OWNER_PW}`, '-v', `worker_password=${WORKER_PW}`, '-f', join(ROOT, 'deploy', 'postgres', 'crmhub-roles.sql')];
  await run('psql', [e.cluster.adminUrl, ...roles]);
  // Migrated by the owner, over TLS with the CA checked (PGSSLROOTCERT → verify-full).
  await run(process.execPath, crmhubArgs(['migrate']), { env: { ...process.env, DATABASE_URL: dbUrl(e.cluster, 'crmhub_owner', OWNER_PW, db), PGSSLROOTCERT: e.pki.ca }, cwd: ROOT });
  await run('psql', [e.cluster.adminUrl, ...roles]); // again: the migration bookkeeping stays the owner's
  return dbUrl(e.cluster, 'crmhub_worker', WORKER_PW, db);
}

function workerEnv(e: Env, i: number, databaseUrl: string, taskQueue: string): NodeJS.ProcessEnv {
  return {
    ...e.server.clientEnv(e.pki.client(`worker-${i}`)), DATABASE_URL: databaseUrl, PGSSLROOTCERT: e.pki.ca,
    CRMHUB_TASK_QUEUE: taskQueue, CRMHUB_PAYLOAD_KEYS: KEYS,
  };
}

interface PhaseResult { report: ImportReport; runId: number; digests: TableDigest[]; seconds: number; loadSeconds: number; batchMs: number; costs: { fault: string; stallS: number }[]; lastScheduled: string | null }

async function phase(e: Env, name: 'reference' | 'faults', db: string): Promise<PhaseResult> {
  const databaseUrl = await prepareDatabase(e, db);
  log(name, `database ${db} ready (roles, migrations by crmhub_owner; workers connect as crmhub_worker over TLS)`);
  const taskQueue = `rehearsal-${name}-${randomUUID().slice(0, 8)}`;
  let next = 0;
  const workers: WorkerProcess[] = [];
  const startOne = () => {
    const i = next++;
    const w = startWorkerProcess({ name: `${name}-w${i}`, env: workerEnv(e, i, databaseUrl, taskQueue), args: ['--metrics-port', '0'], logFile: join(dir, `${name}-w${i}.log`) });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < WORKERS; i++) startOne();
  await Promise.all(workers.map((w) => w.ready));
  log(name, `${WORKERS} workers polling ${taskQueue} (pids ${workers.map((w) => w.pid).join(', ')})`);

  const monitor = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
  await monitor.connect();
  let monitorClient: pg.Client | null = monitor;
  const checkpoint = async (workflowId: string): Promise<number | null> => {
    try {
      if (!monitorClient) {
        const c = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
        c.on('error', () => undefined);
        await c.connect();
        monitorClient = c;
      }
      const { rows } = await monitorClient.query<{ checkpoint_row: number }>('SELECT checkpoint_row FROM sync_runs WHERE workflow_id = $1', [workflowId]);
      return rows[0]?.checkpoint_row ?? 0;
    } catch {
      await monitorClient?.end().catch(() => undefined);
      monitorClient = null;
      return null;
    }
  };
  monitor.on('error', () => undefined);

  const scheduleId = `rehearsal-${name}-${randomUUID().slice(0, 8)}`;
  await e.client.schedule.create({
    scheduleId,
    spec: { intervals: [{ every: '20s' }] },
    action: {
      type: 'startWorkflow', workflowType: 'importSpreadsheet', taskQueue, workflowId: `${scheduleId}-run`,
      args: [{ file: e.schedFile, entity: 'accounts', mapping: accountsMapping('rehearsal_sched'), match: false }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    state: { triggerImmediately: true },
  });
  log(name, `schedule ${scheduleId}: re-import of a 5,000-row file every 20 s`);

  const workflowId = `rehearsal-${name}-main-${randomUUID().slice(0, 8)}`;
  const started = Date.now();
  const handle = await e.client.workflow.start('importSpreadsheet', {
    taskQueue, workflowId,
    args: [{ file: e.mainFile, entity: 'accounts', mapping: accountsMapping('rehearsal_erp'), heartbeatTimeoutSeconds: HEARTBEAT_S }],
  });
  log(name, `import of ${ROWS.toLocaleString('en')} rows started (${workflowId})`);

  // Progress: checkpoint samples, for batch intervals and the stall after each fault.
  const samples: { at: number; row: number }[] = [];
  let loadSeconds: number | null = null;
  let done = false;
  const result = handle.result().finally(() => { done = true; }) as Promise<ImportReport>;
  result.catch(() => undefined);
  const sampler = (async () => {
    while (!done) {
      const row = await checkpoint(workflowId);
      if (row !== null && (samples.length === 0 || samples[samples.length - 1]!.row !== row)) {
        samples.push({ at: Date.now(), row });
        if (row >= ROWS && loadSeconds === null) {
          loadSeconds = (Date.now() - started) / 1000;
          log(name, `load committed its last batch after ${loadSeconds.toFixed(1)} s; the match stage follows`);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const waitFor = async (fraction: number) => {
    while (!done) {
      const last = samples[samples.length - 1];
      if (last && last.row >= fraction * ROWS) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  const loadWorker = async (): Promise<WorkerProcess | undefined> => {
    for (let i = 0; i < 50; i++) {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      const load = pending.find((a) => a.activityType?.name === 'loadImportRows' && a.state === 2 /* STARTED: a worker runs it */);
      const pid = Number(load?.lastWorkerIdentity?.split('@')[0]);
      const w = workers.find((x) => x.pid === pid && x.child.exitCode === null && x.child.signalCode === null);
      if (w) return w;
      await new Promise((r) => setTimeout(r, 200));
    }
    return undefined;
  };
  const costs: { fault: string; stallS: number }[] = [];
  /** Seconds from `at` until the checkpoint moves past its value at `at`. */
  const stallAfter = async (fault: string, at: number) => {
    const before = samples.filter((s) => s.at <= at).pop()?.row ?? 0;
    while (!done && !samples.some((s) => s.at > at && s.row > before)) await new Promise((r) => setTimeout(r, 100));
    const moved = samples.find((s) => s.at > at && s.row > before);
    const stallS = ((moved?.at ?? Date.now()) - at) / 1000;
    costs.push({ fault, stallS });
    log(name, `${fault}: next batch committed ${stallS.toFixed(1)} s after the fault (row ${moved?.row ?? 'end'})`);
  };

  if (name === 'faults') {
    if (await waitFor(0.15)) {
      const w = await loadWorker();
      if (w) {
        const at = w.signal('SIGKILL');
        log(name, `SIGKILL worker ${w.name} (pid ${w.pid}), which runs the load, at row ${samples[samples.length - 1]!.row}`);
        setTimeout(() => { const r = startOne(); log(name, `supervisor restarts a worker: ${r.name} (pid ${r.pid})`); }, 2000);
        await stallAfter('SIGKILL worker', at);
      }
    }
    if (await waitFor(0.35)) {
      const at = Date.now();
      log(name, `restart Temporal server (SIGTERM, start) at row ${samples[samples.length - 1]!.row}`);
      await e.server.restart();
      log(name, `Temporal server serving again after ${((Date.now() - at) / 1000).toFixed(1)} s`);
      await stallAfter('restart Temporal', at);
    }
    if (await waitFor(0.55)) {
      const at = Date.now();
      log(name, `restart PostgreSQL (pg_ctlcluster ${e.cluster.version} ${e.cluster.name} restart -m fast) at row ${samples[samples.length - 1]!.row}`);
      await restartPgCluster(e.cluster);
      log(name, `PostgreSQL accepting connections after ${((Date.now() - at) / 1000).toFixed(1)} s`);
      await stallAfter('restart PostgreSQL', at);
    }
    if (await waitFor(0.75)) {
      const w = await loadWorker();
      if (w) {
        const at = w.signal('SIGTERM');
        log(name, `SIGTERM worker ${w.name} (pid ${w.pid}), which runs the load, at row ${samples[samples.length - 1]!.row}`);
        setTimeout(() => { const r = startOne(); log(name, `supervisor restarts a worker: ${r.name} (pid ${r.pid})`); }, 2000);
        // It keeps loading for the grace period, then hands the load back: the cost is the gap
        // between its exit and the next batch another worker commits.
        const x = await w.exited;
        log(name, `${w.name} exited ${x.code ?? x.signal} after ${((x.at - at) / 1000).toFixed(1)} s (graceful), at row ${samples[samples.length - 1]!.row}`);
        await stallAfter('SIGTERM worker', x.at);
      }
    }
  }

  const report = await result;
  await sampler;
  const seconds = (Date.now() - started) / 1000;
  log(name, `import finished in ${seconds.toFixed(1)} s: ${JSON.stringify(report.counts)}`);
  const gaps = samples.slice(1).map((s, i) => s.at - samples[i]!.at).sort((a, b) => a - b);
  const batchMs = gaps[Math.floor(gaps.length / 2)] ?? 0;

  // The schedule must still fire after the import and the faults: wait for an action that starts
  // after now and completes.
  const after = Date.now();
  const sched = e.client.schedule.getHandle(scheduleId);
  let lastScheduled: string | null = null;
  for (let i = 0; i < 120 && !lastScheduled; i++) {
    const d = await sched.describe();
    const action = d.info.recentActions.find((a) => a.takenAt.getTime() > after);
    if (action) {
      const wf = e.client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId);
      const r = (await wf.result()) as ImportReport;
      lastScheduled = `${action.action.workflow.workflowId}: ${r.status}, ${r.counts.unchanged} unchanged`;
      log(name, `schedule fired after the import: ${lastScheduled}`);
    } else await new Promise((r) => setTimeout(r, 1000));
  }
  await sched.delete();
  // Nothing left running: wait for any last scheduled run, then check Temporal and the database.
  for (let i = 0; i < 60; i++) {
    const open = await e.client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);
    if (open.count === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const openWf = (await e.client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count;
  const client = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
  await client.connect();
  const running = Number((await client.query(`SELECT count(*) AS n FROM sync_runs WHERE status = 'running'`)).rows[0].n);
  const scheduledRuns = Number((await client.query(`SELECT count(*) AS n FROM sync_runs WHERE source_system_code = 'rehearsal_sched'`)).rows[0].n);
  const scratch = Number((await client.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname IN ('public', 'crmhub_scratch') AND tablename ~ '^crmhub_(stage|seen)_'`)).rows[0].n);
  const digests = await contentDigests(client, report.runId);
  await client.end();
  log(name, `after: ${openWf} workflows running, ${running} sync_runs running, ${scheduledRuns} scheduled runs, ${scratch} scratch tables left`);
  if (openWf !== 0 || running !== 0) throw new Error(`${name}: runs left running (Temporal ${openWf}, sync_runs ${running})`);
  if (!lastScheduled) throw new Error(`${name}: the schedule did not fire after the import`);

  const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  log(name, `peak RSS of the workers still running: ${live.map((w) => `${w.name} ${peakRssMb(w.pid)} MB`).join(', ')}`);
  for (const w of live) w.signal('SIGTERM');
  const exits = await Promise.all(workers.map((w) => w.exited));
  log(name, `workers stopped: ${exits.map((x, i) => `${workers[i]!.name}=${x.code ?? x.signal}`).join(' ')}`);
  await (monitorClient as pg.Client | null)?.end().catch(() => undefined);
  return { report, runId: report.runId, digests, seconds, loadSeconds: loadSeconds ?? seconds, batchMs, costs, lastScheduled };
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  log('setup', `working folder ${dir}; ${ROWS.toLocaleString('en')} rows, ${WORKERS} workers, heartbeat timeout ${HEARTBEAT_S} s`);
  const pki = makePki(join(dir, 'pki'), 'crmhub rehearsal CA');
  const cluster = pgCluster(Number(process.env.CRMHUB_REHEARSAL_PG_PORT || 5434));
  await ensurePgCluster(cluster, { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca });
  log('setup', `PostgreSQL ${cluster.version}/${cluster.name} on 127.0.0.1:${cluster.port} (TLS only for application roles)`);
  const serverDir = await ensureTemporalServer();
  const tdb = { host: '127.0.0.1', port: cluster.port, user: 'temporal', password: `temporal-${randomUUID()}`, name: 'temporal', visibilityName: 'temporal_visibility', adminUrl: cluster.adminUrl, tlsCa: pki.ca };
  await setupTemporalSchema(serverDir, tdb);
  const server = await startSelfHostedTemporal({
    serverDir, dir, db: tdb, namespace: 'crmhub', retentionHours: 24,
    tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.ca, internal: pki.client('internal') },
  });
  log('setup', `Temporal server ${server.address} (mTLS, persistence on PostgreSQL over TLS), namespace crmhub`);
  process.env.CRMHUB_PAYLOAD_KEYS = KEYS;
  const conn = await connectTemporal(server.settings(pki.client('rehearsal')));
  const client = temporalClient(conn, server.namespace);
  const mainFile = join(dir, 'accounts-erp.csv');
  const schedFile = join(dir, 'accounts-scheduled.csv');
  const mainFacts = await writeAccountsFile(mainFile, ROWS, 1);
  await writeAccountsFile(schedFile, 5000, 2);
  const e: Env = { pki, cluster, server, client, mainFile, mainFacts, schedFile };
  if (await hasConsole()) log('setup', 'crmhub console exists in this build but the rehearsal does not start it yet');
  else log('setup', 'crmhub console: not in this build; not started');

  let ok = false;
  try {
    const ref = await phase(e, 'reference', 'crmhub_rehearsal_ref');
    const dis = await phase(e, 'faults', 'crmhub_rehearsal');
    const expected = expectedCounts(mainFacts);
    const problems: string[] = [];
    for (const [label, r] of [['reference', ref], ['faults', dis]] as const) {
      if (!sameCounts(r.report.counts, expected)) problems.push(`${label}: counts ${JSON.stringify(r.report.counts)}, expected ${JSON.stringify(expected)}`);
    }
    problems.push(...compareDigests(ref.digests, dis.digests));
    const summary = {
      rows: ROWS, workers: WORKERS, heartbeatTimeoutS: HEARTBEAT_S,
      reference: { seconds: round(ref.seconds), loadSeconds: round(ref.loadSeconds), medianBatchS: round(ref.batchMs / 1000) },
      faults: { seconds: round(dis.seconds), loadSeconds: round(dis.loadSeconds), medianBatchS: round(dis.batchMs / 1000), costs: dis.costs.map((c) => ({ ...c, stallS: round(c.stallS) })) },
      extraSeconds: round(dis.seconds - ref.seconds),
      tablesCompared: ref.digests.length, rowsCompared: ref.digests.reduce((a, d) => a + d.rows, 0),
      identical: problems.length === 0, problems,
    };
    writeFileSync(join(dir, 'summary.json'), `${JSON.stringify({ summary, timeline }, null, 2)}\n`);
    printReport(summary, ref, dis);
    ok = problems.length === 0;
  } finally {
    await conn.close().catch(() => undefined);
    if (!KEEP) {
      await server.stop();
      stopPgCluster(cluster); // its data stays for the next run; only its memory is given back
    }
  }
  if (!ok) process.exitCode = 1;
}

/** VmHWM: the process's peak resident set, from /proc (Linux). */
function peakRssMb(pid: number): number | string {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : '?';
  } catch {
    return '?';
  }
}

function sameCounts(a: object, b: object): boolean {
  const norm = (o: object) => JSON.stringify(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
  return norm(a) === norm(b);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

async function hasConsole(): Promise<boolean> {
  const { stdout } = await run(process.execPath, crmhubArgs(['--help']), { cwd: ROOT });
  return /^\s+console\b/m.test(stdout);
}

function printReport(s: { rows: number; extraSeconds: number; tablesCompared: number; rowsCompared: number; identical: boolean; problems: string[] }, ref: PhaseResult, dis: PhaseResult): void {
  const out = process.stdout;
  out.write('\n== Timeline\n');
  for (const t of timeline) out.write(`${t.t.toFixed(1).padStart(7)} s  ${t.phase.padEnd(9)} ${t.what}\n`);
  out.write('\n== What each fault cost (from the fault — for SIGTERM from the worker\'s exit — to the next committed batch; a batch takes');
  out.write(` ${(dis.batchMs / 1000).toFixed(1)} s undisturbed)\n`);
  for (const c of dis.costs) out.write(`  ${c.fault.padEnd(20)} ${c.stallS.toFixed(1)} s\n`);
  out.write(`\n== Import of ${s.rows.toLocaleString('en')} rows: ${ref.seconds.toFixed(1)} s undisturbed, ${dis.seconds.toFixed(1)} s with the faults (+${s.extraSeconds.toFixed(1)} s)\n`);
  out.write(`   of which the load (file to CRM tables): ${ref.loadSeconds.toFixed(1)} s undisturbed, ${dis.loadSeconds.toFixed(1)} s with the faults (+${(dis.loadSeconds - ref.loadSeconds).toFixed(1)} s); the rest is the match stage\n`);
  out.write(`   counts: ${JSON.stringify(dis.report.counts)}\n`);
  out.write(`   ${s.tablesCompared} tables, ${s.rowsCompared.toLocaleString('en')} rows compared with the undisturbed run: ${s.identical ? 'identical' : `DIFFERENT: ${s.problems.join('; ')}`}\n`);
  out.write(`   schedule after the faults: ${dis.lastScheduled}\n`);
  out.write(`${s.identical ? 'REHEARSAL PASSED' : 'REHEARSAL FAILED'}\n`);
}

main().catch((err) => {
  process.stderr.write(`rehearsal failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
