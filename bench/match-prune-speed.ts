/**
 * node bin/run-ts.cjs bench/match-prune-speed.ts [-- --records 200000 --anchored 10000 --rounds 3]
 *
 * What the pruned scoring of a given model (domain/matching/link-pairs.ts) saves, in memory: the
 * seeded company set (CSV → mapping → match records, as match-core-speed reads it) and seeded
 * people (test-people.ts), each matched as an import's chunk is, its first `anchored` records
 * against the rest, without keepPairs, with the default model and with one trained on the set.
 * Each configuration runs `rounds` times pruned and `rounds` times not, alternated in this
 * process; the clusters must be the same both ways. No database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partyMapping, readMatchFiles } from '../cli/commands/match-file-command';
import { loadMappingFile } from '../domain/mapping';
import { defaultMatchModel, matchRecords, trainMatchModel, type MatchEntity, type MatchModel, type MatchRecord } from '../domain/matching';
import { testPeople } from '../domain/matching/test-people';
import { writeCompaniesCsv } from './generators/companies-csv';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

function run(entity: MatchEntity, records: readonly MatchRecord[], model: MatchModel, anchored: number, prune: boolean) {
  const t = performance.now();
  const r = matchRecords({ entity, records, model, anchored, keepPairs: false, prune });
  return { ms: Math.round(performance.now() - t), r };
}

async function main(): Promise<void> {
  const n = arg('records', 200_000);
  const anchored = arg('anchored', 10_000);
  const rounds = arg('rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-match-prune-'));
  try {
    const csv = join(dir, 'companies.csv');
    await writeCompaniesCsv(csv, { records: n, seed: 20261130 });
    const mapping = partyMapping(await loadMappingFile(join(__dirname, '..', 'mappings', 'bench-companies.json')));
    const companies = (await readMatchFiles([csv], mapping, 'record_id')).records;
    const people = testPeople(Math.round(n / 3), 20261206).records;
    const sets: [string, MatchEntity, readonly MatchRecord[]][] = [['companies', 'accounts', companies], ['people', 'contacts', people]];
    for (const [name, entity, records] of sets) {
      for (const [modelName, model] of [['default', defaultMatchModel(entity)], ['trained', trainMatchModel(entity, records, { seed: 1 })]] as const) {
        // The whole call, and its scoring alone (timingsMs.comparing + scoring: what pruning changes).
        const times: Record<'pruned' | 'full', number[]> = { pruned: [], full: [] };
        const scoring: Record<'pruned' | 'full', number[]> = { pruned: [], full: [] };
        let clusters: string | null = null;
        let stats = {};
        for (let k = 0; k < rounds * 2; k++) {
          const prune = k % 2 === 0;
          const { ms, r } = run(entity, records, model, anchored, prune);
          times[prune ? 'pruned' : 'full'].push(ms);
          scoring[prune ? 'pruned' : 'full'].push(r.stats.timingsMs.comparing + r.stats.timingsMs.scoring);
          const key = JSON.stringify(r.clusters.map((c) => [c.decision, ...c.members].join(' ')).sort());
          if (clusters !== null && key !== clusters) throw new Error(`${name}, ${modelName} model: the clusters differ with prune=${prune}`);
          clusters = key;
          if (prune) {
            const s = r.stats;
            stats = { candidatePairs: s.blocking.candidatePairs, prunedPairs: s.prunedPairs, taxIdConflicts: s.taxIdConflicts, linkedPairs: s.linkedPairs, clusters: s.clusters.auto + s.clusters.review };
          }
        }
        process.stdout.write(`${JSON.stringify({ set: name, records: records.length, anchored, model: modelName, msPruned: times.pruned, msFull: times.full, scoringMsPruned: scoring.pruned, scoringMsFull: scoring.full, ...stats })}\n`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
