/**
 * `npm run rehearse`: crmhub in production shape on 127.0.0.1, with faults, checked for exactness.
 *
 * Set-up: a PostgreSQL cluster of its own (port 5434, TLS only, scram passwords), the self-hosted
 * Temporal server on it (mTLS), crmhub's database with the owner/worker roles of
 * deploy/postgres/crmhub-roles.sql (migrated by the owner, workers connect as crmhub_worker over
 * verify-full TLS), payloads encrypted with the AES-GCM codec, 3 `crmhub worker` processes.
 *
 * Two phases on one generated file and one generated ERP: a reference run, undisturbed, into one
 * database; then the same run into another database while the rehearsal SIGKILLs the worker running
 * the load, restarts the Temporal server, restarts PostgreSQL and SIGTERMs a worker. Each phase runs
 * a 300k-row import and, beside it, an ERP sync (`syncSource` over a Dolibarr-shaped MariaDB
 * database: 20k invoices, 100k invoice lines, small pages), a schedule that re-imports a small file
 * every 20 s and the ERP's sync schedule (`crmhub schedule create`). `crmhub console` runs on the
 * same server and database and is probed over HTTP throughout. At the end the disturbed database
 * must hold exactly what the reference holds, both loads must give the exact expected counts, no
 * run is left `running`, both schedules fire again after the last fault, and the console serves
 * its pages. Prints the timeline, what each fault cost the import and the sync, and the console's
 * outages.
 *
 * Options: --rows N (default 300000; the ERP gets N/15 invoices), --invoices N, --page-size N
 * (the sync's, default 500), --keep (leave the server, cluster and files up for a look).
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
import { addConsoleUser, probeSummary, startConsoleProcess, type ConsoleProcess } from './rehearsal/console-probe';
import { createErpDatabase, LINES_PER_INVOICE, type ErpFacts } from './rehearsal/erp-database';
import { checkNothingWritten, checkSyncReport, ERP_SOURCE, ERP_URL_ENV, syncTotals, writeErpSourceConfig } from './rehearsal/erp-source';
import { syncScheduleId, syncWorkflowId } from '../workflows/sync-ids';
import type { SyncReport } from '../workflows/sync-source';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const args = process.argv.slice(2);
const ROWS = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 300_000;
if (!Number.isInteger(ROWS) || ROWS < 10_000 || ROWS >= 1_000_000) throw new Error('--rows: a whole number from 10000 to 999999');
const KEEP = args.includes('--keep');
const numArg = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const INVOICES = numArg('--invoices', Math.max(1000, Math.round(ROWS / 15)));
const PAGE_SIZE = numArg('--page-size', 500);
if (!Number.isInteger(INVOICES) || INVOICES < 100 || INVOICES > 500_000) throw new Error('--invoices: a whole number from 100 to 500000');
if (!Number.isInteger(PAGE_SIZE) || PAGE_SIZE < 10 || PAGE_SIZE > 100_000) throw new Error('--page-size: a whole number from 10 to 100000');
const ERP_ADMIN_URL = process.env.CRMHUB_REHEARSAL_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
const ERP_DB = 'crmhub_rehearsal_erp';
const WORKERS = 3;
const HEARTBEAT_S = 20;
const KEYS = `r1:${randomBytes(32).toString('base64')}`;
const T0 = Date.now();
const dir = join('/tmp', `crmhub-rehearsal-${new Date().toISOString().replace(/[:.]/g, '-')}`);

const timeline: { t: number; phase: string; what: string }[] = [];
/** Every process the rehearsal starts, so a failure half-way leaves none behind. */
const spawned: import('node:child_process').ChildProcess[] = [];
function log(phase: string, what: string): void {
  const t = (Date.now() - T0) / 1000;
  timeline.push({ t, phase, what });
  process.stderr.write(`[${t.toFixed(1).padStart(6)} s] ${phase.padEnd(9)} ${what}\n`);
}

