/**
 * The stage after a load ANALYZEs the tables the load changed beyond autovacuum's threshold
 * (activities/pipeline/fresh-statistics.ts), and nothing else. Real PostgreSQL: its own counters
 * (`pg_stat_user_tables.n_mod_since_analyze`) decide, with autovacuum off for the table so that it
 * cannot analyze first.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyDedupeChunks } from '../activities/match/dedupe-job';
import { vacuumBlockKeysIfStale } from '../activities/match/match-profiles';
import { applyMergePlan, type PlanCluster } from '../activities/merge';
import { analyzeIfGrown, analyzeIfStale, vacuumIfDue } from '../activities/pipeline/fresh-statistics';
import { freshTestDatabase } from './support/test-database';

let db: Knex;

async function addProfiles(n: number, o: { matched?: boolean } = {}): Promise<void> {
  const rows = Array.from({ length: n }, () => {
    const id = randomUUID();
    // A matched profile's keys go into match_block_keys (the insert trigger, migration 016).
    return { entity_type: 'accounts', record_id: id, profile: JSON.stringify({ id }), block_keys: [`t:${id}`], ...(o.matched ? { matched_at: db.fn.now() } : {}) };
  });
  for (let i = 0; i < rows.length; i += 1000) await db('match_profiles').insert(rows.slice(i, i + 1000));
}

/** Statistics counters reach pg_stat_user_tables when the writing backend flushes them (≤ 1 s later). */
async function modsSinceAnalyze(atLeast: number, table = 'match_profiles'): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const { rows: [r] } = await db.raw(`SELECT n_mod_since_analyze::int AS n FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()`, [table]);
    if (r.n >= atLeast) return r.n;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`n_mod_since_analyze stayed under ${atLeast}`);
}

async function insertedSinceVacuum(atLeast: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const { rows: [r] } = await db.raw(`SELECT n_ins_since_vacuum::int AS n FROM pg_stat_user_tables WHERE relname = 'match_block_keys' AND schemaname = current_schema()`);
    if (r.n >= atLeast) return r.n;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`n_ins_since_vacuum stayed under ${atLeast}`);
}

async function lastAnalyze(table = 'match_profiles'): Promise<Date | null> {
  const { rows: [r] } = await db.raw(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()`, [table]);
  return r.last_analyze;
}

beforeAll(async () => {
  db = await freshTestDatabase();
  await db.raw('ALTER TABLE match_profiles SET (autovacuum_enabled = false)');
  await db.raw('ALTER TABLE accounts SET (autovacuum_enabled = false)');
  await db.raw('ALTER TABLE review_queue SET (autovacuum_enabled = false)');
});
afterAll(async () => {
  await db?.destroy();
});

it('analyzes a table a load filled, once, and leaves the untouched ones alone', async () => {
  await addProfiles(2000);
  await modsSinceAnalyze(2000);
  expect(await lastAnalyze()).toBeNull();
  expect(await analyzeIfStale(db, ['match_profiles', 'contacts'])).toEqual(['match_profiles']);
  expect(await lastAnalyze()).not.toBeNull();
  const { rows: [c] } = await db.raw(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'match_profiles' AND relnamespace = current_schema()::regnamespace`);
  expect(c.n).toBe(2000);
  expect(await analyzeIfStale(db, ['match_profiles', 'contacts'])).toEqual([]);
});

it('waits for autovacuum’s threshold: 50 rows plus 10% of the table', async () => {
  await addProfiles(200); // 2000 rows: the threshold is 250
  await modsSinceAnalyze(200);
  expect(await analyzeIfStale(db, ['match_profiles'])).toEqual([]);
  await addProfiles(100);
  await modsSinceAnalyze(300);
  expect(await analyzeIfStale(db, ['match_profiles'])).toEqual(['match_profiles']);
});

