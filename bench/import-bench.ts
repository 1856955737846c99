/**
 * npm run bench:import [-- --rows 1000000 --xlsx-rows 100000]
 *
 * Import speed and memory, as figures and ratios measured in ONE run on this machine:
 *   B    psql \copy of the CSV into an UNLOGGED all-text table (the baseline rate);
 *   1    first import of the seeded CSV into an empty CRM;
 *   2    the same CSV again (every row unchanged);
 *   3    a copy with 1% of rows changed (only those must be written);
 *   4    first import of a seeded XLSX into an empty CRM;
 *   M    first import of the CSV with the match stage on, as a user runs it: `crmhub import` with no
 *        Temporal configured (its own ephemeral server, an in-process worker, the bin's heap cap),
 *        measuring the peak RSS of the whole command's process tree (target ≤ 350 MB) and the time
 *        of the match stage. `--match-only` runs B and M only; `--match-rows N` sizes M's file.
 * Each import runs as `crmhub import` in its own process (a worker in-process, against one
 * Temporal dev server), so its peak RSS is the import's own. Temporal's share is the workflow's
 * duration minus the time inside activities, read from the workflow history.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { writeAccountsCsv } from './generators/accounts-csv';
import { writeAccountsXlsx } from './generators/accounts-xlsx';
import { createDb } from '../db/config';
import { peakRssMB, resetCrm, run, runSampled } from './bench-process';
import { ensureDatabase } from '../db/ensure-database';
import { startDevServer } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 1_000_000);
const XLSX_ROWS = arg('xlsx-rows', 100_000);
const MATCH_ROWS = arg('match-rows', ROWS);
const MATCH_ONLY = process.argv.includes('--match-only');
const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench';
const MAPPING = join(ROOT, 'mappings', 'bench-accounts.json');

interface CaseResult {
  case: string; rows: number; seconds: number; rowsPerSec: number; ratioToCopy: number; peakRssMB: number;
  temporalShare: number; counts: Record<string, number>; phaseMs: Record<string, number> | null; commandSeconds: number;
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
  const copyRate = baselineCopy(csv);
  log(`B: psql \\copy ${ROWS} rows in ${copyRate.seconds.toFixed(2)} s = ${Math.round(copyRate.rowsPerSec)} rows/s`);

  const server = await startDevServer({});
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const results: CaseResult[] = [];
  try {
    await resetCrm(BENCH_URL);
    results.push(await importCase('1 CSV first import', csv, ROWS, copyRate.rowsPerSec, server.address, client, []));
    results.push(await importCase('2 CSV unchanged re-import', csv, ROWS, copyRate.rowsPerSec, server.address, client, ['--force']));
    results.push(await importCase(`3 CSV 1% changed (${changedRows} rows)`, changed, ROWS, copyRate.rowsPerSec, server.address, client, []));
    await resetCrm(BENCH_URL);
    results.push(await importCase('4 XLSX first import', xlsx, XLSX_ROWS, copyRate.rowsPerSec, server.address, client, []));
  } finally {
    await connection.close();
    await server.stop();
  }
  await resetCrm(BENCH_URL);
  const matchCase = await matchStageCase(csv, ROWS);
  printTable(copyRate, results);
  process.stdout.write(`\nM (match stage on, whole command): ${JSON.stringify(matchCase)}\n`);
  const file = join(OUT, `import-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ rows: ROWS, xlsxRows: XLSX_ROWS, changedRows, baseline: copyRate, results }, null, 2));
  log(`results saved to ${file}`);
}

function baselineCopy(csv: string): { seconds: number; rowsPerSec: number } {
  const psql = (sql: string) => execFileSync('psql', [BENCH_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
  const cols = Array.from({ length: 13 }, (_, i) => `c${i} text`).join(', ');
  psql(`DROP TABLE IF EXISTS bench_copy_baseline; CREATE UNLOGGED TABLE bench_copy_baseline (${cols})`);
  const t0 = performance.now();
  psql(`\\copy bench_copy_baseline FROM '${csv}' WITH (FORMAT csv, DELIMITER ';', HEADER true)`);
  const seconds = (performance.now() - t0) / 1000;
  psql('DROP TABLE bench_copy_baseline');
  return { seconds, rowsPerSec: ROWS / seconds };
}


async function importCase(name: string, file: string, rows: number, copyRowsPerSec: number, address: string, client: Client, extra: string[]): Promise<CaseResult> {
  log(`${name}: crmhub import ${file}`);
  const t0 = performance.now();
  const { stdout, stderr } = await run(process.execPath, ['--max-old-space-size=512', join(ROOT, 'bin', 'crmhub.cjs'), 'import', file, '--entity', 'accounts', '--mapping', MAPPING, '--json', ...extra], {
    ...process.env, TEMPORAL_ADDRESS: address, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1',
  });
  const commandSeconds = (performance.now() - t0) / 1000;
  const report = JSON.parse(stdout);
  const timing = await workflowTiming(client, report.workflowId);
  const db = createDb(BENCH_URL);
  const ledger = await db('sync_runs').where({ id: report.runId }).first('phase_ms');
  await db.destroy();
  const r: CaseResult = {
    case: name, rows, seconds: timing.workflowSeconds, rowsPerSec: rows / timing.workflowSeconds,
    ratioToCopy: rows / timing.workflowSeconds / copyRowsPerSec, peakRssMB: peakRssMB(stderr),
    temporalShare: timing.temporalShare, counts: report.counts, phaseMs: ledger?.phase_ms ?? null, commandSeconds,
  };
  log(`  ${Math.round(r.rowsPerSec)} rows/s (${pct(r.ratioToCopy)} of \\copy), peak RSS ${Math.round(r.peakRssMB)} MB, Temporal ${pct(r.temporalShare)}, counts ${JSON.stringify(r.counts)}`);
  return r;
}

interface MatchCaseResult { rows: number; commandSeconds: number; matchStageSeconds: number; peakTreeRssMB: number; peakCommandRssMB: number; counts: Record<string, number>; match: unknown }

/** Case M: `crmhub import` as a user runs it, no Temporal configured, the match stage on. */
async function matchStageCase(file: string, rows: number): Promise<MatchCaseResult> {
  log(`M: crmhub import ${file} (match stage on, ephemeral Temporal server, bin heap cap)`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: BENCH_URL, CRMHUB_PRINT_RESOURCE_USAGE: '1', CRMHUB_DEV_SERVER_ADDRESS: '127.0.0.1:9' };
  delete env.TEMPORAL_ADDRESS;
  const t0 = performance.now();
  const { stdout, stderr, peakTreeMB } = await runSampled(process.execPath, [join(ROOT, 'bin', 'crmhub.cjs'), 'import', file, '--entity', 'accounts', '--mapping', MAPPING, '--json'], env);
  const commandSeconds = (performance.now() - t0) / 1000;
  const report = JSON.parse(stdout);
  const db = createDb(BENCH_URL);
  // The stage's wall time: its preparation (survivorship, profiles) plus first to last chunk.
  const { rows: [w] } = await db.raw(
    `SELECT extract(epoch FROM max(c.done_at) - min(h.done_at)) AS chunks_s, (h.result->'ms'->>'survivorship')::int + (h.result->'ms'->>'profiles')::int AS prep_ms
       FROM work_chunks h JOIN work_chunks c ON c.job = h.job AND c.chunk_no >= 0 WHERE h.job = ? AND h.chunk_no = -1 GROUP BY h.result`,
    [`import-match:${report.runId}`],
  );
  await db.destroy();
  const r: MatchCaseResult = {
    rows, commandSeconds, matchStageSeconds: Number(w?.chunks_s ?? 0) + Number(w?.prep_ms ?? 0) / 1000,
    peakTreeRssMB: Math.round(peakTreeMB), peakCommandRssMB: Math.round(peakRssMB(stderr)), counts: report.counts, match: report.match,
  };
  log(`  M: ${rows} rows, command ${commandSeconds.toFixed(1)} s, match stage ${r.matchStageSeconds.toFixed(1)} s, peak RSS whole command ${r.peakTreeRssMB} MB (the CLI process alone ${r.peakCommandRssMB} MB)`);
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
    `| case | rows | s | rows/s | vs \\copy | peak RSS MB | Temporal share | counts |`,
    `|---|---|---|---|---|---|---|---|`,
    `| B psql \\copy → unlogged text table | ${ROWS} | ${b.seconds.toFixed(2)} | ${Math.round(b.rowsPerSec)} | 100% | – | – | – |`,
    ...rs.map((r) => `| ${r.case} | ${r.rows} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSec)} | ${pct(r.ratioToCopy)} | ${Math.round(r.peakRssMB)} | ${pct(r.temporalShare)} | ${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ')} |`),
    '',
    'Where the load time went (ms, per case): rows = read + validate + normalize + encode on the Node thread; merge = resolve + upsert in PostgreSQL (overlaps the next batch\'s rows); wait_* = Node waiting for PostgreSQL.',
    ...rs.map((r) => `- ${r.case}: ${JSON.stringify(r.phaseMs)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
