/**
 * `match_recent_block_keys` (migration 030): a large match stage sends the keys of the records it
 * marks matched to a small table and folds them into `match_block_keys` now and then.
 * - Only a transaction that asks for it writes there; rewrites and deletes take a key out of
 *   whichever table holds it, so the two together always hold exactly the matched profiles' keys,
 *   and never one key twice.
 * - The candidate search and the oversized-key count read both: they find the same with the keys
 *   split as after a fold.
 * - A large stage gives the same merges, reviews and candidates with its keys sent to the recent
 *   table as with them written straight into the big one, and leaves none in the recent table.
 * Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBlockKeys } from '../activities/match/block-keys-built';
import { matchAfterImport } from '../activities/match/match-after-import';
import { findCandidateProfiles, oversizedBlockKeys, profilesToMatch, writeProfiles } from '../activities/match/match-profiles';
import { foldRecentBlockKeys, keysIntoRecent, recentKeysDueForFold } from '../activities/match/recent-block-keys';
import { blockingKeys } from '../domain/matching';
import { blockKeyDrift } from './support/block-key-drift';
import { seededAccounts } from './support/seeded-accounts';
import { freshTestDatabase, siblingDatabaseUrl } from './support/test-database';

const rows = async (db: Knex, table: string) => Number((await db.raw(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

/** How far the two tables together are from the matched profiles' keys, and how many keys both hold. */
async function unionDrift(db: Knex): Promise<{ missing: number; extra: number; both: number }> {
  const expected = `SELECT DISTINCT p.entity_type, k.key, p.record_id
                      FROM match_profiles p CROSS JOIN LATERAL unnest(p.block_keys) AS k(key) WHERE p.matched_at IS NOT NULL`;
  const actual = `SELECT * FROM (SELECT entity_type, key, record_id FROM match_block_keys
                  UNION ALL SELECT entity_type, key, record_id FROM match_recent_block_keys) a`;
  const { rows: [r] } = await db.raw(`SELECT
      (SELECT count(*) FROM (${expected} EXCEPT ${actual}) x)::int AS missing,
      (SELECT count(*) FROM (${actual} EXCEPT ${expected}) x)::int AS extra,
      (SELECT count(*) FROM match_block_keys b JOIN match_recent_block_keys r USING (entity_type, key, record_id))::int AS both`);
  return r;
}

