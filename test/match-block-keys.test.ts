/**
 * `match_block_keys` (migrations 016 and 025), the narrow table the incremental candidate search
 * probes:
 * - it holds exactly one row per (profile matched at least once, distinct key), through every
 *   write of match_profiles: an import's match stage and its merges, an unmerge, a re-import,
 *   a full dedupe (which rebuilds it);
 * - the candidate search over it returns the same candidates as the former GIN query of
 *   `match_profiles.block_keys`, on the same data (the GIN index is rebuilt here for that query),
 *   when it is told which of the table's profiles are the batch's own; never one of them;
 * - the oversized keys counted over it are the ones the former count over the arrays found.
 * Real PostgreSQL and Temporal.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmerge } from '../activities/merge';
import { dedupe } from '../activities/match/dedupe';
import { findCandidateProfiles, oversizedBlockKeys, profilesToMatch, writeProfiles } from '../activities/match/match-profiles';
import { blockingKeys, RULE_BLOCK_CAPS } from '../domain/matching';
import { seededAccounts } from './support/seeded-accounts';
import { useImportHarness } from './support/import-harness';
import { companyImporter, ERP, EXCEL } from './support/spanish-companies';
import { blockKeyDrift } from './support/block-key-drift';
import { freshTestDatabase } from './support/test-database';

describe('match_block_keys', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  beforeAll(() => ({ db, env } = h));
  const importRows = companyImporter(() => env.client, 'crmhub-block-keys-');
  const inStep = async () => {
    const d = await blockKeyDrift(db);
    expect(d).toMatchObject({ missing: 0, extra: 0 });
    expect(d.narrow).toBe(d.unnested); // the generated keys of a profile are distinct
    return d;
  };

  it('stays in step with match_profiles through import, merge, unmerge, re-import and dedupe', async () => {
    await importRows('erp.csv', 'erp_es', ERP, 'erp');
    const first = await inStep();
    expect(first.narrow).toBeGreaterThan(10);
    // Its stage matched every profile: all their keys are there.
    expect(first.narrow).toBe(Number((await db.raw('SELECT count(*) AS n FROM match_profiles, unnest(block_keys)')).rows[0].n));

    const excel = await importRows('excel.csv', 'old_excel', EXCEL);
    expect(excel.match).toMatchObject({ merges: 2 });
    await inStep();
    const merge = await db('merge_history').orderBy('id').first();
    // The absorbed records' profiles went with them, and so did their keys.
    expect(await db('match_block_keys').whereIn('record_id', merge.absorbed_ids)).toEqual([]);

    await unmerge(db, Number(merge.id), { decidedBy: 'user:test' });
    await inStep();
    // Their profiles are back as they were before the merge, and so are their keys, if they had any.
    expect(await db('match_profiles').whereIn('record_id', merge.absorbed_ids).pluck('record_id')).toHaveLength(merge.absorbed_ids.length);

    const changed = [EXCEL[0]!.replace('+34 912345678', '915 555 000'), EXCEL[1]!];
    const again = await importRows('excel-2.csv', 'old_excel', changed);
    expect(again.counts.updated).toBeGreaterThan(0);
    await inStep();
    expect(await db('match_block_keys').where({ key: 'p:+34915555000' }).count({ n: '*' })).toEqual([{ n: '1' }]);

    // A profile rewritten after it was matched keeps its keys: only those that changed move, and
    // matching it again moves none (migration 025).
    const [some] = await db('match_profiles').whereNotNull('matched_at').orderBy('record_id').limit(1).pluck('record_id');
    // Each key's row version (ctid): a row deleted and inserted again would have a new one.
    const rowsOf = async () => new Map((await db.raw<{ rows: { key: string; ctid: string }[] }>(
      'SELECT key, ctid::text AS ctid FROM match_block_keys WHERE record_id = ?', [some])).rows.map((r) => [r.key, r.ctid]));
    const before = await rowsOf();
    expect(before.size).toBeGreaterThan(1);
    const [array] = await db('match_profiles').where({ record_id: some }).pluck('block_keys') as string[][];
    const kept = array!.slice(1).filter((k) => k !== array![0]);
    await db('match_profiles').where({ record_id: some }).update({
      updated_at: db.raw("now() + interval '1 second'"), block_keys: db.raw("block_keys[2:] || ARRAY['y:changed']"),
    });
    await inStep();
    const rewritten = await rowsOf();
    expect([...rewritten.keys()].sort()).toEqual([...new Set([...kept, 'y:changed'])].sort());
    for (const k of kept) expect(rewritten.get(k)).toBe(before.get(k));
    await db('match_profiles').where({ record_id: some }).update({ matched_at: db.raw("now() + interval '2 second'") });
    await inStep();
    expect(await rowsOf()).toEqual(rewritten);
    // Never matched: no keys, whatever is written.
    await db('match_profiles').update({ matched_at: null, updated_at: db.raw("now() + interval '3 second'") });
    expect((await inStep()).narrow).toBe(0);

    await dedupe(db, { entity: 'accounts', dryRun: false }); // replaceAll: rebuilt with the triggers off
    const rebuilt = await inStep();
    expect(rebuilt.narrow).toBeGreaterThan(10); // all matched again
    const { rows: [t] } = await db.raw(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'match_profiles'::regclass AND NOT tgisinternal AND tgenabled = 'O'`);
    expect(t.n).toBe(3); // back on after the rebuild
  });

  it('lets crmhub_worker write it when the role exists (the triggers run as the writer)', async () => {
    const { rows: [r] } = await db.raw(`SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_worker') AS exists`);
    if (!r.exists) return; // the grant is conditional on the role (worker-role-grants.test.ts creates it)
    for (const privilege of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) {
      const { rows: [p] } = await db.raw(`SELECT has_table_privilege('crmhub_worker', 'public.match_block_keys', ?) AS ok`, [privilege]);
      expect(p.ok).toBe(true);
    }
  });
});

/**
 * The candidate search as a GIN probe per key of the wide rows, LIMIT cap + 1: `counted` says which
 * profiles count toward a block's cap. The former search counted the matched ones (verbatim); the
 * table behind the new one holds every profile matched at least once (025), and counts them all
 * unless told which are the batch's own. Either way only matched ones are candidates.
 */