it('a dedupe analyzes the accounts a --no-match import left unanalyzed before it merges', async () => {
  // Measured at 853k accounts: without statistics every merge chunk scanned all of source_records.
  const names = Array.from({ length: 1500 }, (_, i) => ({ name: `Company ${i}` }));
  for (let i = 0; i < names.length; i += 500) await db('accounts').insert(names.slice(i, i + 500));
  await modsSinceAnalyze(1500, 'accounts');
  expect(await lastAnalyze('accounts')).toBeNull();
  expect(await applyDedupeChunks(db, { job: 'dedupe-without-chunks', entity: 'accounts' })).toBe(0);
  expect(await lastAnalyze('accounts')).not.toBeNull();
});

it('analyzes a table that holds rows but was never analyzed, even when its counters were reset', async () => {
  // Counters start from zero after a crash, a pg_stat_reset() or in a database made from a template.
  await db('contacts').insert(Array.from({ length: 300 }, (_, i) => ({ first_name: 'Ana', last_name: `Pérez ${i}` })));
  await db.raw('SELECT pg_stat_reset()');
  const { rows: [c] } = await db.raw(`SELECT reltuples FROM pg_class WHERE relname = 'contacts' AND relnamespace = current_schema()::regnamespace`);
  expect(c.reltuples).toBeLessThan(0);
  expect(await analyzeIfStale(db, ['contacts', 'invoices'])).toEqual(['contacts']);
  expect(await analyzeIfStale(db, ['contacts', 'invoices'])).toEqual([]);
});

it('merges analyze the review queue they filled before they probe it for absorbed records', async () => {
  // Measured at 853k accounts: 157k pending reviews never analyzed, read whole by every merge chunk.
  const ids: { id: string }[] = await db('accounts').insert(Array.from({ length: 800 }, (_, i) => ({ name: `Review ${i}` }))).returning('id');
  const pairs = Array.from({ length: 400 }, (_, i) => {
    const [a, b] = [ids[2 * i]!.id, ids[2 * i + 1]!.id].sort();
    return { a, b, weight: 3, probability: 0.7, contributions: [] };
  });
  const review: PlanCluster[] = [{ members: [], decision: 'review', reason: 'score', pairs: pairs as unknown as PlanCluster['pairs'] }];
  expect(await lastAnalyze('review_queue')).toBeNull();
  // The counters reach pg_stat_user_tables up to a second after the commit: the next plan applied sees them.
  expect((await applyMergePlan(db, 'accounts', review)).enqueued).toBe(400);
  await modsSinceAnalyze(400, 'review_queue');
  await applyMergePlan(db, 'accounts', []);
  expect(await lastAnalyze('review_queue')).not.toBeNull();
});

it('vacuums the block keys once the keys added since their last vacuum pass autovacuum’s insert threshold', async () => {
  // A 10k batch adds ≈ 100k keys to millions: vacuuming after each cost ≈ 2.5 s (measured at 6M keys).
  await db.raw('ALTER TABLE match_block_keys SET (autovacuum_enabled = false)');
  await db.raw('VACUUM match_block_keys');
  const lastVacuum = async () => (await db.raw(`SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'match_block_keys' AND schemaname = current_schema()`)).rows[0].last_vacuum as Date;
  const before = await lastVacuum();
  await addProfiles(600, { matched: true }); // an empty table: the threshold is 1,000 keys
  await insertedSinceVacuum(600);
  expect(await vacuumBlockKeysIfStale(db)).toBe(false);
  expect(await lastVacuum()).toEqual(before);
  await addProfiles(500, { matched: true });
  await insertedSinceVacuum(1100);
  expect(await vacuumBlockKeysIfStale(db)).toBe(true);
  expect((await lastVacuum()).getTime()).toBeGreaterThan(before.getTime());
  expect(await vacuumBlockKeysIfStale(db)).toBe(false);
});

