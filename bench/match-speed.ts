/**
 * Matching speed, as figures measured in one run on this machine (bench:match's second part):
 *   1  the base: N generated company accounts imported with `--no-match` (set-up, timed apart);
 *   2  `crmhub dedupe --entity accounts` over the whole CRM: read, train, block, score, cluster,
 *      save profiles, apply the merges and queue reviews — wall time, phases and peak RSS;
 *   3  a 10,000-row batch (half new records of existing companies, half new companies) imported
 *      with its match stage: the stage's time is the incremental matching against the N accounts.
 * Each step is its own `crmhub` process, so its peak RSS is its own (getrusage maxRSS), and so is
 * its CPU: with PostgreSQL's over the same wall time, what the two cores had left (cpu-budget.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { companyBatchRows } from './generators/companies-incremental';
import { writeCompaniesCsv, writeCompanyRowsCsv } from './generators/companies-csv';
import { peakRssMB, resetCrm, run } from './bench-process';
import { formatCpuBudget, postgresCpuMeter, withCpuBudget, type CpuBudget } from './cpu-budget';
import { ensureDatabase } from '../db/ensure-database';
import { startDevServer } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const MAPPING = join(ROOT, 'mappings', 'bench-companies.json');
/**
 * The measured steps run the bin as `npx crmhub` does, through its shebang: its 512 MB heap, 2 MB
 * semi-spaces, --expose-gc and MALLOC_ARENA_MAX=2. Run as `node --max-old-space-size=N bin/crmhub.cjs`
 * (until 2026-12-06) they had none of the other three, and the 10k batch's import peaked at 307 MB
 * under a 1,400 MB heap.
 */
const AS_USERS = 'as-users';
const BENCH_URL = process.env.BENCH_MATCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_match';
const SEED = 4242;

export interface SpeedReport {
  records: number;
  batch: number;
  baseImport: { seconds: number; peakRssMB: number; counts: Record<string, number>; cpu: CpuBudget };
  /** `dedupe --dry-run`: finding the duplicates without writing (the part Splink's figure covers). */
  dryRun: { seconds: number; peakRssMB: number; summary: Record<string, unknown>; cpu: CpuBudget };
  dedupe: { seconds: number; peakRssMB: number; summary: Record<string, unknown>; cpu: CpuBudget };
  incremental: { importSeconds: number; matchSeconds: number; peakRssMB: number; summary: Record<string, unknown>; cpu: CpuBudget };
}

export async function runSpeedBenchmark(o: { records: number; batch: number; heapMB: number; log: (m: string) => void }): Promise<SpeedReport> {
  mkdirSync(OUT, { recursive: true });
  const base = join(OUT, `companies-${o.records}-s${SEED}.csv`);
  const batch = join(OUT, `companies-${o.records}-s${SEED}-batch${o.batch}.csv`);
  if (!existsSync(base)) {
    o.log(`generating ${base}`);
    await writeCompaniesCsv(base, { records: o.records, seed: SEED });
  }
  if (!existsSync(batch)) {
    o.log(`generating ${batch}`);
    await writeCompanyRowsCsv(batch, companyBatchRows({ seed: SEED, baseRecords: o.records, records: o.batch, newShare: 0.5 }));
  }
  await ensureDatabase(BENCH_URL);
  await resetCrm(BENCH_URL);
  const server = await startDevServer({});
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1' };
  const postgresCpu = await postgresCpuMeter(BENCH_URL);
  const crmhub = async (args: string[], heap: number | typeof AS_USERS) => {
    const r = await withCpuBudget(postgresCpu, () => crmhubCommand(args, env, heap));
    return { ...r, seconds: r.cpu.wallSeconds };
  };
  try {
    o.log(`1 importing ${o.records} accounts (--no-match)`);
    const b = await crmhub(['import', base, '--entity', 'accounts', '--mapping', MAPPING, '--no-match', '--json'], o.heapMB);
    const baseImport = { seconds: b.seconds, peakRssMB: b.peakRssMB, counts: b.json.counts, cpu: b.cpu };
    o.log(`  ${b.seconds.toFixed(1)} s, ${JSON.stringify(b.json.counts)}; CPU ${formatCpuBudget(b.cpu)}`);

    o.log(`2a crmhub dedupe --dry-run over ${o.records} accounts (finding the duplicates: read, train, block, score, cluster)`);
    // The dedupe runs as `npx crmhub` does, with the CLI's 512 MB: it re-runs itself with the heap
    // its record count needs (cli/heap-for-records.ts), and that heap is what its RSS comes from.
    const dry = await crmhub(['dedupe', '--entity', 'accounts', '--dry-run', '--json'], AS_USERS);
    o.log(`  ${dry.seconds.toFixed(1)} s, peak RSS ${Math.round(dry.peakRssMB)} MB, ${JSON.stringify(dry.json.ms)}; CPU ${formatCpuBudget(dry.cpu)}`);

    o.log(`2 crmhub dedupe --entity accounts over ${o.records} accounts`);
    const d = await crmhub(['dedupe', '--entity', 'accounts', '--json'], AS_USERS);
    o.log(`  ${d.seconds.toFixed(1)} s, peak RSS ${Math.round(d.peakRssMB)} MB, ${JSON.stringify(d.json.ms)}; CPU ${formatCpuBudget(d.cpu)}`);

    o.log(`3 importing a ${o.batch}-row batch with its match stage`);
    const i = await crmhub(['import', batch, '--entity', 'accounts', '--mapping', MAPPING, '--json'], AS_USERS);
    const ms = (i.json.match?.ms ?? {}) as Record<string, number>;
    const matchSeconds = Object.values(ms).reduce((s, x) => s + x, 0) / 1000;
    o.log(`  import ${i.seconds.toFixed(1)} s, of which matching ${matchSeconds.toFixed(1)} s ${JSON.stringify(ms)}; CPU of the whole import ${formatCpuBudget(i.cpu)}`);
    return {
      records: o.records, batch: o.batch, baseImport,
      dryRun: { seconds: dry.seconds, peakRssMB: dry.peakRssMB, summary: dry.json, cpu: dry.cpu },
      dedupe: { seconds: d.seconds, peakRssMB: d.peakRssMB, summary: d.json, cpu: d.cpu },
      incremental: { importSeconds: i.seconds, matchSeconds, peakRssMB: i.peakRssMB, summary: i.json.match ?? {}, cpu: i.cpu },
    };
  } finally {
    await server.stop();
  }
}

