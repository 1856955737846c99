/**
 * npm run bench:import [-- --rows 1000000 --xlsx-rows 100000 --json <file> --cases 1n,1,2,3,4,m]
 *
 * Import speed and memory, as figures and ratios measured in ONE run on this machine:
 *   B    psql \copy of the CSV into an UNLOGGED all-text table (the baseline rate);
 *   1n   first import of the seeded CSV into an empty CRM with `--no-match` (load path only);
 *   1    first import of the seeded CSV into an empty CRM (match stage on);
 *   2    the same CSV again (every row unchanged);
 *   3    a copy with 1% of rows changed (only those must be written);
 *   4    first import of a seeded XLSX into an empty CRM;
 *   m    first import of the CSV with the match stage on, as a user runs it: `crmhub import` with no
 *        Temporal configured (its own ephemeral server, an in-process worker, the bin run as npx runs it),
 *        measuring the command's peak RSS over its whole run (issue 8's target: ≤ 350 MB), the peak of
 *        its process tree with the ephemeral server, and the time of the match stage. `--match-only`
 *        runs B and M only; `--match-rows N` sizes M's file.
 *   f    floors, after 1n (whose output it reads): the least work of a case, timed alone. Case 1n's
 *        rows `\copy`'d into an empty CRM's accounts and source_records (one COPY at a time, then all
 *        at once), and the readers alone (csv-parse, crmhub's CSV reader, SheetJS and crmhub's
 *        streamed reader on the XLSX). A floor below a target's ratio rules the target out here
 *        (floor-table.ts).
 * Each import runs as `crmhub import` in its own process (a worker in-process, against one
 * Temporal dev server), so its peak RSS is the import's own. Temporal's share is the workflow's
 * duration minus the time inside activities, read from the workflow history.
 * `--json <file>` writes the figures as JSON there (default: bench/out/import-bench-<time>.json);
 * `--no-match` skips the match stage in every case. `--cases` runs a subset (the baseline B always runs). `--variants "a:K=V;b:K=V2"` runs the cases
 * once per variant with those environment variables set for `crmhub import` (A/B comparisons in
 * one run, e.g. `--variants "thread:CRMHUB_ROW_WORKER=0;worker:CRMHUB_ROW_WORKER=1"`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { writeAccountsCsv } from './generators/accounts-csv';
import { writeAccountsXlsx } from './generators/accounts-xlsx';
import { createDb } from '../db/config';
import { copyBaseline, peakRssMB, resetCrm, run, runSampled } from './bench-process';
import { formatCpuBudget, postgresCpuMeter, withCpuBudget, type CpuBudget } from './cpu-budget';
import { ensureDatabase } from '../db/ensure-database';
import { startDevServer } from '../temporal/dev-server';
import { floorTable, floorVerdict, type Floor } from './floor-table';
import { csvParseFloor, sheetJsFloor, spreadsheetReaderFloor } from './reader-floor';
import { measureWriteFloor } from './write-floor';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 1_000_000);
const strArg = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] ?? null : null;
};
// m: the whole command as a user runs it, match stage on, ephemeral server (issue 8 §6).
const CASES = new Set((strArg('cases') ?? '1n,f,1,2,3,4,m').split(','));
const VARIANTS: { name: string; env: Record<string, string> }[] = (strArg('variants') ?? '').split(';').filter(Boolean).map((v) => {
  const [name, vars = ''] = v.split(':');
  return { name: name!, env: Object.fromEntries(vars.split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string])) };
});
if (VARIANTS.length === 0) VARIANTS.push({ name: '', env: {} });
/** `--no-match`: every import skips the match stage (the load path alone). */
const NO_MATCH = process.argv.includes('--no-match') ? ['--no-match'] : [];
const XLSX_ROWS = arg('xlsx-rows', 100_000);
const MATCH_ROWS = arg('match-rows', ROWS);
const MATCH_ONLY = process.argv.includes('--match-only');
const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench';
const MAPPING = join(ROOT, 'mappings', 'bench-accounts.json');
/** Case f's scratch CRM (write-floor.ts). */
const FLOOR_URL = `${BENCH_URL}_floor`;

