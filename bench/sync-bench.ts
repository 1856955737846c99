/**
 * npm run bench:sync [-- --invoices 200000] [--json <file>]   (BENCH_DATABASE_URL, BENCH_MARIADB_URL, BENCH_ERP_DB)
 *
 * Sync speed and memory, measured in ONE run on this machine:
 *   ERP  a Dolibarr-shaped database `crmhub_bench_erp` in the local MariaDB: N invoices with five
 *        lines each and N/10 customers (bench/generators/erp-mariadb.ts), built by the server;
 *   B    the raw baseline: `mariadb --batch --quick` (rows streamed, not buffered) of the invoice-lines query piped into `psql \copy` of
 *        an UNLOGGED all-text scratch table (no validation, no resolution, no upsert);
 *   1    initial sync of accounts, invoices and invoice lines into an empty CRM;
 *   2    incremental sync after 1% of customers, invoices and lines changed (must read only those);
 *   3    the same again (the same 1% changed once more) with --no-match: the sync without the match
 *        stage of the changed accounts, which is most of case 2's time.
 *   F    the floor, after case 1: the rows case 1 wrote (accounts and their identity map, invoices,
 *        invoice lines) `\copy`'d into an empty CRM's tables, one COPY at a time and then all at once
 *        (write-floor.ts): the least work of an initial sync, set against the 25% target.
 * Each sync runs as `crmhub sync` in its own process (an in-process worker against one Temporal
 * dev server: the real workflow path), so its peak RSS is its own. Temporal's share is the
 * workflow's duration minus the time inside activities, read from the workflow history.
 * The receivables stream is left out: a snapshot is read whole by design on every sync.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import mysql from 'mysql2/promise';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { startDevServer } from '../temporal/dev-server';
import { peakRssMB, psql, resetCrm, run } from './bench-process';
import { cpuSince, formatCpuBudget, postgresCpuMeter, withCpuBudget, type CpuBudget } from './cpu-budget';
import { baselinePipeline, baselineTableSql, checkCopied } from './erp-baseline';
import { changeErp, createErpDatabase, erpSourceConfig } from './generators/erp-mariadb';
import { floorTable, floorVerdict, type Floor } from './floor-table';
import { measureWriteFloor } from './write-floor';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const INVOICES = Number(argValue('invoices') ?? 200_000);
const JSON_FILE = argValue('json');
const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_sync';
const MARIADB_URL = process.env.BENCH_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
// Its own database name per person or agent sharing one MariaDB (the bench drops and rebuilds it).
const ERP_DB = process.env.BENCH_ERP_DB || 'crmhub_bench_erp';
const SOURCE = 'bench_erp';
const STREAMS = ['accounts', 'invoices', 'invoice_lines'] as const;

interface StreamFigures { stream: string; read: number; inserted: number; updated: number; unchanged: number; merged: number; rejected: number; seconds: number; phaseMs: Record<string, number> | null }
interface SyncCase {
  case: string; activitySecondsByType: Record<string, number>; seconds: number; commandSeconds: number; records: number; lines: number; recordsPerSec: number; linesPerSec: number;
  temporalShare: number; activitySeconds: number; peakRssMB: number; cpuSeconds: number; pgCpuSeconds: number | null; streams: StreamFigures[];
  /** Over the whole command (commandSeconds). */
  cpu: CpuBudget;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const loadBefore = loadavg();
  log(`load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores (other work on the machine slows every figure below)`);
  if (!Number.isInteger(INVOICES) || INVOICES < 10) throw new Error('--invoices must be an integer ≥ 10');
  const admin = await mysql.createConnection({ uri: MARIADB_URL, multipleStatements: true });
  log(`ERP: ${ERP_DB} with ${INVOICES} invoices`);
  let t0 = performance.now();
  const erp = await createErpDatabase(admin, ERP_DB, { invoices: INVOICES });
  const generateSeconds = (performance.now() - t0) / 1000;
  log(`  ${erp.customers} customers, ${erp.invoices} invoices, ${erp.lines} lines in ${generateSeconds.toFixed(1)} s`);

  await ensureDatabase(BENCH_URL);
  await resetCrm(BENCH_URL);
  const postgresCpu = await postgresCpuMeter(BENCH_URL);
  const baselinePgUsed = cpuSince(postgresCpu);
  const rawResult = rawBaseline(erp.lines);
  const baselinePg = baselinePgUsed();
  const baseline = { ...rawResult, pgCpuSeconds: baselinePg, cpuSeconds: rawResult.clientCpuSeconds + (baselinePg ?? 0) };
  log(`B: mariadb --batch | psql \\copy: ${erp.lines} lines in ${baseline.seconds.toFixed(2)} s = ${Math.round(baseline.linesPerSec)} lines/s, peak RSS mariadb ${baseline.peakRssMB.mariadb} MB, psql ${baseline.peakRssMB.psql} MB`);

  const configFile = join(OUT, 'sync-bench-source.json');
  writeFileSync(configFile, JSON.stringify(erpSourceConfig('BENCH_ERP_URL', { streams: STREAMS })));
  const env = { ...process.env, DATABASE_URL: BENCH_URL, BENCH_ERP_URL: `${MARIADB_URL}/${ERP_DB}`, CRMHUB_PRINT_RESOURCE_USAGE: '1' };
  await run(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'source', 'add', SOURCE, '--connector', 'sql', '--config', configFile, '--country', 'ES', '--timezone', 'Europe/Madrid'], env);

  const server = await startDevServer({});
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const results: SyncCase[] = [];
  let floors: Floor[] = [];
  let changed: Awaited<ReturnType<typeof changeErp>>;
  try {
    const sync = (name: string, extra: string[] = []) => syncCase(name, { ...env, TEMPORAL_ADDRESS: server.address }, client, extra, postgresCpu);
    results.push(await sync('1 initial sync'));
    floors = await syncFloors(erp.lines, baseline.linesPerSec);
    t0 = performance.now();
    changed = await changeErp(admin, ERP_DB, 0.01);
    log(`changed 1%: ${JSON.stringify(changed)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    results.push(await sync('2 incremental sync, 1% changed'));
    await changeErp(admin, ERP_DB, 0.01, 2);
    results.push(await sync('3 incremental sync, 1% changed, --no-match', ['--no-match']));
  } finally {
    await admin.end();
    await connection.close();
    await server.stop();
  }
  const [initial, incremental, noMatch] = results as [SyncCase, SyncCase, SyncCase];
  const checks = {
    initialLinesPerSecAtLeast20000: initial.linesPerSec >= 20_000,
    initialAtLeast25PctOfBaseline: initial.linesPerSec / baseline.linesPerSec >= 0.25,
    incrementalAtMost5PctOfInitial: incremental.seconds / initial.seconds <= 0.05,
    incrementalNoMatchAtMost5PctOfInitial: noMatch.seconds / initial.seconds <= 0.05,
    // What changed, plus the rows of the five minutes of look-back before the stored cursor.
    incrementalReadOnlyChanged: [incremental, noMatch].every((r) => r.streams.every((s) => s.read <= changedOf(s.stream, changed) + 25)),
    rssAtMost400MB: Math.max(initial.peakRssMB, incremental.peakRssMB) <= 400,
  };
  printReport(erp, generateSeconds, baseline, results, changed, checks);
  process.stdout.write(`\n${floorTable('B (mariadb → \\copy)', baseline.linesPerSec, floors).join('\n')}\n`);
  const doc = { invoices: INVOICES, erp, generateSeconds, baseline, changed, results, floors: floors.map((f) => ({ ...f, ...floorVerdict(f, baseline.linesPerSec) })), ratios: { initialToBaseline: initial.linesPerSec / baseline.linesPerSec, incrementalToInitial: incremental.seconds / initial.seconds, incrementalNoMatchToInitial: noMatch.seconds / initial.seconds }, checks, cores: cpus().length, loadAverage: { before: loadBefore, after: loadavg() } };
  if (JSON_FILE) {
    writeFileSync(JSON_FILE, JSON.stringify(doc, null, 2));
    log(`results saved to ${JSON_FILE}`);
  }
}

/** Case F: the initial sync's rows loaded again by `\copy` into an empty CRM (write-floor.ts). */
async function syncFloors(lines: number, baselineLinesPerSec: number): Promise<Floor[]> {
  log("F: case 1's rows \\copy'd into an empty CRM");
  const w = await measureWriteFloor({
    from: BENCH_URL, to: `${BENCH_URL}_floor`, dir: join(OUT, 'floor-sync'),
    untimed: ['source_systems', 'sync_runs'],
    // In the order of their foreign keys: lines refer to invoices, both to accounts.
    timed: [['accounts', 'source_records'], ['invoices'], ['invoice_lines']],
  });
  const target = { name: 'initial sync ≥ 25%', ratio: 0.25 };
  const written = `${Object.entries(w.rows).map(([t, n]) => `${t} ${n}`).join(', ')} \\copy'd`;
  const floors: Floor[] = [
    { what: `${written}, one COPY at a time`, rows: lines, seconds: w.oneConnection, target },
    { what: `${written}, each group at once (2 connections a table)`, rows: lines, seconds: w.allAtOnce, target },
  ];
  for (const f of floors) log(`  ${f.what}: ${f.seconds.toFixed(2)} s, ${floorVerdict(f, baselineLinesPerSec).text}`);
  return floors;
}

function changedOf(stream: string, c: { customers: number; invoices: number; lines: number }): number {
  return stream === 'accounts' ? c.customers : stream === 'invoices' ? c.invoices : c.lines;
}

/** The invoice-lines query as the sync reads it, straight from the mariadb client into psql's COPY (erp-baseline.ts). */
function rawBaseline(lines: number): { seconds: number; linesPerSec: number; peakRssMB: { mariadb: number; psql: number }; clientCpuSeconds: number } {
  const table = 'bench_sync_baseline';
  psql(BENCH_URL, baselineTableSql(table));
  const timeFiles = { mariadb: join(OUT, 'baseline-mariadb.rss'), psql: join(OUT, 'baseline-psql.rss') };
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', baselinePipeline({ mariadbUrl: MARIADB_URL, database: ERP_DB, pgUrl: BENCH_URL, table, timeFiles })], { stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`baseline pipeline failed (${r.status})`);
  checkCopied(BENCH_URL, table, lines, ERP_DB);
  psql(BENCH_URL, `DROP TABLE ${table}`);
  const usage = (file: string) => readFileSync(file, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
  const [a, b] = [usage(timeFiles.mariadb), usage(timeFiles.psql)];
  return { seconds, linesPerSec: lines / seconds, peakRssMB: { mariadb: Math.round(a[0] / 1024), psql: Math.round(b[0] / 1024) }, clientCpuSeconds: a[1] + a[2] + b[1] + b[2] };
}

async function syncCase(name: string, env: NodeJS.ProcessEnv, client: Client, extra: string[], postgresCpu: () => number | null): Promise<SyncCase> {
  log(`${name}: crmhub sync ${SOURCE} ${extra.join(' ')}`);
  const { stdout, stderr, cpu } = await withCpuBudget(postgresCpu, () => run(process.execPath, ['--max-old-space-size=512', join(ROOT, 'bin', 'crmhub.cjs'), 'sync', SOURCE, '--json', ...extra], env));
  const commandSeconds = cpu.wallSeconds;
  const report = JSON.parse(stdout) as { status: string; streams: { stream: string; runId: number; read: number; inserted: number; updated: number; unchanged: number; merged: number; rejected: number; error: string | null }[] };
  if (report.status !== 'succeeded') throw new Error(`${name}: sync ${report.status}: ${report.streams.map((s) => s.error).filter(Boolean).join('; ')}`);
  const timing = await workflowTiming(client, `sync-${SOURCE}`);
  const db = createDb(BENCH_URL);
  const streams: StreamFigures[] = [];
  try {
    let since: number | null = null;
    for (const s of report.streams) {
      const row = await db('sync_runs').where({ id: s.runId }).first('phase_ms', 'started_at', 'finished_at');
      const from: number = since ?? new Date(row.started_at).getTime();
      since = new Date(row.finished_at).getTime();
      streams.push({
        stream: s.stream, read: s.read, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, merged: s.merged, rejected: s.rejected,
        // From the previous stream's end (all streams are planned, and started, at once).
        seconds: (since - from) / 1000, phaseMs: row.phase_ms ?? null,
      });
    }
  } finally {
    await db.destroy();
  }
  const records = streams.reduce((n, s) => n + s.read, 0);
  const lines = streams.find((s) => s.stream === 'invoice_lines')?.read ?? 0;
  const r: SyncCase = {
    case: name, seconds: timing.workflowSeconds, commandSeconds, records, lines, recordsPerSec: records / timing.workflowSeconds,
    linesPerSec: lines / timing.workflowSeconds, temporalShare: timing.temporalShare, activitySeconds: timing.activitySeconds, activitySecondsByType: timing.byType,
    peakRssMB: peakRssMB(stderr), cpuSeconds: cpu.crmhubSeconds, pgCpuSeconds: cpu.postgresSeconds, streams, cpu,
  };
  log(`  activities: ${Object.entries(r.activitySecondsByType).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  log(`  ${r.seconds.toFixed(1)} s (command ${commandSeconds.toFixed(1)} s): ${Math.round(r.recordsPerSec)} records/s, ${Math.round(r.linesPerSec)} lines/s, Temporal ${pct(r.temporalShare)}, peak RSS ${Math.round(r.peakRssMB)} MB`);
  log(`  CPU over the command: ${formatCpuBudget(cpu)}`);
  for (const s of streams) log(`    ${s.stream}: read ${s.read}, inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, merged ${s.merged}, rejected ${s.rejected} in ${s.seconds.toFixed(1)} s ${JSON.stringify(s.phaseMs)}`);
  return r;
}

/** Workflow duration and the part of it not spent inside activities (scheduling, queues, history). */
async function workflowTiming(client: Client, workflowId: string): Promise<{ workflowSeconds: number; temporalShare: number; activitySeconds: number; byType: Record<string, number> }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const ms = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  const started = new Map<number, number>();
  const typeOf = new Map<number, string>();
  const byType: Record<string, number> = {};
  let inActivities = 0;
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) typeOf.set(Number(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    if (e.activityTaskStartedEventAttributes) started.set(Number(e.activityTaskStartedEventAttributes.scheduledEventId), ms(e));
    const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
    if (done) {
      const d = ms(e) - (started.get(Number(done.scheduledEventId)) ?? ms(e));
      inActivities += d;
      const type = typeOf.get(Number(done.scheduledEventId)) ?? '?';
      byType[type] = (byType[type] ?? 0) + d / 1000;
    }
  }
  const total = ms(events[events.length - 1]!) - ms(events[0]!);
  return { workflowSeconds: total / 1000, temporalShare: (total - inActivities) / total, activitySeconds: inActivities / 1000, byType };
}

function printReport(erp: { customers: number; invoices: number; lines: number }, generateSeconds: number, b: ReturnType<typeof rawBaseline> & { pgCpuSeconds: number | null }, rs: SyncCase[], changed: { customers: number; invoices: number; lines: number }, checks: Record<string, boolean>): void {
  const [initial] = rs as [SyncCase];
  const lines = [
    '',
    `ERP ${ERP_DB}: ${erp.customers} customers, ${erp.invoices} invoices, ${erp.lines} lines, generated in ${generateSeconds.toFixed(1)} s; 1% changed: ${changed.customers} customers, ${changed.invoices} invoices, ${changed.lines} lines`,
    '',
    '| case | s | records | records/s | invoice lines/s | vs baseline | Temporal share | peak RSS MB | CPU core-s: crmhub (or the clients) + PostgreSQL, cores busy |',
    '|---|---|---|---|---|---|---|---|---|',
    `| B mariadb --batch → psql \\copy (lines only) | ${b.seconds.toFixed(2)} | ${erp.lines} | ${Math.round(b.linesPerSec)} | ${Math.round(b.linesPerSec)} | 100% | – | mariadb ${b.peakRssMB.mariadb}, psql ${b.peakRssMB.psql} | clients ${b.clientCpuSeconds.toFixed(1)} + ${b.pgCpuSeconds?.toFixed(1) ?? '–'} |`,
    ...rs.map((r) => `| ${r.case} | ${r.seconds.toFixed(1)} | ${r.records} | ${Math.round(r.recordsPerSec)} | ${Math.round(r.linesPerSec)} | ${pct(r.linesPerSec / b.linesPerSec)} | ${pct(r.temporalShare)} | ${Math.round(r.peakRssMB)} | ${formatCpuBudget(r.cpu)} |`),
    '',
    ...rs.slice(1).map((r) => `${r.case}: ${pct(r.seconds / initial.seconds)} of the initial time; rows read: ${r.streams.map((s) => `${s.stream} ${s.read}`).join(', ')}`),
    '',
    'Time inside activities, by activity (s):',
    ...rs.map((r) => `- ${r.case}: ${Object.entries(r.activitySecondsByType).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`),
    '',
    'Per stream (s, and the load loop\'s phases in ms: copy = COPY into staging, merge = resolve + upsert in PostgreSQL, wait_* = Node waiting for PostgreSQL, total = the activity):',
    ...rs.flatMap((r) => r.streams.map((s) => `- ${r.case} / ${s.stream}: ${s.seconds.toFixed(1)} s, read ${s.read} ${JSON.stringify(s.phaseMs)}`)),
    '',
    `targets: ${Object.entries(checks).map(([k, v]) => `${k} ${v ? 'met' : 'MISSED'}`).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
