/**
 * node [--cpu-prof] bin/run-ts.cjs bench/import-direct.ts <file> [--reset] [--force-label x] [--rows-only | --keys-only]
 *
 * Profiling harness for the load path, without Temporal: prepareImport + loadImportRows in this
 * process against BENCH_DATABASE_URL (default crmhub_bench), printing the per-phase timings the
 * load records (sync_runs.phase_ms), wall time and peak RSS. `--reset` rebuilds the CRM schema
 * first. `--rows-only` only reads, maps, validates and encodes the rows (no database writes), to
 * measure the Node side alone. `--keys-only` does what a re-import does with rows it will find
 * known: reads them, takes their keys and compacts them, holding 10,000 at a time as a batch waits
 * for its probe (run it with `--max-semi-space-size=2 --trace-gc-nvp`, a command's young
 * generation, to count what the collector promotes). Used for docs/performance-log.md;
 * `npm run bench:import` is the benchmark.
 */
import { join } from 'node:path';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { prepareImport } from '../activities/import/prepare-import';
import { loadImportRows } from '../activities/import/load-import-rows';
import { openSpreadsheet } from '../connectors/spreadsheet';
import { compileMapping, parseMapping } from '../domain/mapping';
import { getLocaleProfile } from '../domain/normalize';
import { loadRowContext } from '../activities/pipeline/row-context-loader';
import { spreadsheetRows } from '../activities/import/spreadsheet-rows';
import { createRowProcessor } from '../activities/pipeline/row-processor';
import { Batch } from '../activities/pipeline/batch';
import { ENTITY_TARGETS } from '../activities/pipeline/targets';
import { fingerprintSeed, rowKey, type RowKey } from '../activities/pipeline/known-rows';
import type { SourceRow } from '../activities/pipeline/source-row';
import { resetCrm } from './bench-process';
import { readFileSync } from 'node:fs';

const URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench';
const MAPPING = join(__dirname, '..', 'mappings', 'bench-accounts.json');

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: import-direct.ts <file> [--reset] [--rows-only]');
  await ensureDatabase(URL);
  if (process.argv.includes('--reset')) await resetCrm(URL);
  const db = createDb(URL);
  const mapping = JSON.parse(readFileSync(MAPPING, 'utf8'));
  try {
    const t0 = performance.now();
    if (process.argv.includes('--rows-only') || process.argv.includes('--keys-only')) {
      const n = process.argv.includes('--keys-only') ? await keysOnly(db, file, mapping) : await rowsOnly(db, file, mapping);
      report({ rows: n, seconds: (performance.now() - t0) / 1000 });
      return;
    }
    const id = `direct-${Date.now()}`;
    const prepared = await prepareImport(db, { file, entity: 'accounts', mapping }, { workflowId: id, runId: id });
    const timings: Record<string, number> = {};
    const counts = await loadImportRows({ db, timings }, prepared.runId);
    await db('sync_runs').where({ id: prepared.runId }).update({ status: 'succeeded', finished_at: db.fn.now() });
    report({ counts, phaseMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])), seconds: (performance.now() - t0) / 1000 });
  } finally {
    await db.destroy();
  }
}

/** The bench file's rows as a load reads them: the source (to close), the reader, the row context. */
async function openRows(db: ReturnType<typeof createDb>, file: string, mappingJson: unknown) {
  const source = await openSpreadsheet(file, {});
  try {
    const mapping = parseMapping(mappingJson, 'mapping');
    const plan = compileMapping(mapping, source.headers);
    const rc = await loadRowContext(db, { locale: mapping.locale ?? 'es', defaultCountry: getLocaleProfile(mapping.locale ?? 'es').defaultCountry, date1904: source.date1904 });
    const reader = spreadsheetRows({ source, plan, fileName: file, profile: rc.profile, replay: null });
    return { source, reader, rc, target: ENTITY_TARGETS.accounts };
  } catch (err) {
    await source.close();
    throw err;
  }
}

/** The Node side of the load alone: read → map → row schema → hash → COPY text, nothing sent. */
async function rowsOnly(db: ReturnType<typeof createDb>, file: string, mappingJson: unknown): Promise<number> {
  const { source, reader, rc, target } = await openRows(db, file, mappingJson);
  try {
    const processRow = createRowProcessor({ target, rc, origin: reader.origin, strict: [] });
    const shape = { columns: target.stageColumns.map(([c]) => c), entity: target.survivorship };
    let batch = new Batch(shape);
    let n = 0;
    let bytes = 0;
    for await (const rows of reader.batches(0)) {
      for (const item of rows) {
        n++;
        batch.add(item, processRow(item));
        if (batch.size >= 10_000) {
          for (const l of batch.lines()) bytes += l.length;
          batch = new Batch(shape);
        }
      }
    }
    for (const l of batch.lines()) bytes += l.length;
    process.stderr.write(`encoded ${bytes} chars\n`);
    return n;
  } finally {
    await source.close();
  }
}

/** A re-import's rows as they wait for their batch's probe (load-loop.ts): keyed, compacted, held per 10,000. */
async function keysOnly(db: ReturnType<typeof createDb>, file: string, mappingJson: unknown): Promise<number> {
  const { source, reader, rc, target } = await openRows(db, file, mappingJson);
  try {
    const seed = fingerprintSeed('bench_erp', target, rc, []);
    let waiting: { row: SourceRow; key: RowKey }[] = [];
    let n = 0;
    for await (const rows of reader.batches(0)) {
      for (const row of rows) {
        n++;
        waiting.push({ row, key: rowKey(seed, target, row) });
        row.compact?.();
        if (waiting.length >= 10_000) {
          waiting = [];
          await new Promise((resolve) => setImmediate(resolve)); // the probe's answer arrives
        }
      }
    }
    return n;
  } finally {
    await source.close();
  }
}

function report(r: Record<string, unknown>) {
  const ru = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ ...r, peakRssMB: Math.round(ru.maxRSS / 1024), cpuUserS: ru.userCPUTime / 1e6, cpuSysS: ru.systemCPUTime / 1e6 })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