describe('the recent block keys', () => {
  let db: Knex;
  const crm = seededAccounts(3000, 11);
  const ids = (from: number, to: number) => crm.slice(from, to).map((p) => p.id);
  beforeAll(async () => {
    db = await freshTestDatabase();
    await writeProfiles(db, 'accounts', crm.slice(0, 2000), { matched: true });
    await writeProfiles(db, 'accounts', crm.slice(2000)); // never matched: no keys yet
    await db.raw('ANALYZE match_profiles');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('take the keys of the profiles a transaction marks matched once it asks, and only then', async () => {
    const big = await rows(db, 'match_block_keys');
    expect(big).toBeGreaterThan(10_000);
    await db.transaction(async (trx) => {
      await keysIntoRecent(trx, true);
      await trx.raw('UPDATE match_profiles SET matched_at = now() WHERE record_id = ANY(?::uuid[])', [ids(2000, 2600)]);
      await keysIntoRecent(trx, false);
      await trx.raw('UPDATE match_profiles SET matched_at = now() WHERE record_id = ANY(?::uuid[])', [ids(2600, 2700)]);
    });
    // Outside such a transaction, as before.
    await db.raw('UPDATE match_profiles SET matched_at = now() WHERE record_id = ANY(?::uuid[])', [ids(2700, 2800)]);
    const { rows: [r] } = await db.raw(`SELECT count(*)::int AS n FROM match_profiles, unnest(block_keys) WHERE record_id = ANY(?::uuid[])`, [ids(2000, 2600)]);
    expect(await rows(db, 'match_recent_block_keys')).toBe(r.n);
    expect(Number((await db.raw('SELECT count(DISTINCT record_id) AS n FROM match_recent_block_keys')).rows[0].n)).toBe(600);
    expect(await rows(db, 'match_block_keys')).toBeGreaterThan(big);
    expect(await unionDrift(db)).toEqual({ missing: 0, extra: 0, both: 0 });
  });

  it('lose the keys of rewritten and deleted profiles from whichever table holds them', async () => {
    // Keys swapped on profiles of both tables (a survivor's refresh), then some of each deleted (merged away).
    await db.raw(`UPDATE match_profiles SET block_keys = block_keys[2:] || ARRAY['test-z:' || record_id], updated_at = now(), matched_at = now()
                   WHERE record_id = ANY(?::uuid[])`, [[...ids(1900, 2100)]]);
    await db.transaction(async (trx) => {
      await keysIntoRecent(trx, true);
      await trx.raw(`UPDATE match_profiles SET block_keys = block_keys || ARRAY['test-w:' || record_id], updated_at = now(), matched_at = now()
                      WHERE record_id = ANY(?::uuid[])`, [[...ids(1950, 2050)]]);
    });
    expect(Number((await db.raw(`SELECT count(*) AS n FROM match_recent_block_keys WHERE key LIKE 'test-w:%'`)).rows[0].n)).toBe(100);
    expect(Number((await db.raw(`SELECT count(*) AS n FROM match_block_keys WHERE key LIKE 'test-z:%'`)).rows[0].n)).toBe(200);
    await db.raw('DELETE FROM match_profiles WHERE record_id = ANY(?::uuid[])', [[...ids(1980, 2020), ...ids(2500, 2550)]]);
    expect(await unionDrift(db)).toEqual({ missing: 0, extra: 0, both: 0 });
    expect(Number((await db.raw('SELECT count(*) AS n FROM match_recent_block_keys WHERE record_id = ANY(?::uuid[])', [ids(2500, 2550)])).rows[0].n)).toBe(0);
  });

  it('are read by the candidate search and the oversized count as after a fold, which empties them', async () => {
    const batch = await profilesToMatch(db, 'accounts');
    expect(batch.length).toBe(200); // crm[2800..3000)
    const keys = [...batch.flatMap((p) => p.keys), ...crm.slice(2000, 2100).flatMap((p) => blockingKeys('accounts', p))];
    const search = async () => (await findCandidateProfiles(db, 'accounts', keys, { maxBlockSize: 40, batchSize: 1 })).map((r) => r.id).sort();
    const oversized = async () => [...(await oversizedBlockKeys(db, 'accounts', 40))].sort();
    const split = { candidates: await search(), oversized: await oversized() };
    const recent = await rows(db, 'match_recent_block_keys');
    expect(recent).toBeGreaterThan(1000);
    // Found in the recent table: some candidates are profiles whose keys are there.
    const inRecent = new Set((await db.raw('SELECT DISTINCT record_id::text AS id FROM match_recent_block_keys')).rows.map((x: { id: string }) => x.id));
    expect(split.candidates.filter((id) => inRecent.has(id)).length).toBeGreaterThan(50);
    expect(split.oversized.length).toBeGreaterThan(0);

    expect(await foldRecentBlockKeys(db)).toBe(recent);
    expect(await rows(db, 'match_recent_block_keys')).toBe(0);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
    expect(await search()).toEqual(split.candidates);
    expect(await oversized()).toEqual(split.oversized);
    expect(await foldRecentBlockKeys(db)).toBe(0);
  });

  it('are due for a fold once their index fills half the shared buffers', async () => {
    expect(await recentKeysDueForFold(db)).toBe(false);
    const { rows: [sb] } = await db.raw(`SELECT setting::bigint * pg_size_bytes(unit) AS bytes FROM pg_settings WHERE name = 'shared_buffers'`);
    // Rows of ≈ 60 bytes of index each, a little more than half the buffers' worth; rolled back.
    const n = Math.ceil(Number(sb.bytes) / 2 / 40);
    const rolledBack = new Error('rolled back');
    await expect(db.transaction(async (trx) => {
      await trx.raw(`INSERT INTO match_recent_block_keys (entity_type, key, record_id)
        SELECT 'contacts', 'n:' || g, gen_random_uuid() FROM generate_series(1, ?) g`, [n]);
      expect(await recentKeysDueForFold(trx)).toBe(true);
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(await rows(db, 'match_recent_block_keys')).toBe(0);
  });

  it('are emptied by the rebuild after a crash, which writes every key into the big table', async () => {
    await db.transaction(async (trx) => {
      await keysIntoRecent(trx, true);
      await trx.raw('UPDATE match_profiles SET matched_at = now() WHERE record_id = ANY(?::uuid[])', [ids(2800, 2900)]);
    });
    expect(await rows(db, 'match_recent_block_keys')).toBeGreaterThan(0);
    await db.raw('TRUNCATE match_block_keys, match_block_keys_built'); // the crash; the recent keys written after it
    expect(await ensureBlockKeys(db)).toBe(true);
    expect(await rows(db, 'match_recent_block_keys')).toBe(0);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
  });
});

/** A first import's worth of accounts (every third company twice, in other words), not matched yet. */
async function unmatchedCrm(db: Knex): Promise<number> {
  await db('source_systems').insert({ code: 'erp_recent', label: 'ERP', kind: 'erp', connector_code: 'csv' });
  const [{ id }] = await db('sync_runs').insert({ source_system_code: 'erp_recent', entity_type: 'account', mode: 'file' }).returning('id');
  // Ids in file order (the stage's chunks go by id), so a twin meets its original a few chunks later.
  await db.raw(`INSERT INTO accounts (id, name, phone, city, country_code)
    SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
           CASE WHEN g <= 9000 THEN 'Comercial ' || (g * 7919 % 9001) || ' Ribera S.L.' ELSE 'COMERCIAL ' || ((g - 9000) * 3 * 7919 % 9001) || ' RIBERA SL' END,
           '+3491' || lpad(((CASE WHEN g <= 9000 THEN g ELSE (g - 9000) * 3 END) * 7)::text, 7, '0'),
           (ARRAY['Girona', 'Lleida', 'Reus', 'Vic'])[1 + (CASE WHEN g <= 9000 THEN g ELSE (g - 9000) * 3 END) % 4], 'ES'
      FROM generate_series(1, 12000) g`);
  return Number(id);
}

describe('a large match stage', () => {
  const dbs: Knex[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
  });

  it('merges and queues the same with its keys in the recent table, and leaves none there', async () => {
    const outcomes = [];
    for (const recentKeys of [false, true]) {
      const db = await freshTestDatabase(siblingDatabaseUrl(`recent_${recentKeys}`));
      dbs.push(db);
      const run = await unmatchedCrm(db);
      const summary = (await matchAfterImport({ db, chunkSize: 1000, recentKeys }, run))!;
      expect(summary.records).toBe(12_000); // a large share: the chunks' keys go to the recent table
      expect(summary.merges).toBeGreaterThan(1000);
      expect(await rows(db, 'match_recent_block_keys')).toBe(0);
      expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0 });
      const survivors = (await db.raw('SELECT id::text FROM accounts WHERE deleted_at IS NULL ORDER BY id')).rows.map((r: { id: string }) => r.id);
      const reviews = (await db.raw(`SELECT record_a::text || record_b::text || status AS pair FROM review_queue ORDER BY 1`)).rows.map((r: { pair: string }) => r.pair);
      outcomes.push({
        counts: { records: summary.records, candidates: summary.candidates, pairs: summary.candidatePairs, merges: summary.merges, reviews: summary.reviewQueued },
        survivors, reviews, folded: summary.ms.fold_keys !== undefined,
      });
    }
    expect(outcomes[0]!.folded).toBe(false);
    expect(outcomes[1]!.folded).toBe(true);
    expect(outcomes[1]!.counts).toEqual(outcomes[0]!.counts);
    expect(outcomes[1]!.survivors).toEqual(outcomes[0]!.survivors);
    expect(outcomes[1]!.reviews).toEqual(outcomes[0]!.reviews);
  });
});