async function ginCandidateIds(db: Knex, keys: readonly string[], maxBlockSize: number, counted: 'matched' | 'once-matched'): Promise<Set<string>> {
  const capOf = (key: string) => RULE_BLOCK_CAPS[key.slice(0, key.indexOf(':'))] ?? maxBlockSize;
  const hits = new Map<string, { id: string; matched: boolean }[]>();
  for (const key of new Set(keys)) {
    const { rows } = await db.raw<{ rows: { record_id: string; matched: boolean }[] }>(
      `SELECT p.record_id, p.matched_at >= p.updated_at AS matched FROM match_profiles p
        WHERE p.entity_type = 'accounts' AND p.block_keys @> ARRAY[?::text]
          AND ${counted === 'matched' ? 'p.matched_at >= p.updated_at' : 'p.matched_at IS NOT NULL'}
        LIMIT ${capOf(key) + 1}`,
      [key],
    );
    hits.set(key, rows.map((x) => ({ id: x.record_id, matched: x.matched })));
  }
  const ids = new Set<string>();
  for (const [key, list] of hits) if (list.length <= capOf(key)) for (const p of list) if (p.matched) ids.add(p.id);
  return ids;
}

describe('the candidate search over match_block_keys', () => {
  let db: Knex;
  afterAll(async () => {
    await db?.destroy();
  });
  beforeAll(async () => {
    db = await freshTestDatabase();
    const crm = seededAccounts(3000, 7);
    await writeProfiles(db, 'accounts', crm.slice(0, 2000), { replaceAll: true, matched: true }); // the dedupe path
    await writeProfiles(db, 'accounts', crm.slice(2000, 2600), { matched: true }); // the upsert path
    // Rewritten since they were matched: to be matched again, so never candidates (their keys stay).
    await writeProfiles(db, 'accounts', crm.slice(0, 150));
    // The batch: never matched.
    await writeProfiles(db, 'accounts', crm.slice(2600));
    // Another entity holding the same keys: never a candidate of an account.
    await db('match_profiles').insert(crm.slice(0, 50).map((p) => ({
      entity_type: 'contacts', record_id: p.id, profile: JSON.stringify(p), block_keys: blockingKeys('accounts', p), matched_at: db.fn.now(),
    })));
    await db.raw('CREATE INDEX match_profiles_block_keys_idx ON match_profiles USING gin (block_keys)');
    await db.raw('ANALYZE match_profiles');
    await db.raw('ANALYZE match_block_keys');
  });

  it('returns the candidates the GIN query returned, for the batch’s keys and for every key', async () => {
    const batch = await profilesToMatch(db, 'accounts');
    expect(batch.length).toBe(550); // the 400 of the batch and the 150 rewritten
    expect(batch.filter((p) => p.indexed)).toHaveLength(150);
    const own = batch.filter((p) => p.indexed).map((p) => ({ id: p.record.id, keys: p.keys }));
    const keys = batch.flatMap((p) => p.keys);
    const search = async (k: readonly string[], maxBlockSize: number, withOwn = true) =>
      new Set((await findCandidateProfiles(db, 'accounts', k, { maxBlockSize, batchSize: 1, ...(withOwn ? { own } : {}) })).map((r) => r.id));
    let differs = false;
    for (const maxBlockSize of [100, 30]) {
      const before = await ginCandidateIds(db, keys, maxBlockSize, 'matched');
      const after = await search(keys, maxBlockSize);
      expect(before.size).toBeGreaterThan(100);
      expect([...after].sort()).toEqual([...before].sort());
      for (const p of batch) expect(after.has(p.record.id)).toBe(false);
      // Not told which are its own, the search counts the rewritten profiles too: some blocks go
      // over their cap, so the data tells the two rules apart.
      const counted = await ginCandidateIds(db, keys, maxBlockSize, 'once-matched');
      expect([...(await search(keys, maxBlockSize, false))].sort()).toEqual([...counted].sort());
      differs ||= [...before].sort().join() !== [...counted].sort().join();
    }
    expect(differs).toBe(true);
    // The keys of the whole CRM: blocks over their cap are dropped the same way.
    const { rows } = await db.raw<{ rows: { key: string }[] }>("SELECT DISTINCT unnest(block_keys) AS key FROM match_profiles WHERE entity_type = 'accounts'");
    const all = rows.map((x) => x.key);
    const before = await ginCandidateIds(db, all, 100, 'matched');
    expect([...(await search(all, 100))].sort()).toEqual([...before].sort());
  });

  it('counts the oversized keys the former count over the arrays found', async () => {
    const { rows } = await db.raw<{ rows: { key: string; n: string }[] }>(
      "SELECT key, count(*) AS n FROM (SELECT unnest(block_keys) AS key FROM match_profiles WHERE entity_type = 'accounts') k GROUP BY key",
    );
    for (const maxBlockSize of [100, 30]) {
      const capOf = (key: string) => RULE_BLOCK_CAPS[key.slice(0, key.indexOf(':'))] ?? maxBlockSize;
      const before = rows.filter((r) => Number(r.n) > capOf(r.key)).map((r) => r.key).sort();
      expect(before.length).toBeGreaterThan(0);
      expect([...(await oversizedBlockKeys(db, 'accounts', maxBlockSize))].sort()).toEqual(before);
    }
  });
});
