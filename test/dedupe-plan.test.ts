/**
 * planDedupeJob writes the plan while the match profiles are written, and commits it only once
 * they are: a plan found by a retry always has its profiles. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planDedupeJob } from '../activities/match/dedupe-job';
import { readHeader } from '../activities/match/work-chunks';
import { count, freshTestDatabase } from './support/test-database';

let db: Knex;
beforeAll(async () => {
  db = await freshTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

it('commits no plan when the profiles fail, and the plan with its profiles on the retry', async () => {
  // 12 companies twice (same name and e-mail: automatic merges), 20 others once.
  const twice = Array.from({ length: 12 }, (_, i) => ({ name: `Ferreteria Doble ${i} SL`, email: `info@doble${i}.es`, city: 'Vic', country_code: 'ES' }));
  const once = Array.from({ length: 20 }, (_, i) => ({ name: `Fusteria Sola ${i} SL`, email: `hola@sola${i}.es`, city: 'Olot', country_code: 'ES' }));
  await db('accounts').insert([...twice, ...twice, ...once]);
  const input = { job: 'dedupe:plan-test', entity: 'accounts' as const, dryRun: false, clustersPerChunk: 5 };

  await db.raw(`ALTER TABLE match_profiles ADD CONSTRAINT crmhub_test_no_profiles CHECK (profile->>'id' IS NULL)`);
  try {
    await expect(planDedupeJob(db, input)).rejects.toThrow(/crmhub_test_no_profiles/);
  } finally {
    await db.raw('ALTER TABLE match_profiles DROP CONSTRAINT crmhub_test_no_profiles');
  }
  expect(await readHeader(db, input.job)).toBeNull();
  expect(await count(db, 'work_chunks', { job: input.job })).toBe(0);

  const header = await planDedupeJob(db, input);
  expect(header.summary.clusters.auto).toBe(12);
  // 12 automatic clusters, 5 a chunk, and the review clusters' chunks (namesakes across companies).
  expect(header.chunks).toBe(3 + Math.ceil(header.summary.clusters.review / 5));
  expect(await count(db, 'work_chunks', { job: input.job })).toBe(header.chunks + 1);
  // The records no automatic merge touches: the 20 single ones.
  expect(await count(db, 'match_profiles', { entity_type: 'accounts' })).toBe(20);
  expect(header.summary.ms.profiles).toBeGreaterThanOrEqual(0);
  expect(header.summary.ms.plan).toBeGreaterThanOrEqual(0);
  // A retry finds the plan and returns it.
  expect(await planDedupeJob(db, input)).toEqual(header);
});