export function formatSpeedReport(r: SpeedReport): string {
  const d = r.dedupe.summary as { ms: Record<string, number>; candidatePairs: number; merges: number; recordsAbsorbed: number; reviewQueued: number; clusters: { auto: number; review: number } };
  const inc = r.incremental.summary as { ms: Record<string, number>; records: number; candidates: number; candidatePairs: number; merges: number; reviewQueued: number } | null;
  const phases = (ms: Record<string, number>) => Object.entries(ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
  return [
    '',
    `Matching speed (${r.records.toLocaleString('en')} generated accounts; targets: dedupe ≤ 120 s, 10k batch ≤ 10 s, RSS ≤ 1,536 MB)`,
    '| step | seconds | peak RSS MB | what | target | CPU (core-seconds: the command + PostgreSQL) |',
    '|---|---|---|---|---|---|',
    `| base import (--no-match, set-up) | ${r.baseImport.seconds.toFixed(1)} | ${Math.round(r.baseImport.peakRssMB)} | ${JSON.stringify(r.baseImport.counts)} | – | ${formatCpuBudget(r.baseImport.cpu)} |`,
    `| dedupe --dry-run (find duplicates: read, train, block, score, cluster) | ${r.dryRun.seconds.toFixed(1)} | ${Math.round(r.dryRun.peakRssMB)} | phases (s): ${phases((r.dryRun.summary as { ms: Record<string, number> }).ms)} | ${r.dryRun.seconds <= 120 && r.dryRun.peakRssMB <= 1536 ? 'PASS' : 'MISS'} | ${formatCpuBudget(r.dryRun.cpu)} |`,
    `| dedupe, whole CRM | ${r.dedupe.seconds.toFixed(1)} | ${Math.round(r.dedupe.peakRssMB)} | ${d.candidatePairs} candidate pairs; ${d.clusters.auto} auto clusters → ${d.merges} merges absorbing ${d.recordsAbsorbed}; ${d.reviewQueued} review pairs; phases (s): ${phases(d.ms)} | ${r.dedupe.seconds <= 120 && r.dedupe.peakRssMB <= 1536 ? 'PASS' : 'MISS'} | ${formatCpuBudget(r.dedupe.cpu)} |`,
    `| ${r.batch}-row batch: match stage | ${r.incremental.matchSeconds.toFixed(1)} | ${Math.round(r.incremental.peakRssMB)} (whole import) | ${inc ? `${inc.records} records vs ${inc.candidates} candidates, ${inc.candidatePairs} pairs, ${inc.merges} merges, ${inc.reviewQueued} review pairs; phases (s): ${phases(inc.ms)}` : 'no match summary'} | ${r.incremental.matchSeconds <= 10 ? 'PASS' : 'MISS'} | |`,
    `| ${r.batch}-row batch: whole import | ${r.incremental.importSeconds.toFixed(1)} | | load + match + finalize, process start included | – | ${formatCpuBudget(r.incremental.cpu)} |`,
  ].join('\n');
}


/** The parts of `crmhub import --json` / `crmhub dedupe --json` this bench reads. */
interface CrmhubJson extends Record<string, unknown> {
  counts: Record<string, number>;
  ms: Record<string, number>;
  match: (Record<string, unknown> & { ms?: Record<string, number> }) | null;
}

/** A crmhub command, run as users run it (AS_USERS) or, for the set-up, under node with a heap of heapMB. */
async function crmhubCommand(args: string[], env: NodeJS.ProcessEnv, heap: number | typeof AS_USERS): Promise<{ peakRssMB: number; json: CrmhubJson; stderr: string }> {
  const bin = join(ROOT, 'bin', 'crmhub.cjs');
  const { stdout, stderr } = heap === AS_USERS ? await run(bin, args, env) : await run(process.execPath, [`--max-old-space-size=${heap}`, bin, ...args], env);
  return { peakRssMB: peakRssMB(stderr), json: JSON.parse(stdout) as CrmhubJson, stderr };
}

