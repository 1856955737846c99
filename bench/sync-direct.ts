/**
 * node [--cpu-prof] bin/run-ts.cjs bench/sync-direct.ts [--invoices N] [--generate] [--statements] [--page-size N] [--rows-only]
 *
 * Profiling harness for the sync's load path, without Temporal: planSync + syncStream +
 * finishSyncStream of accounts, invoices and invoice lines (no match stage) in this process,
 * against BENCH_DATABASE_URL (rebuilt first) and the ERP database BENCH_ERP_DB in BENCH_MARIADB_URL
 * (`--generate` builds it with N invoices first, as bench:sync does). Prints each stream's wall
 * time, lines/s and load-loop phases, and with `--statements` the statements that took the most
 * time in total (knex query events: wall time from send to reply, so overlapped statements each
 * count their own). `--rows-only` runs only the Node side of the invoice-lines stream (read from
 * MariaDB, row schema, hash, COPY text; nothing sent to PostgreSQL), the harness for CPU profiles.
 * Used for docs/performance-log.md; `npm run bench:sync` is the benchmark.
 */
import mysql from 'mysql2/promise';
import type { Knex } from 'knex';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { planSync } from '../activities/sync/plan-sync';
import { syncStream } from '../activities/sync/sync-stream';
import { finishSyncStream } from '../activities/sync/finish-stream';
import { resetCrm } from './bench-process';
import { createErpDatabase, erpSourceConfig } from './generators/erp-mariadb';
import { sqlStreamReader } from '../activities/sync/readers/sql-reader';
import { loadRowContext } from '../activities/pipeline/row-context-loader';
import { createRowProcessor } from '../activities/pipeline/row-processor';
import { Batch } from '../activities/pipeline/batch';
import { ENTITY_TARGETS } from '../activities/pipeline/targets';
import { getLocaleProfile } from '../domain/normalize';

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_sync';
const MARIADB_URL = process.env.BENCH_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
const ERP_DB = process.env.BENCH_ERP_DB || 'crmhub_bench_erp';
const SOURCE = 'bench_erp';
const PAGE_SIZE = argValue('page-size') ? Number(argValue('page-size')) : undefined;

async function main() {
  if (process.argv.includes('--generate')) {
    const admin = await mysql.createConnection({ uri: MARIADB_URL, multipleStatements: true });
    try {
      const erp = await createErpDatabase(admin, ERP_DB, { invoices: Number(argValue('invoices') ?? 20_000) });
      log(`ERP ${ERP_DB}: ${JSON.stringify(erp)}`);
    } finally {
      await admin.end();
    }
  }
  await ensureDatabase(URL);
  if (process.argv.includes('--rows-only')) {
    await rowsOnly();
    return;
  }
  await resetCrm(URL);
  const db = createDb(URL);
  const statements = new Map<string, { n: number; ms: number }>();
  if (process.argv.includes('--statements')) watchStatements(db, statements);
  try {
    await db('source_systems').insert({
      code: SOURCE, label: SOURCE, kind: 'erp', connector_code: 'sql',
      config: JSON.stringify(erpSourceConfig('BENCH_ERP_URL', { streams: ['accounts', 'invoices', 'invoice_lines'], ...(PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}) })),
      settings: JSON.stringify({ defaultCountry: 'ES', timezone: 'Europe/Madrid', locale: 'en-GB' }), is_active: true,
    });
    const env = { ...process.env, BENCH_ERP_URL: `${MARIADB_URL}/${ERP_DB}` };
    const plan = await planSync(db, { source: SOURCE }, { workflowId: 'direct', runId: 'direct' });
    for (const s of plan.runs) {
      const timings: Record<string, number> = {};
      const t0 = performance.now();
      const counts = await syncStream({ db, env, timings }, s.runId);
      await finishSyncStream(db, s.runId);
      const seconds = (performance.now() - t0) / 1000;
      log(`${s.stream}: ${counts.read} rows in ${seconds.toFixed(1)} s = ${Math.round(counts.read / seconds)}/s; ${JSON.stringify(counts)}`);
      log(`  phases ms: ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    }
    if (statements.size) {
      const top = [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
      for (const [sql, s] of top) log(`  ${Math.round(s.ms).toString().padStart(7)} ms ${String(s.n).padStart(5)}× ${sql}`);
    }
    log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await db.destroy();
  }
}

/** The Node side of the invoice-lines stream alone: read → row schema → hash → COPY text. */
async function rowsOnly(): Promise<void> {
  const db = createDb(URL);
  const config = erpSourceConfig('BENCH_ERP_URL', { streams: ['invoice_lines'], ...(PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}) });
  const reader = sqlStreamReader(config, { BENCH_ERP_URL: `${MARIADB_URL}/${ERP_DB}` });
  try {
    const rc = await loadRowContext(db, { locale: 'en-GB', defaultCountry: 'ES', date1904: false });
    rc.profile = { ...getLocaleProfile('en-GB'), defaultCountry: 'ES' };
    const target = ENTITY_TARGETS.invoice_lines;
    const processRow = createRowProcessor({ target, rc, origin: reader.origin, strict: [] });
    const shape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let batch = new Batch(shape);
    let n = 0;
    let chars = 0;
    for await (const item of reader.rows('invoice_lines', null, 1)) {
      if ('boundary' in item) {
        for (const l of batch.lines()) chars += l.length;
        batch = new Batch(shape);
        continue;
      }
      n++;
      batch.add(item, processRow(item));
    }
    for (const l of batch.lines()) chars += l.length;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    log(`rows only: ${n} lines in ${seconds.toFixed(1)} s = ${Math.round(n / seconds)}/s, ${chars} COPY chars; CPU of the loop ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s = ${((cpu.user + cpu.system) / n).toFixed(1)} µs a line, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await reader.close();
    await db.destroy();
  }
}

/** Statement wall time by statement text (staging table names folded), from knex's query events. */
function watchStatements(db: Knex, into: Map<string, { n: number; ms: number }>): void {
  const started = new Map<string, number>();
  db.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  db.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t0 = started.get(q.__knexQueryUid);
    if (t0 === undefined) return;
    started.delete(q.__knexQueryUid);
    const key = q.sql.replace(/crmhub_(stage|seen)_[0-9_]+/g, 'crmhub_$1_N').replace(/\s+/g, ' ').slice(0, 160);
    const s = into.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += performance.now() - t0;
    into.set(key, s);
  });
}

const log = (m: string) => process.stderr.write(`[direct] ${m}\n`);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
