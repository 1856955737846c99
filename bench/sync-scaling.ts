/**
 * npm run bench:scale -- --sync [--sources 4 --invoices 200000 --workers 1,2,4 --json <file>]
 *
 * How sync throughput scales with worker processes on one PostgreSQL (issue 11): several sources
 * synced at once. `--sources` ERP databases in MariaDB (Dolibarr-shaped, bench/generators/erp-mariadb.ts,
 * each with its own seed, so its own customers), `--invoices` in all (5 lines each) split evenly
 * between them, each registered as a crmhub SQL source. For each worker count W: a fresh CRM, a
 * fresh Temporal dev server, W `crmhub worker` processes, and every source synced at once by its own
 * `crmhub sync <source> --no-match` (which starts the workflow and waits; the workers run it).
 * `--no-match`, as bench:scale's imports: the load path is what scales here.
 *
 * B, the baseline: the same sources' invoice lines piped at once, each by `mariadb --batch | psql
 * \copy` into an UNLOGGED all-text table. Figures, all from this one run: the wall time from the
 * first submit to the last completion, invoice lines/s, the speed-up over W = 1, the share of B,
 * the workers' CPU (their own resource usage, start-up included), PostgreSQL's (cpu-budget.ts) and
 * the whole machine's (/proc/stat) over the same time, and each worker's peak RSS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { psql, resetCrm, run } from './bench-process';
import { cpuBudget, cpuSince, formatCpuBudget, machineCpuSeconds, postgresCpuMeter, type CpuBudget } from './cpu-budget';
import { baselinePipeline, baselineTableSql, checkCopied } from './erp-baseline';
import { createErpDatabase, erpSourceConfig } from './generators/erp-mariadb';
import { withWorkers } from './scale-workers';
import { ensureDatabase } from '../db/ensure-database';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_sync';
const MARIADB_URL = process.env.BENCH_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
// Its own database names per person or agent sharing one MariaDB (the bench drops and rebuilds them).
const ERP_PREFIX = process.env.BENCH_ERP_DB || 'crmhub_bench_erp';
const STREAMS = ['accounts', 'invoices', 'invoice_lines'] as const;

interface SyncScaleResult {
  workers: number; seconds: number; linesPerSec: number; speedup: number; ratioToBaseline: number; records: number; lines: number;
  workerPeakRssMB: number[];
  /** The workers' (their own usage, start-up included) and PostgreSQL's, over the syncs' wall time. */
  cpu: CpuBudget;
  /** The whole machine's busy CPU seconds over the same time (/proc/stat): the sync commands and the Temporal server too. */
  machineCpuSeconds: number;
  loadAverageAtEnd: number;
}

interface Source { code: string; database: string; urlEnv: string; lines: number }

