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
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeAccountsCsv } from './generators/accounts-csv';
import { copyBaseline, resetCrm, run } from './bench-process';
import { cpuSince, machineCpuSeconds } from './cpu-budget';
import { withWorkers } from './scale-workers';
import { runSyncScaling } from './sync-scaling';
import { ensureDatabase } from '../db/ensure-database';

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

async function scaleCase(parts: string[], workers: number, copyRowsPerSec: number): Promise<Omit<ScaleResult, 'speedup'>> {
  await resetCrm(BENCH_URL);
  const env = { ...process.env, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1' };
  const { result, workers: usage } = await withWorkers(workers, env, async (caseEnv) => {
    const machineUsed = cpuSince(machineCpuSeconds);
    const t0 = performance.now();
    const outs = await Promise.all(parts.map((part) => run(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'import', part, '--entity', 'accounts', '--mapping', MAPPING, '--no-match', '--json'], caseEnv)));
    const seconds = (performance.now() - t0) / 1000;
    const inserted = outs.reduce((s, o) => s + Number((JSON.parse(o.stdout) as { counts: { inserted: number } }).counts.inserted), 0);
    return { seconds, inserted, machine: machineUsed()! };
  });
  const { seconds, inserted, machine } = result;
  return {
    workers, seconds, rowsPerSec: ROWS / seconds, ratioToCopy: ROWS / seconds / copyRowsPerSec, inserted, workerPeakRssMB: usage.peakRssMB,
    // The workers' CPU includes starting up (a few seconds each, before t0); the machine's is t0 to the end.
    cpuSeconds: { workers: Math.round(usage.cpuSeconds), machine: Math.round(machine) }, loadAverageAtEnd: loadavg()[0]!,
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (process.argv.includes('--sync')) return runSyncScaling({ workers: WORKERS, json: strArg('json'), sources: Number(strArg('sources') ?? 4), invoices: Number(strArg('invoices') ?? 200_000), log });
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
