/**
 * The plans of the block-key triggers' statements (migrations 016, 024 and 025), as PostgreSQL runs them:
 * - a delete probes `match_block_keys`'s primary key, never a seq scan of the whole table, even
 *   where the planner estimates many more keys to remove than there are;
 * - a write that removes no key (unmatched profiles marked matched, unmatched profiles deleted)
 *   runs no delete at all;
 * - a matched profile rewritten (so to be matched again) keeps the rows of the keys it still has,
 *   and matching it again rewrites none (025).
 * The plans are auto_explain's, of the triggers' nested statements, sent to this test's connection
 * as notices (LOAD needs a superuser: the test database's owner). The keys stay in step throughout.
 * Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKeyDrift } from './support/block-key-drift';
import { freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const MATCHED = 4_000;
const KEYS = 6;

/** Profiles with KEYS keys each; `matched`: marked matched as they are written. */
const insertProfiles = (from: number, n: number, matched: boolean) => `
  INSERT INTO match_profiles (entity_type, record_id, profile, block_keys, matched_at)
  SELECT 'accounts', md5('p' || g)::uuid, '{}'::jsonb,
         ARRAY(SELECT 'k' || s || ':' || (g % 997 + s * 1000) FROM generate_series(1, ${KEYS}) s) || ARRAY['x:' || g],
         ${matched ? 'now()' : 'NULL'}
    FROM generate_series(${from}, ${from + n - 1}) g`;

/** match_block_keys holds exactly the distinct keys of the profiles matched once, no more, no less. */
async function keysInStep(db: Knex): Promise<void> {
  expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
}

describe('block-key triggers', () => {
  let db: Knex;
  let client: Client;
  const plans: string[] = [];
  /** The plans of the block-key statements `sql` ran, by the statement's first words. */
  const run = async (sql: string) => {
    plans.length = 0;
    await client.query(sql);
    const of = (prefix: string) => plans.filter((p) => p.includes(`Query Text: ${prefix}`));
    return { deletes: of('DELETE FROM match_block_keys'), inserts: of('INSERT INTO match_block_keys') };
  };

  beforeAll(async () => {
    db = await freshTestDatabase();
    await db.raw(insertProfiles(1, MATCHED, true));
    await db.raw('ANALYZE match_profiles');
    await db.raw('ANALYZE match_block_keys');
    client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    client.on('notice', (n) => { if (n.message?.includes('plan:')) plans.push(n.message); });
    for (const s of [
      "LOAD 'auto_explain'", 'SET auto_explain.log_min_duration = 0', 'SET auto_explain.log_nested_statements = on',
      "SET auto_explain.log_level = 'notice'", 'SET auto_explain.log_analyze = on', 'SET auto_explain.log_timing = off',
    ]) await client.query(s);
  });
  afterAll(async () => {
    await client?.end();
    await db?.destroy();
  });

  it('start in step', async () => {
    expect(Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n)).toBe(MATCHED * (KEYS + 1));
    await keysInStep(db);
  });

  it('rewritten matched profiles: the keys they lost are deleted through the primary key', async () => {
    // A third of the profiles lose their "x:" key and gain another one, and stay matched.
    const { deletes, inserts } = await run(`
      UPDATE match_profiles SET block_keys = block_keys[1:${KEYS}] || ARRAY['y:' || record_id], updated_at = now(), matched_at = now()
       WHERE record_id IN (SELECT record_id FROM match_profiles ORDER BY record_id LIMIT ${MATCHED / 3})`);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatch(/Index Scan using match_block_keys_pkey on match_block_keys b/);
    expect(deletes[0]).not.toMatch(/Seq Scan on match_block_keys/);
    expect(inserts).toHaveLength(1);
    await keysInStep(db);
    expect(Number((await db.raw(`SELECT count(*) AS n FROM match_block_keys WHERE key LIKE 'y:%'`)).rows[0].n)).toBe(Math.floor(MATCHED / 3));
  });

  it('matched profiles rewritten, then matched again: only the keys they lost and gained move', async () => {
    const some = `SELECT record_id FROM match_profiles ORDER BY record_id DESC LIMIT 1000`;
    // Each row's version (ctid): a key deleted and inserted again would have a new one.
    const versions = async () => new Map((await db.raw<{ rows: { k: string; ctid: string }[] }>(
      `SELECT key || ' ' || record_id AS k, ctid::text AS ctid FROM match_block_keys WHERE record_id IN (${some})`)).rows.map((r) => [r.k, r.ctid]));
    const before = await versions();
    expect(before.size).toBe(1000 * (KEYS + 1));
    // A profile sync: the "x:" key replaced by a "z:" one, written after the profile was matched.
    await db.raw(`UPDATE match_profiles SET block_keys = block_keys[1:${KEYS}] || ARRAY['z:' || record_id], updated_at = now() + interval '1 second'
                   WHERE record_id IN (${some})`);
    await keysInStep(db);
    const rewritten = await versions();
    expect(rewritten.size).toBe(1000 * (KEYS + 1));
    let kept = 0;
    for (const [k, ctid] of rewritten) {
      if (k.startsWith('z:')) expect(before.has(k)).toBe(false);
      else if (before.get(k) === ctid) kept++;
    }
    expect(kept).toBe(1000 * KEYS);
    // Marked matched (the chunk's markMatched): the keys are already there, none is written.
    await db.raw(`UPDATE match_profiles SET matched_at = now() + interval '2 second' WHERE record_id IN (${some})`);
    await keysInStep(db);
    expect(await versions()).toEqual(rewritten);
  });

  it('unmatched profiles marked matched: their keys are inserted, and no delete runs', async () => {
    await db.raw(insertProfiles(MATCHED + 1, 1_000, false));
    await keysInStep(db);
    const { deletes, inserts } = await run(`UPDATE match_profiles SET matched_at = now() WHERE matched_at IS NULL`);
    expect(deletes).toEqual([]);
    expect(inserts).toHaveLength(1);
    await keysInStep(db);
    expect(Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n)).toBe((MATCHED + 1_000) * (KEYS + 1));
  });

  it('deleted profiles: an unmatched one removes nothing and runs no delete, a matched one goes through the primary key', async () => {
    await db.raw(insertProfiles(MATCHED + 2_001, 500, false));
    const unmatched = await run(`DELETE FROM match_profiles WHERE matched_at IS NULL`);
    expect(unmatched.deletes).toEqual([]);
    await keysInStep(db);

    const matched = await run(`DELETE FROM match_profiles WHERE record_id IN (SELECT record_id FROM match_profiles ORDER BY record_id DESC LIMIT 700)`);
    expect(matched.deletes).toHaveLength(1);
    expect(matched.deletes[0]).toMatch(/Index Scan using match_block_keys_pkey on match_block_keys b/);
    expect(matched.deletes[0]).not.toMatch(/Seq Scan on match_block_keys/);
    await keysInStep(db);
  });
});