export async function runSyncScaling(o: { workers: number[]; sources: number; invoices: number; json: string | null; log: (m: string) => void }): Promise<void> {
  if (!Number.isInteger(o.sources) || o.sources < 1 || !Number.isInteger(o.invoices) || o.invoices < 10 * o.sources) {
    throw new Error('--sources must be a whole number ≥ 1 and --invoices at least 10 per source');
  }
  mkdirSync(OUT, { recursive: true });
  const admin = await mysql.createConnection({ uri: MARIADB_URL, multipleStatements: true });
  const sources: Source[] = [];
  try {
    for (let i = 1; i <= o.sources; i++) {
      const database = `${ERP_PREFIX}_scale${i}`;
      const counts = await createErpDatabase(admin, database, { invoices: Math.floor(o.invoices / o.sources), seed: 42 + i });
      sources.push({ code: `bench_erp_${i}`, database, urlEnv: `BENCH_SCALE_ERP_URL_${i}`, lines: counts.lines });
      o.log(`ERP ${database}: ${counts.customers} customers, ${counts.invoices} invoices, ${counts.lines} lines`);
    }
  } finally {
    await admin.end();
  }
  const lines = sources.reduce((n, s) => n + s.lines, 0);
  await ensureDatabase(BENCH_URL);
  await resetCrm(BENCH_URL);
  const baseline = await rawBaseline(sources);
  o.log(`B: ${sources.length} × mariadb --batch | psql \\copy at once: ${lines} lines in ${baseline.seconds.toFixed(2)} s = ${Math.round(lines / baseline.seconds)} lines/s`);

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1' };
  for (const s of sources) env[s.urlEnv] = `${MARIADB_URL}/${s.database}`;
  const file = o.json ?? join(OUT, `sync-scaling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const results: SyncScaleResult[] = [];
  for (const w of o.workers) {
    o.log(`${w} worker(s), ${sources.length} sources synced at once`);
    const r = await syncScaleCase(sources, w, env, lines / baseline.seconds);
    results.push({ ...r, speedup: results.length ? r.linesPerSec / results[0]!.linesPerSec : 1 });
    o.log(`  ${r.seconds.toFixed(1)} s, ${Math.round(r.linesPerSec)} lines/s, ${formatCpuBudget(r.cpu)}, machine ${Math.round(r.machineCpuSeconds)} CPU s, RSS ${r.workerPeakRssMB.join('/')} MB`);
    writeFileSync(file, JSON.stringify({ sources: sources.length, invoices: o.invoices, lines, machine: { cpus: cpus().length, node: process.version }, baseline: { ...baseline, linesPerSec: lines / baseline.seconds }, results }, null, 2));
  }
  process.stdout.write(`\n| workers | seconds | invoice lines/s | speed-up vs 1 | % of B | CPU core-s: workers + PostgreSQL, cores busy | machine CPU s | worker peak RSS MB | load at end |\n|---|---|---|---|---|---|---|---|---|\n`);
  for (const r of results) {
    process.stdout.write(`| ${r.workers} | ${r.seconds.toFixed(1)} | ${Math.round(r.linesPerSec)} | ${r.speedup.toFixed(2)}× | ${(r.ratioToBaseline * 100).toFixed(1)}% | ${formatCpuBudget(r.cpu)} | ${Math.round(r.machineCpuSeconds)} | ${r.workerPeakRssMB.join(', ')} | ${r.loadAverageAtEnd.toFixed(1)} |\n`);
  }
  o.log(`results saved to ${file}`);
}

async function syncScaleCase(sources: readonly Source[], workers: number, baseEnv: NodeJS.ProcessEnv, baselineLinesPerSec: number): Promise<Omit<SyncScaleResult, 'speedup'>> {
  await resetCrm(BENCH_URL);
  const bin = join(ROOT, 'bin', 'crmhub.cjs');
  for (const s of sources) {
    const configFile = join(OUT, `sync-scaling-${s.code}.json`);
    writeFileSync(configFile, JSON.stringify(erpSourceConfig(s.urlEnv, { streams: STREAMS })));
    await run(process.execPath, [bin, 'source', 'add', s.code, '--connector', 'sql', '--config', configFile, '--country', 'ES', '--timezone', 'Europe/Madrid'], baseEnv);
  }
  const postgresCpu = await postgresCpuMeter(BENCH_URL);
  const { result, workers: usage } = await withWorkers(workers, baseEnv, async (env) => {
    const machineUsed = cpuSince(machineCpuSeconds);
    const postgresUsed = cpuSince(postgresCpu);
    const t0 = performance.now();
    const outs = await Promise.all(sources.map((s) => run(process.execPath, [bin, 'sync', s.code, '--no-match', '--json'], env)));
    const seconds = (performance.now() - t0) / 1000;
    return { outs, seconds, postgres: postgresUsed(), machine: machineUsed()! };
  });
  const { outs, seconds, postgres, machine } = result;
  let records = 0;
  let lines = 0;
  for (const [i, out] of outs.entries()) {
    const report = JSON.parse(out.stdout) as { status: string; streams: { stream: string; read: number; inserted: number; error: string | null }[] };
    if (report.status !== 'succeeded') throw new Error(`sync of ${sources[i]!.code}: ${report.status}: ${report.streams.map((x) => x.error).filter(Boolean).join('; ')}`);
    for (const st of report.streams) {
      records += st.read;
      if (st.stream === 'invoice_lines') lines += st.inserted;
    }
  }
  const expected = sources.reduce((n, s) => n + s.lines, 0);
  if (lines !== expected) throw new Error(`${lines} invoice lines inserted, expected ${expected}`);
  return {
    workers, seconds, linesPerSec: lines / seconds, ratioToBaseline: lines / seconds / baselineLinesPerSec, records, lines,
    workerPeakRssMB: usage.peakRssMB,
    // The workers' own CPU (start-up included, a few seconds each) against the syncs' wall time.
    cpu: cpuBudget(seconds, usage.cpuSeconds, postgres),
    machineCpuSeconds: machine,
    loadAverageAtEnd: loadavg()[0]!,
  };
}

/** Every source's invoice lines, each piped from the mariadb client into psql's COPY (erp-baseline.ts), all at once. */
async function rawBaseline(sources: readonly Source[]): Promise<{ seconds: number }> {
  const tables = sources.map((_, i) => `bench_sync_scale_baseline_${i + 1}`);
  for (const table of tables) psql(BENCH_URL, baselineTableSql(table));
  const t0 = performance.now();
  await Promise.all(sources.map((s, i) => run('bash', ['-c', baselinePipeline({ mariadbUrl: MARIADB_URL, database: s.database, pgUrl: BENCH_URL, table: tables[i]! })], process.env)));
  const seconds = (performance.now() - t0) / 1000;
  for (const [i, s] of sources.entries()) {
    checkCopied(BENCH_URL, tables[i]!, s.lines, s.code);
    psql(BENCH_URL, `DROP TABLE ${tables[i]}`);
  }
  return { seconds };
}
