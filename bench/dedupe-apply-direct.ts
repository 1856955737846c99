/**
 * node bin/run-ts.cjs bench/dedupe-apply-direct.ts --plan <db> [--clusters-per-chunk n]
 * node bin/run-ts.cjs bench/dedupe-apply-direct.ts --template <db> [--finish] [--keep] [--statements] [--lanes n]
 *
 * Profiling harness for a dedupe's apply, without Temporal. `--plan` plans a dedupe job in <db>
 * (planDedupeJob: the match, the profiles, the plan's chunks) and leaves it there, unapplied: <db>
 * becomes a template. `--template` copies such a template and applies its chunks in this process
 * (applyDedupeChunks, DEDUPE_APPLY_LANES at once as `crmhub dedupe` does, or `--lanes n`), then
 * with `--finish` the survivors' profiles and the vacuum (finishDedupeJob), and prints the times,
 * the merges and the peak RSS.
 * `--clusters-per-chunk n` plans chunks of n clusters instead of the command's 1000.
 * `--statements` then prints the slowest statements from pg_stat_statements (the server must
 * preload it).
 *
 * A change to the merges is then measured without the read, the match and the profiles (76 s of a
 * 1M dedupe) run again each time; alternate it with the code before, as this machine's speed moves.
 * Run node with the flags the command's apply runs with (`--max-semi-space-size=32 --expose-gc`,
 * MALLOC_ARENA_MAX=2).
 */
import { applyDedupeChunks, finishDedupeJob, planDedupeJob } from '../activities/match/dedupe-job';
import { createDb } from '../db/config';
import { cloneTemplate, databaseUrl, dropDatabase } from './clone-template';
import { resetStatementStats, slowestStatements } from './statement-stats';

const JOB = 'dedupe:apply-direct';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/**
 * A count flag (`--lanes`, `--clusters-per-chunk`), or undefined when absent. Anything but a whole
 * number is refused: a lane count of "2.5" would start no lane and apply nothing, silently.
 */
const countArg = (name: string): number | undefined => {
  const value = arg(name);
  if (value !== undefined && !/^[1-9]\d*$/.test(value)) throw new Error(`--${name} takes a whole number, got "${value}"`);
  return value === undefined ? undefined : Number(value);
};

async function plan(name: string): Promise<void> {
  const db = createDb(databaseUrl(name));
  try {
    const t0 = performance.now();
    const perChunk = countArg('clusters-per-chunk');
    const header = await planDedupeJob(db, { job: JOB, entity: 'accounts', dryRun: false, ...(perChunk ? { clustersPerChunk: perChunk } : {}) });
    process.stdout.write(`${JSON.stringify({ planSeconds: +((performance.now() - t0) / 1000).toFixed(1), chunks: header.chunks, summary: header.summary })}\n`);
  } finally {
    await db.destroy();
  }
}

async function apply(template: string): Promise<void> {
  const lanes = countArg('lanes');
  const copy = `${template}_try`;
  await cloneTemplate(template, copy);
  const db = createDb(databaseUrl(copy));
  try {
    const statements = process.argv.includes('--statements');
    if (statements) await resetStatementStats(db);
    const t0 = performance.now();
    const chunks = await applyDedupeChunks(db, { job: JOB, entity: 'accounts', ...(lanes ? { lanes } : {}) });
    const applySeconds = (performance.now() - t0) / 1000;
    const finished = process.argv.includes('--finish') ? await finishDedupeJob(db, { job: JOB, entity: 'accounts' }) : null;
    process.stdout.write(`${JSON.stringify({
      chunks, applySeconds: +applySeconds.toFixed(1),
      ...(finished ? { merges: finished.merges, absorbed: finished.recordsAbsorbed, reviewQueued: finished.reviewQueued, refresh: finished.ms.refresh, vacuum: finished.ms.vacuum } : {}),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`);
    if (statements) for (const line of await slowestStatements(db, 40)) process.stdout.write(`${line}\n`);
  } finally {
    await db.destroy();
    if (!process.argv.includes('--keep')) await dropDatabase(copy);
  }
}

async function main(): Promise<void> {
  const name = arg('plan') ?? arg('template');
  if (!name || !/^\w+$/.test(name)) throw new Error('usage: dedupe-apply-direct.ts --plan <db> | --template <db> [--finish] [--keep] [--statements] [--lanes n]');
  await (arg('plan') ? plan(name) : apply(name));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
