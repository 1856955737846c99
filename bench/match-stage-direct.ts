/**
 * node bin/run-ts.cjs bench/match-stage-direct.ts --template <db> [--chunk 2000] [--run <id>] [--keep]
 *
 * Profiling harness for an import's match stage, without Temporal: copies the template database
 * (a CRM whose last import ran with `--no-match`, so its records wait for their stage), then runs
 * `matchAfterImport` on that import's run in this process and prints the stage's phases, its
 * counts, wall time, peak RSS and the WAL written meanwhile (`walMB`). Every try starts from the
 * same copy, so tries of two versions of the code (or two templates) can be alternated. How the
 * template for docs/performance-log.md was made: the 1M-row
 * seeded companies file imported with `--no-match`, `crmhub dedupe`, then the 10k batch
 * (bench/generators/companies-incremental) imported with `--no-match`. `--statements` prints the
 * stage's slowest statements from pg_stat_statements (the server must preload it).
 */
import { createDb } from '../db/config';
import { matchAfterImport } from '../activities/match/match-after-import';
import { cloneTemplate, databaseUrl, dropDatabase } from './clone-template';
import { resetStatementStats, slowestStatements } from './statement-stats';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const template = arg('template');
  if (!template || !/^\w+$/.test(template)) throw new Error('usage: match-stage-direct.ts --template <db> [--chunk n] [--run id] [--keep]');
  const copy = `${template}_try`;
  const t0 = performance.now();
  await cloneTemplate(template, copy);
  const cloneSeconds = (performance.now() - t0) / 1000;
  const db = createDb(databaseUrl(copy));
  try {
    const runId = Number(arg('run') ?? (await db('sync_runs').max<{ max: number }[]>('id as max'))[0]!.max);
    const chunk = arg('chunk');
    const statements = process.argv.includes('--statements');
    if (statements) await resetStatementStats(db);
    const lsn = async () => (await db.raw<{ rows: { lsn: string }[] }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
    const wal0 = await lsn();
    const t1 = performance.now();
    const summary = await matchAfterImport({ db, ...(chunk ? { chunkSize: Number(chunk) } : {}) }, runId);
    const seconds = (performance.now() - t1) / 1000;
    // The WAL the whole server wrote meanwhile (the stage is alone on a bench machine).
    const { rows: [wal] } = await db.raw<{ rows: { bytes: string }[] }>('SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn) AS bytes', [await lsn(), wal0]);
    const walMB = Math.round(Number(wal!.bytes) / 2 ** 20);
    const { ms, ...counts } = summary ?? { ms: {} };
    const stageSeconds = Object.values(ms).reduce((s, x) => s + x, 0) / 1000;
    process.stdout.write(`${JSON.stringify({
      runId, cloneSeconds: +cloneSeconds.toFixed(1), seconds: +seconds.toFixed(2), stageSeconds: +stageSeconds.toFixed(2),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), walMB, ms, counts,
    })}\n`);
    if (statements) for (const line of await slowestStatements(db)) process.stdout.write(`${line}\n`);
  } finally {
    await db.destroy();
    if (!process.argv.includes('--keep')) await dropDatabase(copy);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