it('vacuums a table once its dead rows pass autovacuum’s threshold, and only then (the end of a dedupe)', async () => {
  // A dedupe of 853k accounts leaves ≈ 466k dead versions in accounts and as many in source_records.
  await db.raw('ALTER TABLE match_profiles SET (autovacuum_enabled = false)');
  await addProfiles(300);
  await db.raw('VACUUM match_profiles');
  const stats = async () => (await db.raw(
    `SELECT s.last_vacuum, s.n_dead_tup::int AS dead, c.reltuples::int AS tuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.relname = 'match_profiles' AND s.schemaname = current_schema()`,
  )).rows[0] as { last_vacuum: Date; dead: number; tuples: number };
  const deadAtLeast = async (n: number) => {
    for (let i = 0; i < 100 && (await stats()).dead < n; i++) await new Promise((res) => setTimeout(res, 100));
    expect((await stats()).dead).toBeGreaterThanOrEqual(n);
  };
  const before = await stats();
  const threshold = 50 + 0.2 * before.tuples;
  const remove = (n: number) => db.raw(`DELETE FROM match_profiles WHERE record_id IN (SELECT record_id FROM match_profiles ORDER BY record_id LIMIT ${n})`);
  const under = Math.floor(threshold / 2);
  await remove(under);
  await deadAtLeast(under);
  expect(await vacuumIfDue(db, ['match_profiles'])).toEqual([]);
  expect((await stats()).last_vacuum).toEqual(before.last_vacuum);
  await remove(Math.ceil(threshold) - under + 1);
  await deadAtLeast(Math.ceil(threshold) + 1);
  expect(await vacuumIfDue(db, ['match_profiles'])).toEqual(['match_profiles']);
  expect((await stats()).last_vacuum.getTime()).toBeGreaterThan(before.last_vacuum.getTime());
  expect(await vacuumIfDue(db, ['match_profiles'])).toEqual([]);
  await db.raw('ALTER TABLE match_profiles RESET (autovacuum_enabled)');
});

it('analyzes a ledger once it holds rows, then only when it has more than doubled (analyzeIfGrown), not after updates', async () => {
  // A 1M dedupe analyzed review_queue 18 times as its merges superseded reviews, match_decisions 34 times as it grew.
  await db.raw('TRUNCATE match_decisions');
  await db.raw('ALTER TABLE match_decisions SET (autovacuum_enabled = false)');
  const liveRows = async () => (await db.raw(
    `SELECT n_live_tup::int AS n FROM pg_stat_user_tables WHERE relname = 'match_decisions' AND schemaname = current_schema()`,
  )).rows[0].n as number;
  const liveAtLeast = async (n: number) => {
    for (let i = 0; i < 100 && (await liveRows()) < n; i++) await new Promise((res) => setTimeout(res, 100));
    expect(await liveRows()).toBeGreaterThanOrEqual(n);
  };
  const decide = (n: number) => db('match_decisions').insert(Array.from({ length: n }, () => {
    const [a, b] = [randomUUID(), randomUUID()].sort();
    return { entity_type: 'accounts', record_a: a, record_b: b, decision: 'duplicate', reason: 'test', decided_by: 'auto' };
  }));
  await decide(200);
  await liveAtLeast(200);
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual(['match_decisions']); // rows it was not analyzed with
  expect(await lastAnalyze('match_decisions')).not.toBeNull();
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual([]);
  // Every row updated: analyzeIfStale would analyze again; a grown-only check does not.
  await db('match_decisions').update({ reason: 'updated' });
  await modsSinceAnalyze(200, 'match_decisions');
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual([]);
  await decide(200); // 400 rows: not over 50 + 2 × 200
  await liveAtLeast(400);
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual([]);
  await decide(100); // 500 rows
  await liveAtLeast(500);
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual(['match_decisions']);
  expect(await analyzeIfGrown(db, ['match_decisions'])).toEqual([]);
  await db.raw('ALTER TABLE match_decisions RESET (autovacuum_enabled)');
});
