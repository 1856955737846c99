/**
 * node bin/run-ts.cjs bench/match-chunk-direct.ts --db <db> [--chunk-no 50] [--chunk 10000] [--rounds 3]
 *
 * The `match` phase of one chunk of an import's match stage, alone and repeated: a chunk's
 * records (the profiles at [chunk-no · chunk, +chunk) in record id order) and their candidates
 * are read once from a CRM whose profiles are all matched (a copy kept by
 * `bench/match-stage-direct.ts --keep`), then `matchRecords` runs on them `rounds` times with
 * the pruned scoring and `rounds` times without it, alternated, in one process. It prints each
 * run's time, its phases (matchRecords' timingsMs) and counts, which must be the same both ways.
 */
import { createDb } from '../db/config';
import { DEFAULT_MAX_BLOCK_SIZE, matchRecords, type MatchEntity, type MatchRecord } from '../domain/matching';
import { findCandidateProfiles } from '../activities/match/match-profiles';
import { loadMatchModel } from '../activities/match/match-model-store';

const arg = (name: string, def?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};

async function main(): Promise<void> {
  const name = arg('db');
  if (!name || !/^\w+$/.test(name)) throw new Error('usage: match-chunk-direct.ts --db <db> [--chunk-no n] [--chunk n] [--rounds n]');
  const entity: MatchEntity = (arg('entity', 'accounts') as MatchEntity);
  const chunk = Number(arg('chunk', '10000'));
  const chunkNo = Number(arg('chunk-no', '50'));
  const rounds = Number(arg('rounds', '3'));
  const db = createDb(`postgres://postgres@127.0.0.1:5432/${name}`);
  try {
    const { rows } = await db.raw<{ rows: { profile: MatchRecord; block_keys: string[] }[] }>(
      `SELECT profile, block_keys FROM match_profiles WHERE entity_type = ? ORDER BY record_id OFFSET ? LIMIT ?`,
      [entity, chunkNo * chunk, chunk],
    );
    const own = rows.map((r) => ({ id: r.profile.id, keys: r.block_keys }));
    const candidates = await findCandidateProfiles(db, entity, rows.flatMap((r) => r.block_keys), { maxBlockSize: DEFAULT_MAX_BLOCK_SIZE, batchSize: rows.length, own });
    const { model, trained } = await loadMatchModel(db, entity);
    const records = [...rows.map((r) => r.profile), ...candidates];
    process.stdout.write(`${JSON.stringify({ chunkRecords: rows.length, candidates: candidates.length, trainedModel: trained })}\n`);
    for (let k = 0; k < rounds * 2; k++) {
      const prune = k % 2 === 0;
      const t = performance.now();
      const r = matchRecords({ entity, records, anchored: rows.length, model, keepPairs: false, prune });
      const ms = Math.round(performance.now() - t);
      const s = r.stats;
      process.stdout.write(`${JSON.stringify({
        prune, ms, timingsMs: s.timingsMs, candidatePairs: s.blocking.candidatePairs, prunedPairs: s.prunedPairs,
        linkedPairs: s.linkedPairs, clusters: s.clusters, refusedLinks: s.refusedLinks,
      })}\n`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
