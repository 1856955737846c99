/**
 * node bin/run-ts.cjs bench/match-core-speed.ts [-- --records 100000]
 *
 * Speed and memory of the matching core alone (domain/matching `matchRecords`: blocking,
 * training, scoring, clustering), on the seeded company set read through match-file's reader
 * (CSV → mapping → canonical row schema → match records). No database, no Temporal: this is the
 * figure to compare with the 1M-accounts budget (≤ 60 s of one core, ~1 GB heap). Run node with
 * --expose-gc to get the live heap after matching (otherwise garbage is counted too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partyMapping, readMatchFiles } from '../cli/commands/match-file-command';
import { loadMappingFile } from '../domain/mapping';
import { evaluateClustering, matchRecords } from '../domain/matching';
import { writeCompaniesCsv } from './generators/companies-csv';
import { companyEntityOfRecordId } from './generators/companies-rows';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = (): number => {
  gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
};

async function main(): Promise<void> {
  const records = arg('records', 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-match-core-'));
  try {
    const csv = join(dir, 'companies.csv');
    await writeCompaniesCsv(csv, { records, seed: 20261130 });
    const mapping = partyMapping(await loadMappingFile(join(__dirname, '..', 'mappings', 'bench-companies.json')));
    let t = performance.now();
    const read = await readMatchFiles([csv], mapping, 'record_id');
    const readMs = performance.now() - t;
    const heapRecords = heapMB();
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const result = matchRecords({ entity: 'accounts', records: read.records });
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const heapAfter = heapMB();
    // The truth is read from the ids only now, after matching.
    const truth = new Map<string, string>();
    const predicted = new Map<string, string>();
    const auto = new Map<string, string>();
    read.records.forEach((r, i) => truth.set(r.id, companyEntityOfRecordId(read.outputIds[i] as string)));
    result.clusters.forEach((c, k) => c.members.forEach((m) => {
      predicted.set(m, `c${k}`);
      if (c.decision === 'auto') auto.set(m, `c${k}`);
    }));
    const all = evaluateClustering(predicted, truth);
    const autoOnly = evaluateClustering(auto, truth);
    const pairs = result.stats.blocking.candidatePairs;
    const report = {
      records: read.records.length,
      rejected: read.rejected.length,
      readSeconds: +(readMs / 1000).toFixed(2),
      matchSeconds: +(ms / 1000).toFixed(2),
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      usPerRecord: +((ms * 1000) / read.records.length).toFixed(1),
      usPerCandidatePair: +((ms * 1000) / Math.max(1, pairs)).toFixed(2),
      candidatePairs: pairs,
      linkedPairs: result.stats.linkedPairs,
      timingsMs: result.stats.timingsMs,
      heapMB: { records: heapRecords, afterMatch: heapAfter, measuredLive: Boolean(gc) },
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      quality: {
        f1: +all.pairwise.f1.toFixed(4),
        precision: +all.pairwise.precision.toFixed(4),
        recall: +all.pairwise.recall.toFixed(4),
        autoPrecision: +autoOnly.pairwise.precision.toFixed(4),
      },
      blockingRules: result.stats.blocking.rules,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