interface Env { pki: TestPki; cluster: PgCluster; server: SelfHostedTemporal; client: Client; mainFile: string; mainFacts: AccountsFileFacts; schedFile: string; erp: ErpFacts; erpConfig: string }

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
  // The ERP source, added by an operator (the owner role) with the CLI; the product families its lines name.
  const owner = { ...process.env, DATABASE_URL: dbUrl(e.cluster, 'crmhub_owner', OWNER_PW, db), PGSSLROOTCERT: e.pki.ca };
  await run(process.execPath, crmhubArgs(['source', 'add', ERP_SOURCE, '--connector', 'sql', '--config', e.erpConfig, '--country', 'ES', '--timezone', 'Europe/Madrid', '--kind', 'erp']), { env: owner, cwd: ROOT });
  const families = e.erp.families.map((f) => `('${f}', '${f[0]!.toUpperCase()}${f.slice(1)}')`).join(', ');
  await adminQuery(e.cluster, `INSERT INTO product_families (code, label) VALUES ${families} ON CONFLICT DO NOTHING`, db);
  return dbUrl(e.cluster, 'crmhub_worker', WORKER_PW, db);
}

function workerEnv(e: Env, i: number, databaseUrl: string, taskQueue: string): NodeJS.ProcessEnv {
  return {
    ...e.server.clientEnv(e.pki.client(`worker-${i}`)), DATABASE_URL: databaseUrl, PGSSLROOTCERT: e.pki.ca,
    CRMHUB_TASK_QUEUE: taskQueue, CRMHUB_PAYLOAD_KEYS: KEYS, [ERP_URL_ENV]: `${ERP_ADMIN_URL}/${ERP_DB}`,
  };
}

/** The console's and the CLI's environment: the worker role, their own client certificate, no ERP secret. */
function clientProcessEnv(e: Env, who: string, databaseUrl: string, taskQueue: string): NodeJS.ProcessEnv {
  return {
    ...process.env, ...e.server.clientEnv(e.pki.client(who)), DATABASE_URL: databaseUrl, PGSSLROOTCERT: e.pki.ca,
    CRMHUB_TASK_QUEUE: taskQueue, CRMHUB_PAYLOAD_KEYS: KEYS, CRMHUB_UPLOAD_DIR: join(dir, 'uploads'),
  };
}

interface PhaseResult {
  report: ImportReport; runId: number; digests: TableDigest[]; seconds: number; loadSeconds: number; batchMs: number; costs: { fault: string; stallS: number }[]; lastScheduled: string | null;
  sync: SyncReport; syncSeconds: number; syncPageMs: number; syncCosts: { fault: string; stallS: number | null }[]; lastScheduledSync: string | null;
  console: ReturnType<typeof probeSummary>; consoleAfter: string[]; problems: string[];
}

