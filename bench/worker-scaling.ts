/**
 * npm run bench:scale [-- --rows 1000000 --parts 4 --workers 1,2,4 --json <file>]
 *
 * How import throughput scales with worker processes on one PostgreSQL (issue 11): the bench's
 * seeded accounts CSV is split into `--parts` files (same rows, each with the header), and for each
 * worker count W a fresh CRM, a fresh Temporal dev server and W `crmhub worker` processes (the
 * README's deployment: one long-lived worker per host) import all parts at once, each part
 * submitted by its own `crmhub import --no-match` (which starts the workflow and waits, running no
 * worker of its own because workers poll the queue).
 *
 * Figures, all from this one run: the wall time from the first submit to the last completion, rows/s,
 * the speed-up over W = 1, the share of `psql \copy` of the whole file (the baseline B of
 * bench:import), the peak RSS of each worker, the CPU seconds of the workers (their own resource
 * usage) and of the whole machine (/proc/stat: the rest is PostgreSQL, the importing commands and
 * the Temporal server), so that what limits the scaling can be read off. `--no-match`: the load path scales
 * here; the match stage of parts imported at once is a separate question (each part's stage
 * matches against the others').
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { writeAccountsCsv } from './generators/accounts-csv';
import { copyBaseline, resetCrm, resourceUsage, run } from './bench-process';
import { ensureDatabase } from '../db/ensure-database';
import { TASK_QUEUE } from '../temporal/config';
import { startDevServer } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const MAPPING = join(ROOT, 'mappings', 'bench-accounts.json');
const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench';
const strArg = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] ?? null : null;
};
const ROWS = Number(strArg('rows') ?? 1_000_000);
const PARTS = Number(strArg('parts') ?? 4);
const WORKERS = (strArg('workers') ?? '1,2,4').split(',').map(Number);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

interface ScaleResult {
  workers: number; seconds: number; rowsPerSec: number; speedup: number; ratioToCopy: number;
  inserted: number; workerPeakRssMB: number[]; cpuSeconds: { workers: number; machine: number }; loadAverageAtEnd: number;
}

/** Splits a CSV into `parts` files by line, each with the header line. */
async function splitCsv(file: string, parts: number): Promise<string[]> {
  const names = Array.from({ length: parts }, (_, i) => file.replace(/\.csv$/, `-part${i + 1}of${parts}.csv`));
  if (names.every((n) => existsSync(n))) return names;
  const outs = names.map((n) => createWriteStream(n));
  let header: string | null = null;
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (header === null) {
      header = line;
      for (const o of outs) o.write(`${line}\n`);
      continue;
    }
    // Contiguous ranges, as someone splitting an export would (split -n l/N).
    const o = outs[Math.min(parts - 1, Math.floor((i++ * parts) / ROWS))]!;
    if (!o.write(`${line}\n`)) await new Promise<void>((r) => o.once('drain', () => r()));
  }
  await Promise.all(outs.map((o) => new Promise<void>((r) => o.end(() => r()))));
  return names;
}

/** Busy CPU seconds of the whole machine (user + nice + system + irq + softirq), from /proc/stat. */
function machineCpuSeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100; // USER_HZ
}