interface CaseResult {
  case: string; env: Record<string, string>; loadAverage: number; rows: number; seconds: number; rowsPerSec: number; ratioToCopy: number; peakRssMB: number;
  temporalShare: number; counts: Record<string, number>; phaseMs: Record<string, number> | null; commandSeconds: number;
  /** Over the whole command (commandSeconds), not only the workflow's time. */
  cpu: CpuBudget;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  if (MATCH_ONLY) {
    const matchCsv = join(OUT, `accounts-${MATCH_ROWS}-s42.csv`);
    if (!existsSync(matchCsv)) { log(`generating ${matchCsv}`); await writeAccountsCsv(matchCsv, { rows: MATCH_ROWS, seed: 42 }); }
    await ensureDatabase(BENCH_URL);
    await resetCrm(BENCH_URL);
    const m = await matchStageCase(matchCsv, MATCH_ROWS);
    const file = join(OUT, `import-bench-match-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(m, null, 2));
    log(`results saved to ${file}`);
    return;
  }
  const csv = join(OUT, `accounts-${ROWS}-s42.csv`);
  const changed = join(OUT, `accounts-${ROWS}-s42-changed1pct.csv`);
  const xlsx = join(OUT, `accounts-${XLSX_ROWS}-s42.xlsx`);
  let changedRows = Math.round(ROWS * 0.01);
  if (!existsSync(csv)) { log(`generating ${csv}`); await writeAccountsCsv(csv, { rows: ROWS, seed: 42 }); }
  if (!existsSync(changed)) { log(`generating ${changed}`); changedRows = await writeAccountsCsv(changed, { rows: ROWS, seed: 42, changedFraction: 0.01, changeSeed: 7 }); }
  if (!existsSync(xlsx)) { log(`generating ${xlsx}`); writeAccountsXlsx(xlsx, { rows: XLSX_ROWS, seed: 42 }); }

  await ensureDatabase(BENCH_URL);
  const copyRate = copyBaseline(BENCH_URL, csv, ROWS);
  log(`B: psql \\copy ${ROWS} rows in ${copyRate.seconds.toFixed(2)} s = ${Math.round(copyRate.rowsPerSec)} rows/s`);

  if (CASES.has('f') && !CASES.has('1n')) throw new Error("case f (floors) reads case 1n's output: run it with 1n");
  const results: CaseResult[] = [];
  let matchCase: MatchCaseResult | null = null;
  let floors: Floor[] = [];
  const file = strArg('json') ?? join(OUT, `import-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const save = () => {
    const machine = { cpus: cpus().length, loadAverageAtEnd: loadavg(), node: process.version };
    const floorFigures = floors.map((f) => ({ ...f, ...floorVerdict(f, copyRate.rowsPerSec) }));
    writeFileSync(file, JSON.stringify({ rows: ROWS, xlsxRows: XLSX_ROWS, changedRows, machine, baseline: copyRate, results, floors: floorFigures, matchCase }, null, 2));
  };
  for (const variant of VARIANTS) {
    // A Temporal server per variant: the same file imported again after a reset would otherwise
    // join the previous variant's completed workflow (same workflow id) instead of running.
    const server = await startDevServer({});
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    try {
      const go = async (name: string, file: string, rows: number, extra: string[]) => {
        const label = variant.name ? `[${variant.name}] ${name}` : name;
        results.push(await importCase(NO_MATCH.length ? `${label} (--no-match)` : label, file, rows, copyRate.rowsPerSec, server.address, client, [...new Set([...extra, ...NO_MATCH])], variant.env));
        save(); // after every case: a run stopped halfway still leaves its figures
      };
      if (CASES.has('1n')) {
        await resetCrm(BENCH_URL);
        await go('1n CSV first import, --no-match', csv, ROWS, ['--no-match']);
        if (CASES.has('f') && variant === VARIANTS[0]) {
          floors = await importFloors(csv, xlsx, copyRate.rowsPerSec);
          save();
        }
      }
      if (CASES.has('1') || CASES.has('2') || CASES.has('3')) {
        await resetCrm(BENCH_URL);
        await go('1 CSV first import', csv, ROWS, ['--force']);
      }
      if (CASES.has('2')) await go('2 CSV unchanged re-import', csv, ROWS, ['--force']);
      if (CASES.has('3')) await go(`3 CSV 1% changed (${changedRows} rows)`, changed, ROWS, ['--force']);
      if (CASES.has('4')) {
        await resetCrm(BENCH_URL);
        await go('4 XLSX first import', xlsx, XLSX_ROWS, ['--force']);
      }
    } finally {
      await connection.close();
      await server.stop();
    }
  }
  if (CASES.has('m')) {
    await resetCrm(BENCH_URL);
    matchCase = await matchStageCase(csv, ROWS);
  }
  printTable(copyRate, results);
  if (floors.length) process.stdout.write(`\n${floorTable('B (\\copy)', copyRate.rowsPerSec, floors).join('\n')}\n`);
  if (matchCase) process.stdout.write(`\nM (match stage on, whole command): ${JSON.stringify(matchCase)}\n`);
  save();
  log(`results saved to ${file}`);
}



async function importCase(name: string, file: string, rows: number, copyRowsPerSec: number, address: string, client: Client, extra: string[], env: Record<string, string>): Promise<CaseResult> {
  log(`${name}: crmhub import ${file}`);
  // The bin itself, as `npx crmhub` runs it: its shebang's heap cap and malloc settings.
  const { stdout, stderr, cpu } = await withCpuBudget(await postgresCpuMeter(BENCH_URL), () => run(join(ROOT, 'bin', 'crmhub.cjs'), ['import', file, '--entity', 'accounts', '--mapping', MAPPING, '--json', ...extra], {
    ...process.env, ...env, TEMPORAL_ADDRESS: address, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1',
  }));
  const commandSeconds = cpu.wallSeconds;
  const report = JSON.parse(stdout);
  const timing = await workflowTiming(client, report.workflowId);
  const db = createDb(BENCH_URL);
  const ledger = await db('sync_runs').where({ id: report.runId }).first('phase_ms');
  await db.destroy();
  const r: CaseResult = {
    case: name, env, loadAverage: loadavg()[0]!, rows, seconds: timing.workflowSeconds, rowsPerSec: rows / timing.workflowSeconds,
    ratioToCopy: rows / timing.workflowSeconds / copyRowsPerSec, peakRssMB: peakRssMB(stderr),
    temporalShare: timing.temporalShare, counts: report.counts, phaseMs: ledger?.phase_ms ?? null, commandSeconds, cpu,
  };
  log(`  ${Math.round(r.rowsPerSec)} rows/s (${pct(r.ratioToCopy)} of \\copy), peak RSS ${Math.round(r.peakRssMB)} MB, Temporal ${pct(r.temporalShare)}, counts ${JSON.stringify(r.counts)}`);
  log(`  CPU over the command's ${commandSeconds.toFixed(1)} s: ${formatCpuBudget(cpu)}`);
  return r;
}

/**
 * Case f: case 1n's rows loaded again by `\copy` into an empty CRM (write-floor.ts), then each
 * reader alone (reader-floor.ts), each against the target it bounds.
 */
async function importFloors(csv: string, xlsx: string, copyRowsPerSec: number): Promise<Floor[]> {
  log("F: case 1n's rows \\copy'd into an empty CRM, then the readers alone");
  const w = await measureWriteFloor({
    from: BENCH_URL, to: FLOOR_URL, dir: join(OUT, 'floor-import'),
    untimed: ['source_systems', 'sync_runs'], timed: [['accounts', 'source_records']],
  });
  const firstImport = { name: '1 and 1n, first import ≥ 10%', ratio: 0.10 };
  const reImport = { name: '2 unchanged re-import ≥ 15% (3: ≥ 14%)', ratio: 0.15 };
  const xlsxImport = { name: '4 XLSX first import ≥ 3%', ratio: 0.03 };
  const written = `accounts (${w.rows.accounts}) and source_records (${w.rows.source_records}) \\copy'd`;
  const floors: Floor[] = [
    { what: `${written}, one COPY at a time`, rows: ROWS, seconds: w.oneConnection, target: firstImport },
    { what: `${written}, all at once (4 connections)`, rows: ROWS, seconds: w.allAtOnce, target: firstImport },
  ];
  for (const read of [await csvParseFloor(csv, ';'), await spreadsheetReaderFloor(csv, "crmhub's CSV reader alone")]) {
    floors.push({ what: `${read.reader}, the CSV`, rows: read.rows, seconds: read.seconds, target: reImport });
  }
  for (const read of [sheetJsFloor(xlsx), await spreadsheetReaderFloor(xlsx, "crmhub's streamed XLSX reader alone")]) {
    floors.push({ what: `${read.reader}, the XLSX`, rows: read.rows, seconds: read.seconds, target: xlsxImport });
  }
  for (const f of floors) log(`  ${f.what}: ${f.seconds.toFixed(2)} s, ${floorVerdict(f, copyRowsPerSec).text}`);
  return floors;
}

interface MatchCaseResult {
  rows: number; commandSeconds: number; matchStageSeconds: number; peakTreeRssMB: number; peakCommandRssMB: number; counts: Record<string, number>; match: unknown;
  cpu: CpuBudget;
  /** When and where: a shared machine's load decides the times (not the memory). */
  measuredAt: string; machine: { cpus: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
}

/** Case M: `crmhub import` as a user runs it, no Temporal configured, the match stage on. */
async function matchStageCase(file: string, rows: number): Promise<MatchCaseResult> {
  log(`M: crmhub import ${file} (match stage on, ephemeral Temporal server, bin heap cap)`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1', CRMHUB_DEV_SERVER_ADDRESS: '127.0.0.1:9' };
  delete env.TEMPORAL_ADDRESS;
  const measuredAt = new Date().toISOString();
  const loadAverageAtStart = loadavg();
  const { stdout, stderr, peakTreeMB, cpu } = await withCpuBudget(await postgresCpuMeter(BENCH_URL), () => runSampled(join(ROOT, 'bin', 'crmhub.cjs'), ['import', file, '--entity', 'accounts', '--mapping', MAPPING, '--json'], env));
  const commandSeconds = cpu.wallSeconds;
  const report = JSON.parse(stdout);
  const db = createDb(BENCH_URL);
  // The stage's wall time: its preparation (survivorship, the profile sync) plus first to last
  // chunk. The sync's time is `sync_profiles` in the header (match-after-import.ts): read as
  // `profiles`, which the header has not had since 2026-12-04, it was null and left out (≈ 40 s
  // of a 1M-row first import's stage).
  const { rows: [w] } = await db.raw(
    `SELECT extract(epoch FROM max(c.done_at) - min(h.done_at)) AS chunks_s,
            coalesce((h.result->'ms'->>'survivorship')::int, 0) + coalesce((h.result->'ms'->>'sync_profiles')::int, 0) AS prep_ms
       FROM work_chunks h JOIN work_chunks c ON c.job = h.job AND c.chunk_no >= 0 WHERE h.job = ? AND h.chunk_no = -1 GROUP BY h.result`,
    [`import-match:${report.runId}`],
  );
  await db.destroy();
  const r: MatchCaseResult = {
    rows, commandSeconds, matchStageSeconds: Number(w?.chunks_s ?? 0) + Number(w?.prep_ms ?? 0) / 1000,
    peakTreeRssMB: Math.round(peakTreeMB), peakCommandRssMB: Math.round(peakRssMB(stderr)), counts: report.counts, match: report.match, cpu,
    measuredAt, machine: { cpus: cpus().length, node: process.version, loadAverageAtStart, loadAverageAtEnd: loadavg() },
  };
  log(`  M: ${rows} rows, command ${commandSeconds.toFixed(1)} s, match stage ${r.matchStageSeconds.toFixed(1)} s, peak RSS of the command ${r.peakCommandRssMB} MB over its whole run (with its ephemeral Temporal dev server: ${r.peakTreeRssMB} MB)`);
  log(`  CPU over the command: ${formatCpuBudget(cpu)}`);
  log(`  match summary ${JSON.stringify(report.match)}`);
  return r;
}

/** Workflow duration and the part of it not spent inside activities (scheduling, queues, history). */
async function workflowTiming(client: Client, workflowId: string): Promise<{ workflowSeconds: number; temporalShare: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const ms = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  const started = new Map<number, number>();
  let inActivities = 0;
  for (const e of events) {
    if (e.activityTaskStartedEventAttributes) started.set(Number(e.activityTaskStartedEventAttributes.scheduledEventId), ms(e));
    const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
    if (done) inActivities += ms(e) - (started.get(Number(done.scheduledEventId)) ?? ms(e));
  }
  const total = ms(events[events.length - 1]!) - ms(events[0]!);
  return { workflowSeconds: total / 1000, temporalShare: (total - inActivities) / total };
}


function printTable(b: { seconds: number; rowsPerSec: number }, rs: CaseResult[]): void {
  const lines = [
    '',
    `| case | rows | s | rows/s | vs \\copy | peak RSS MB | Temporal share | load avg | counts |`,
    `|---|---|---|---|---|---|---|---|---|`,
    `| B psql \\copy → unlogged text table | ${ROWS} | ${b.seconds.toFixed(2)} | ${Math.round(b.rowsPerSec)} | 100% | – | – | – | – |`,
    ...rs.map((r) => `| ${r.case} | ${r.rows} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSec)} | ${pct(r.ratioToCopy)} | ${Math.round(r.peakRssMB)} | ${pct(r.temporalShare)} | ${r.loadAverage.toFixed(1)} | ${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ')} |`),
    '',
    'Where the load time went (ms, per case): rows = read + validate + normalize + encode on the Node thread; merge = resolve + upsert in PostgreSQL (overlaps the next batch\'s rows); wait_* = Node waiting for PostgreSQL.',
    ...rs.map((r) => `- ${r.case}: ${JSON.stringify(r.phaseMs)}`),
    '',
    'CPU over each whole command (cpu-budget.ts): a case whose cores are all busy gets faster only by doing less, not by overlapping more.',
    ...rs.map((r) => `- ${r.case}: ${r.commandSeconds.toFixed(1)} s, ${formatCpuBudget(r.cpu)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