async function phase(e: Env, name: 'reference' | 'faults', db: string): Promise<PhaseResult> {
  const databaseUrl = await prepareDatabase(e, db);
  log(name, `database ${db} ready (roles, migrations by crmhub_owner; workers connect as crmhub_worker over TLS; source ${ERP_SOURCE} added with crmhub source add)`);
  const taskQueue = `rehearsal-${name}-${randomUUID().slice(0, 8)}`;
  const problems: string[] = [];
  let next = 0;
  const workers: WorkerProcess[] = [];
  const startOne = () => {
    const i = next++;
    const w = startWorkerProcess({ name: `${name}-w${i}`, env: workerEnv(e, i, databaseUrl, taskQueue), args: ['--metrics-port', '0'], logFile: join(dir, `${name}-w${i}.log`) });
    workers.push(w);
    spawned.push(w.child);
    return w;
  };
  for (let i = 0; i < WORKERS; i++) startOne();
  await Promise.all(workers.map((w) => w.ready));
  log(name, `${WORKERS} workers polling ${taskQueue} (pids ${workers.map((w) => w.pid).join(', ')})`);

  // The console: the same server (mTLS, its own certificate), the same database role as the workers.
  const consoleEnv = clientProcessEnv(e, `console-${name}`, databaseUrl, taskQueue);
  await addConsoleUser(consoleEnv, ROOT);
  const ui: ConsoleProcess = await startConsoleProcess({ env: consoleEnv, cwd: ROOT, logFile: join(dir, `${name}-console.log`) });
  spawned.push(ui.child);
  log(name, `crmhub console (pid ${ui.pid}) serving ${ui.base}; logged in as a viewer`);

  const monitor = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
  monitor.on('error', () => undefined);
  await monitor.connect();
  let monitorClient: pg.Client | null = monitor;
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[] | null> => {
    try {
      if (!monitorClient) {
        const c = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
        c.on('error', () => undefined);
        await c.connect();
        monitorClient = c;
      }
      return (await monitorClient.query<T>(sql, params)).rows;
    } catch {
      await monitorClient?.end().catch(() => undefined);
      monitorClient = null;
      return null;
    }
  };

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
  // The ERP sync, as `crmhub sync` starts it (workflow sync-<code>), with the import's heartbeat
  // timeout: its pages and its match stage's chunks heartbeat.
  const syncHandle = await e.client.workflow.start('syncSource', {
    taskQueue, workflowId: syncWorkflowId(ERP_SOURCE), args: [{ source: ERP_SOURCE, heartbeatTimeoutSeconds: HEARTBEAT_S }],
  });
  const syncStarted = Date.now();
  log(name, `ERP sync started (${syncWorkflowId(ERP_SOURCE)}): ${INVOICES.toLocaleString('en')} invoices, ${(INVOICES * LINES_PER_INVOICE).toLocaleString('en')} lines, pages of ${PAGE_SIZE}`);
  // Its schedule, made by an operator with the CLI: it fires into the running sync (skipped: one sync per source) and after it.
  // The CLI takes a while to start on a loaded host: the faults do not wait for it.
  const cli = clientProcessEnv(e, `cli-${name}`, databaseUrl, taskQueue);
  const syncSchedule = run(process.execPath, crmhubArgs(['schedule', 'create', ERP_SOURCE, '--every', '30s']), { env: cli, cwd: ROOT })
    .then(() => log(name, `schedule ${syncScheduleId(ERP_SOURCE)}: the ERP sync every 30 s (crmhub schedule create)`));
  syncSchedule.catch(() => undefined);

  // Progress: checkpoint samples, for batch intervals and the stall after each fault.
  const samples: { at: number; row: number }[] = [];
  const syncSamples: { at: number; row: number }[] = [];
  let loadSeconds: number | null = null;
  let done = false;
  let syncDone = false;
  let syncSeconds = 0;
  const result = handle.result().finally(() => { done = true; }) as Promise<ImportReport>;
  result.catch(() => undefined);
  const syncResult = (syncHandle.result() as Promise<SyncReport>).finally(() => {
    syncDone = true;
    syncSeconds = (Date.now() - syncStarted) / 1000;
  });
  syncResult.then((r) => log(name, `ERP sync finished in ${syncSeconds.toFixed(1)} s: ${r.status}, ${JSON.stringify(syncTotals(r))}`), () => undefined);
  const sampler = (async () => {
    while (!done || !syncDone) {
      if (!done) {
        const rows = await query<{ checkpoint_row: number }>('SELECT checkpoint_row FROM sync_runs WHERE workflow_id = $1', [workflowId]);
        const row = rows === null ? null : (rows[0]?.checkpoint_row ?? 0);
        if (row !== null && (samples.length === 0 || samples[samples.length - 1]!.row !== row)) {
          samples.push({ at: Date.now(), row });
          if (row >= ROWS && loadSeconds === null) {
            loadSeconds = (Date.now() - started) / 1000;
            log(name, `load committed its last batch after ${loadSeconds.toFixed(1)} s; the match stage follows`);
          }
        }
      }
      if (!syncDone) {
        const rows = await query<{ n: string }>('SELECT coalesce(sum(checkpoint_row), 0) AS n FROM sync_runs WHERE workflow_id = $1 AND temporal_run_id = $2', [syncWorkflowId(ERP_SOURCE), syncHandle.firstExecutionRunId]);
        const row = rows === null ? null : Number(rows[0]?.n ?? 0);
        if (row !== null && (syncSamples.length === 0 || syncSamples[syncSamples.length - 1]!.row !== row)) syncSamples.push({ at: Date.now(), row });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  // The console, probed every 3 s as a person keeping the runs page open would: login page, runs, sources.
  let probing = true;
  const prober = (async () => {
    while (probing) {
      await ui.get('/login', 'password', { anonymous: true });
      await ui.get('/runs', 'rehearsal_');
      await ui.get('/sources', ERP_SOURCE);
      await new Promise((r) => setTimeout(r, 3000));
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
  /** The worker running the sync's current activity, for the timeline. */
  const syncWorker = async (): Promise<string> => {
    if (syncDone) return 'the sync had finished';
    const pending = (await syncHandle.describe().catch(() => null))?.raw.pendingActivities ?? [];
    const a = pending.find((x) => x.state === 2);
    const pid = Number(a?.lastWorkerIdentity?.split('@')[0]);
    const w = workers.find((x) => x.pid === pid);
    return a ? `the sync's ${a.activityType?.name} on ${w?.name ?? a.lastWorkerIdentity}` : 'the sync between activities';
  };
  const costs: { fault: string; stallS: number }[] = [];
  const syncCosts: { fault: string; stallS: number | null }[] = [];
  /** Seconds from `at` until the checkpoint moves past its value at `at`. */
  const stallAfter = async (fault: string, at: number) => {
    const before = samples.filter((s) => s.at <= at).pop()?.row ?? 0;
    while (!done && !samples.some((s) => s.at > at && s.row > before)) await new Promise((r) => setTimeout(r, 100));
    const moved = samples.find((s) => s.at > at && s.row > before);
    const stallS = ((moved?.at ?? Date.now()) - at) / 1000;
    costs.push({ fault, stallS });
    log(name, `${fault}: next batch committed ${stallS.toFixed(1)} s after the fault (row ${moved?.row ?? 'end'})`);
    // The sync's page after the same fault (measured in the background: its pages come at their own pace).
    if (syncDone && !syncSamples.some((s) => s.at > at)) {
      syncCosts.push({ fault, stallS: null });
      return;
    }
    const entry: { fault: string; stallS: number | null } = { fault, stallS: null };
    syncCosts.push(entry);
    void (async () => {
      const sBefore = syncSamples.filter((s) => s.at <= at).pop()?.row ?? 0;
      while (!syncDone && !syncSamples.some((s) => s.at > at && s.row > sBefore)) await new Promise((r) => setTimeout(r, 100));
      const m = syncSamples.find((s) => s.at > at && s.row > sBefore);
      entry.stallS = ((m?.at ?? Date.now()) - at) / 1000;
      log(name, `${fault}: the ERP sync committed its next page ${entry.stallS.toFixed(1)} s after the fault`);
    })();
  };

  if (name === 'faults') {
    if (await waitFor(0.15)) {
      const w = await loadWorker();
      if (w) {
        const where = await syncWorker();
        const at = w.signal('SIGKILL');
        log(name, `SIGKILL worker ${w.name} (pid ${w.pid}), which runs the load, at row ${samples[samples.length - 1]!.row}; ${where}`);
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
        const where = await syncWorker();
        const at = w.signal('SIGTERM');
        log(name, `SIGTERM worker ${w.name} (pid ${w.pid}), which runs the load, at row ${samples[samples.length - 1]!.row}; ${where}`);
        setTimeout(() => { const r = startOne(); log(name, `supervisor restarts a worker: ${r.name} (pid ${r.pid})`); }, 2000);
        // It keeps loading for the grace period, then hands the load back: the cost is the gap
        // between its exit and the next batch another worker commits.
        const x = await w.exited;
        log(name, `${w.name} exited ${x.code ?? x.signal} after ${((x.at - at) / 1000).toFixed(1)} s (graceful), at row ${samples[samples.length - 1]!.row}`);
        await stallAfter('SIGTERM worker', x.at);
      }
    }
  }

  await syncSchedule;
  const report = await result;
  const seconds = (Date.now() - started) / 1000;
  log(name, `import finished in ${seconds.toFixed(1)} s: ${JSON.stringify(report.counts)}`);
  const sync = await syncResult;
  await sampler;
  problems.push(...checkSyncReport(sync, e.erp).map((p) => `${name} ERP sync: ${p}`));
  const gaps = samples.slice(1).map((s, i) => s.at - samples[i]!.at).sort((a, b) => a - b);
  const batchMs = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const syncGaps = syncSamples.slice(1).map((s, i) => s.at - syncSamples[i]!.at).sort((a, b) => a - b);
  const syncPageMs = syncGaps[Math.floor(syncGaps.length / 2)] ?? 0;

  // Both schedules must still fire after the import, the sync and the faults: wait for an action
  // of each that starts after now and completes. Up to 12 minutes, the bound before short
  // activities heartbeated: one running on a SIGKILLed worker waited for its 10-minute
  // start-to-close timeout (now a 1-minute heartbeat timeout), and a schedule skips its firings
  // (overlap SKIP) while its run waits.
  const after = Date.now();
  const firedAfter = async (id: string): Promise<unknown> => {
    const sched = e.client.schedule.getHandle(id);
    for (let i = 0; i < 720; i++) {
      const d = await sched.describe();
      const action = d.info.recentActions.find((a) => a.takenAt.getTime() > after);
      if (action) return e.client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
      await new Promise((r) => setTimeout(r, 1000));
    }
    return null;
  };
  const [imported, synced] = await Promise.all([firedAfter(scheduleId), firedAfter(syncScheduleId(ERP_SOURCE))]);
  let lastScheduled: string | null = null;
  const waitedS = (Date.now() - after) / 1000;
  if (waitedS > 90) log(name, `the schedules took ${waitedS.toFixed(0)} s to fire and finish after the import`);
  if (imported) {
    const r = imported as ImportReport;
    lastScheduled = `${r.workflowId}: ${r.status}, ${r.counts.unchanged} unchanged`;
    log(name, `import schedule fired after the import: ${lastScheduled}`);
  }
  let lastScheduledSync: string | null = null;
  if (synced) {
    const r = synced as SyncReport | { skipped: string };
    if ('skipped' in r) problems.push(`${name}: the sync schedule's run after the faults was skipped (${r.skipped})`);
    else {
      const t = syncTotals(r);
      lastScheduledSync = `${r.status}, ${t.read} rows read, ${t.unchanged} unchanged, ${t.inserted} inserted`;
      problems.push(...checkNothingWritten(r).map((p) => `${name}: ${p}`));
    }
    log(name, `sync schedule fired after the sync: ${lastScheduledSync ?? 'skipped'}`);
  }

  // The console after the faults: the same process, every page, the runs and the schedule it shows.
  const syncLines = sync.streams.find((s) => s.sync?.stream === 'invoice_lines');
  const consoleAfter: string[] = [];
  for (const [path, expect, what] of [
    ['/login', 'password', 'login page'],
    ['/runs', 'erp_rehearsal', 'runs list'],
    [`/runs/${report.runId}`, workflowId, 'the import\'s run page'],
    [`/runs/${syncLines?.runId ?? 0}`, 'invoice_lines', 'the sync\'s invoice_lines run page'],
    ['/sources', syncScheduleId(ERP_SOURCE), 'sources with the sync schedule (from Temporal)'],
    ['/accounts?q=Suministros', 'Suministros Norte', 'account search (an ERP customer)'],
  ] as const) {
    const p = await ui.get(path, expect, { anonymous: path === '/login', record: false });
    consoleAfter.push(`${what} ${p.ok ? 'ok' : `FAILED (HTTP ${p.status}${p.note ? `, ${p.note}` : ''})`}`);
    if (!p.ok) problems.push(`${name}: console ${path} after the faults: HTTP ${p.status}${p.note ? ` (${p.note})` : ''}`);
  }
  if (!ui.alive()) problems.push(`${name}: the console process exited`);
  probing = false;
  await prober;
  const consoleProbes = probeSummary(ui.probes);
  log(name, `console after: ${consoleAfter.join('; ')}; during: ${consoleProbes.map((c) => `${c.path} ${c.probes - c.failed}/${c.probes} ok`).join(', ')}`);

  await e.client.schedule.getHandle(scheduleId).delete();
  await run(process.execPath, crmhubArgs(['schedule', 'delete', ERP_SOURCE]), { env: cli, cwd: ROOT });
  // Nothing left running: wait for any last scheduled run, then check Temporal and the database.
  const drainFrom = Date.now();
  for (let i = 0; i < 660; i++) {
    const open = await e.client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);
    if (open.count === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (Date.now() - drainFrom > 90_000) log(name, `the last runs took ${((Date.now() - drainFrom) / 1000).toFixed(0)} s to finish after the schedules were deleted`);
  const openWf = (await e.client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count;
  const client = new pg.Client({ connectionString: `${e.cluster.adminUrl.replace(/\/postgres$/, '')}/${db}` });
  await client.connect();
  const running = Number((await client.query(`SELECT count(*) AS n FROM sync_runs WHERE status = 'running'`)).rows[0].n);
  const scheduledRuns = Number((await client.query(`SELECT count(*) AS n FROM sync_runs WHERE source_system_code = 'rehearsal_sched'`)).rows[0].n);
  const scheduledSyncs = Number((await client.query(`SELECT count(DISTINCT temporal_run_id) AS n FROM sync_runs WHERE source_system_code = $1 AND temporal_run_id <> $2`, [ERP_SOURCE, syncHandle.firstExecutionRunId])).rows[0].n);
  const scratch = Number((await client.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname IN ('public', 'crmhub_scratch') AND tablename ~ '^crmhub_(stage|seen)_'`)).rows[0].n);
  const digests = await contentDigests(client, [report.runId, ...sync.streams.map((s) => s.runId)]);
  await client.end();
  log(name, `after: ${openWf} workflows running, ${running} sync_runs running, ${scheduledRuns} scheduled imports, ${scheduledSyncs} scheduled syncs, ${scratch} scratch tables left`);
  if (openWf !== 0 || running !== 0) throw new Error(`${name}: runs left running (Temporal ${openWf}, sync_runs ${running})`);
  if (!lastScheduled) throw new Error(`${name}: the import schedule did not fire after the import`);
  if (!lastScheduledSync) problems.push(`${name}: the sync schedule did not run a sync after the faults`);

  const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  log(name, `peak RSS: ${live.map((w) => `${w.name} ${peakRssMb(w.pid)} MB`).join(', ')}, console ${peakRssMb(ui.pid)} MB`);
  for (const w of live) w.signal('SIGTERM');
  const exits = await Promise.all(workers.map((w) => w.exited));
  const consoleExit = await ui.stop();
  log(name, `workers stopped: ${exits.map((x, i) => `${workers[i]!.name}=${x.code ?? x.signal}`).join(' ')}; console=${consoleExit}`);
  await (monitorClient as pg.Client | null)?.end().catch(() => undefined);
  return {
    report, runId: report.runId, digests, seconds, loadSeconds: loadSeconds ?? seconds, batchMs, costs, lastScheduled,
    sync, syncSeconds, syncPageMs, syncCosts, lastScheduledSync, console: consoleProbes, consoleAfter, problems,
  };
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
  // A fresh history each time: a rehearsal stopped half-way leaves its workflows running in the
  // persisted store, and the next one's fixed sync workflow id would collide with them.
  for (const name of [tdb.name, tdb.visibilityName]) await adminQuery(cluster, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
  const erp = await createErpDatabase(ERP_ADMIN_URL, ERP_DB, INVOICES);
  log('setup', `ERP database ${ERP_DB} on MariaDB (Dolibarr-shaped): ${erp.customers.toLocaleString('en')} parties, ${INVOICES.toLocaleString('en')} invoices; the sync must load ${JSON.stringify(erp.expected)}`);
  const erpConfig = join(dir, 'erp-source.json');
  writeErpSourceConfig(ROOT, erpConfig, PAGE_SIZE);
  const e: Env = { pki, cluster, server, client, mainFile, mainFacts, schedFile, erp, erpConfig };

  let ok = false;
  try {
    const ref = await phase(e, 'reference', 'crmhub_rehearsal_ref');
    const dis = await phase(e, 'faults', 'crmhub_rehearsal');
    const expected = expectedCounts(mainFacts);
    const problems: string[] = [];
    for (const [label, r] of [['reference', ref], ['faults', dis]] as const) {
      if (!sameCounts(r.report.counts, expected)) problems.push(`${label}: counts ${JSON.stringify(r.report.counts)}, expected ${JSON.stringify(expected)}`);
    }
    problems.push(...ref.problems, ...dis.problems);
    const digestDiffs = compareDigests(ref.digests, dis.digests);
    problems.push(...digestDiffs);
    const erpTables = ['accounts', 'contacts', 'invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities'];
    const summary = {
      rows: ROWS, workers: WORKERS, heartbeatTimeoutS: HEARTBEAT_S, invoices: INVOICES, pageSize: PAGE_SIZE, erpExpected: e.erp.expected,
      sync: {
        reference: { seconds: round(ref.syncSeconds), medianPageS: round(ref.syncPageMs / 1000), totals: syncTotals(ref.sync) },
        faults: { seconds: round(dis.syncSeconds), medianPageS: round(dis.syncPageMs / 1000), totals: syncTotals(dis.sync), costs: dis.syncCosts.map((c) => ({ ...c, stallS: c.stallS === null ? null : round(c.stallS) })) },
        scheduledAfter: { reference: ref.lastScheduledSync, faults: dis.lastScheduledSync },
      },
      console: { reference: ref.console, faults: dis.console, after: dis.consoleAfter },
      erpTables: ref.digests.filter((d) => erpTables.includes(d.table)).map((d) => ({ table: d.table, rows: d.rows, identical: !digestDiffs.some((x) => x.startsWith(`${d.table}:`)) })),
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
    for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
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

function printReport(s: { rows: number; extraSeconds: number; tablesCompared: number; rowsCompared: number; identical: boolean; problems: string[]; erpTables: { table: string; rows: number; identical: boolean }[] }, ref: PhaseResult, dis: PhaseResult): void {
  const out = process.stdout;
  out.write('\n== Timeline\n');
  for (const t of timeline) out.write(`${t.t.toFixed(1).padStart(7)} s  ${t.phase.padEnd(9)} ${t.what}\n`);
  out.write('\n== What each fault cost (from the fault — for SIGTERM from the worker\'s exit — to the next committed batch of the import and the next page of the ERP sync)\n');
  out.write(`   undisturbed: an import batch every ${(ref.batchMs / 1000).toFixed(1)} s, a sync page every ${(ref.syncPageMs / 1000).toFixed(1)} s (medians)\n`);
  for (const c of dis.costs) {
    const sc = dis.syncCosts.find((x) => x.fault === c.fault);
    out.write(`  ${c.fault.padEnd(20)} import ${c.stallS.toFixed(1).padStart(5)} s   sync ${sc?.stallS == null ? 'finished before' : `${sc.stallS.toFixed(1)} s`}\n`);
  }
  out.write(`\n== Import of ${s.rows.toLocaleString('en')} rows: ${ref.seconds.toFixed(1)} s undisturbed, ${dis.seconds.toFixed(1)} s with the faults (+${s.extraSeconds.toFixed(1)} s)\n`);
  out.write(`   of which the load (file to CRM tables): ${ref.loadSeconds.toFixed(1)} s undisturbed, ${dis.loadSeconds.toFixed(1)} s with the faults (+${(dis.loadSeconds - ref.loadSeconds).toFixed(1)} s); the rest is the match stage\n`);
  out.write(`   counts: ${JSON.stringify(dis.report.counts)}\n`);
  out.write(`   schedule after the faults: ${dis.lastScheduled}\n`);
  out.write(`\n== ERP sync (${dis.sync.streams.length} streams): ${ref.syncSeconds.toFixed(1)} s undisturbed, ${dis.syncSeconds.toFixed(1)} s with the faults\n`);
  for (const r of dis.sync.streams) out.write(`   ${(r.sync?.stream ?? '?').padEnd(14)} ${JSON.stringify(r.counts)}\n`);
  out.write(`   sync schedule after the faults: ${dis.lastScheduledSync}\n`);
  out.write(`   ERP tables: ${s.erpTables.map((t) => `${t.table} ${t.rows.toLocaleString('en')}${t.identical ? '' : ' DIFFERENT'}`).join(', ')}\n`);
  out.write('\n== Console (probed every 3 s during the run; failures = non-200 or page without its content)\n');
  for (const [label, r] of [['reference', ref], ['faults', dis]] as const) {
    for (const c of r.console) out.write(`   ${label.padEnd(9)} ${c.path.padEnd(8)} ${c.probes - c.failed}/${c.probes} ok${c.failed ? `, longest outage ${c.longestOutageS.toFixed(1)} s, first failure ${c.firstFailure}` : ''}\n`);
  }
  out.write(`   after the faults: ${dis.consoleAfter.join('; ')}\n`);
  out.write(`\n== ${s.tablesCompared} tables, ${s.rowsCompared.toLocaleString('en')} rows compared with the undisturbed run: ${s.identical ? 'identical' : `DIFFERENT: ${s.problems.join('; ')}`}\n`);
  out.write(`${s.identical ? 'REHEARSAL PASSED' : 'REHEARSAL FAILED'}\n`);
}

main().catch((err) => {
  process.stderr.write(`rehearsal failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