async function waitForPollers(client: Client, workers: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    // The activity queue, as cli/temporal-session.ts's hasWorker asks before it decides to run its own.
    const res = await client.workflowService.describeTaskQueue({
      namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    if ((res.pollers?.length ?? 0) >= workers) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workers} workers did not start polling within 60 s`);
}

async function scaleCase(parts: string[], workers: number, copyRowsPerSec: number): Promise<Omit<ScaleResult, 'speedup'>> {
  await resetCrm(BENCH_URL);
  const server = await startDevServer({});
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1' };
  const procs: { child: ChildProcess; stderr: string }[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      // The flags of bin/crmhub.cjs's shebang, given here so that the spawned process is the worker
      // itself (no re-exec) and its resource usage is the worker's.
      const child = spawn(process.execPath, ['--max-old-space-size=512', '--max-semi-space-size=2', join(ROOT, 'bin', 'crmhub.cjs'), 'worker'],
        { env: { ...env, MALLOC_ARENA_MAX: '2' }, stdio: ['ignore', 'ignore', 'pipe'] });
      const p = { child, stderr: '' };
      child.stderr!.on('data', (d) => { p.stderr += d; });
      procs.push(p);
    }
    await waitForPollers(client, workers);
    const cpu0 = machineCpuSeconds();
    const t0 = performance.now();
    const outs = await Promise.all(parts.map((part) => run(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'import', part, '--entity', 'accounts', '--mapping', MAPPING, '--no-match', '--json'], env)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = machineCpuSeconds();
    const inserted = outs.reduce((s, o) => s + Number((JSON.parse(o.stdout) as { counts: { inserted: number } }).counts.inserted), 0);
    // Stopped by SIGTERM, each worker prints its resource usage (getrusage maxRSS) on exit.
    await Promise.all(procs.map((p) => new Promise((r) => { p.child.once('exit', r); p.child.kill('SIGTERM'); })));
    const usage = procs.map((p) => resourceUsage(p.stderr));
    const workerPeakRssMB = usage.map((u) => Math.round(u.maxRSS / 1024));
    // The workers' CPU includes starting up (a few seconds each, before t0); the machine's is t0 to the end.
    const workersCpu = usage.reduce((s, u) => s + (u.userCPUTime + u.systemCPUTime) / 1e6, 0);
    return {
      workers, seconds, rowsPerSec: ROWS / seconds, ratioToCopy: ROWS / seconds / copyRowsPerSec, inserted, workerPeakRssMB,
      cpuSeconds: { workers: Math.round(workersCpu), machine: Math.round(cpu1 - cpu0) }, loadAverageAtEnd: loadavg()[0]!,
    };
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await connection.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, `accounts-${ROWS}-s42.csv`);
  if (!existsSync(csv)) { log(`generating ${csv}`); await writeAccountsCsv(csv, { rows: ROWS, seed: 42 }); }
  const parts = await splitCsv(csv, PARTS);
  await ensureDatabase(BENCH_URL);
  const copyRate = copyBaseline(BENCH_URL, csv, ROWS).rowsPerSec;
  log(`B: psql \\copy ${ROWS} rows at ${Math.round(copyRate)} rows/s`);
  const results: ScaleResult[] = [];
  const file = strArg('json') ?? join(OUT, `worker-scaling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  for (const w of WORKERS) {
    log(`${w} worker(s), ${PARTS} parts at once`);
    const r = await scaleCase(parts, w, copyRate);
    results.push({ ...r, speedup: results.length ? r.rowsPerSec / results[0]!.rowsPerSec : 1 });
    log(`  ${r.seconds.toFixed(1)} s, ${Math.round(r.rowsPerSec)} rows/s, CPU s: workers ${r.cpuSeconds.workers}, machine ${r.cpuSeconds.machine}, RSS ${r.workerPeakRssMB.join('/')} MB`);
    writeFileSync(file, JSON.stringify({ rows: ROWS, parts: PARTS, machine: { cpus: cpus().length, node: process.version }, baselineRowsPerSec: copyRate, results }, null, 2));
  }
  process.stdout.write(`\n| workers | seconds | rows/s | speed-up vs 1 | % of \\copy | CPU s: workers / machine | worker peak RSS MB | load at end |\n|---|---|---|---|---|---|---|---|\n`);
  for (const r of results) {
    process.stdout.write(`| ${r.workers} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSec)} | ${r.speedup.toFixed(2)}× | ${(r.ratioToCopy * 100).toFixed(1)}% | ${r.cpuSeconds.workers} / ${r.cpuSeconds.machine} | ${r.workerPeakRssMB.join(', ')} | ${r.loadAverageAtEnd.toFixed(1)} |\n`);
  }
  log(`results saved to ${file}`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
