/**
 * A match stage that is most of the CRM (a first import) counts the block keys over their rule's
 * cap once and does not probe them (activities/match/match-profiles.ts oversizedBlockKeys). Real
 * PostgreSQL: the count runs over match_profiles' arrays, the probe through its GIN index.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCandidateProfiles, oversizedBlockKeys } from '../activities/match/match-profiles';
import { RULE_BLOCK_CAPS } from '../domain/matching';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
const MAX_BLOCK = 100;

/** `n` matched account profiles holding `key` (and a key of their own). */
async function profilesWith(key: string, n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => {
    const id = randomUUID();
    return { entity_type: 'accounts', record_id: id, profile: JSON.stringify({ id, key }), block_keys: [key, `t:${id}`], matched_at: db.fn.now() };
  });
  await db('match_profiles').insert(rows);
}

beforeAll(async () => {
  db = await freshTestDatabase();
  const nameCap = RULE_BLOCK_CAPS.n!; // 20
  const wordCap = RULE_BLOCK_CAPS.w!; // 12
  await profilesWith('n:acme', nameCap + 1); // one over its rule's cap
  await profilesWith('n:beta', nameCap); // at the cap: still a block
  await profilesWith('w:gamma', wordCap + 1);
  await profilesWith('w:delta', wordCap);
  await profilesWith('z:epsilon', MAX_BLOCK + 1); // a rule without its own cap: the default
  await profilesWith('z:zeta', MAX_BLOCK);
});
afterAll(async () => {
  await db?.destroy();
});

it('finds exactly the keys held by more profiles than their rule’s cap', async () => {
  const oversized = await oversizedBlockKeys(db, 'accounts', MAX_BLOCK);
  expect([...oversized].sort()).toEqual(['n:acme', 'w:gamma', 'z:epsilon']);
  expect(await oversizedBlockKeys(db, 'contacts', MAX_BLOCK)).toEqual(new Set());
});

it('skips the oversized keys it is given, without changing what the other keys find', async () => {
  const keys = ['n:acme', 'n:beta', 'w:gamma', 'w:delta', 'z:epsilon', 'z:zeta'];
  // batchSize 1: the CRM is far larger than the batch, so the keys are probed one by one.
  const probe = (oversized?: ReadonlySet<string>) =>
    findCandidateProfiles(db, 'accounts', keys, { maxBlockSize: MAX_BLOCK, batchSize: 1, ...(oversized ? { oversized } : {}) });
  const keyOf = (r: unknown) => (r as { key: string }).key;
  const probed = await probe();
  const skipped = await probe(await oversizedBlockKeys(db, 'accounts', MAX_BLOCK));
  // Probing finds the over-cap blocks too and drops them; the pre-counted set never reads them.
  const count = (rs: unknown[]) => Object.fromEntries(['n:beta', 'w:delta', 'z:zeta'].map((k) => [k, rs.filter((r) => keyOf(r) === k).length]));
  expect(count(probed)).toEqual({ 'n:beta': 20, 'w:delta': 12, 'z:zeta': 100 });
  expect(count(skipped)).toEqual(count(probed));
  expect(skipped.length).toBe(probed.length);
  expect(skipped.some((r) => ['n:acme', 'w:gamma', 'z:epsilon'].includes(keyOf(r)))).toBe(false);
});
