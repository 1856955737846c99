/**
 * The segmentation benchmark's facts: N accounts, 5·N invoices with 2 lines each (account ids drawn
 * from a power law: a few accounts buy a lot), 2·N site visits, N/2 sales activities, N/5 open
 * receivables, dated over the four years before the as-of date.
 *
 * Generated inside PostgreSQL (INSERT … SELECT over generate_series: no row crosses the socket)
 * in one session with `setseed`, so a seed and a size give the same facts. Loading 10 M lines
 * row by row through indexes and foreign-key triggers is what made the old generator slow, so:
 * - ids are sequential (uuids built from a counter), external ids zero-padded: every unique
 *   index is appended to at its right edge instead of touched at random pages;
 * - foreign-key triggers are off for the load (`session_replication_role = replica`; the rows
 *   are consistent by construction) and plain indexes are dropped and rebuilt after it.
 * A marker table (`bench_dataset`) records seed, size and generator version: a later run with the
 * same key reuses the facts (minutes at 1 M accounts) and only resets what a run changes.
 */
import type { Knex } from 'knex';
import { migrateLatest } from '../migrations';

export const GENERATOR_VERSION = 2;
export interface DatasetKey { accounts: number; seed: number }

/** A uuid from a counter: ordered like the counter, so its btree grows at one end. */
export const uuidOf = (expr: string, prefix = '00000000') => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;

const BIG_TABLES = ['accounts', 'invoices', 'invoice_lines', 'site_visits', 'activities', 'receivables'];

async function sameDataset(db: Knex, key: DatasetKey): Promise<boolean> {
  const r = await db.raw(`SELECT to_regclass('public.bench_dataset') IS NOT NULL AS present`);
  if (!r.rows[0].present) return false;
  const row = (await db.raw('SELECT accounts, seed, version FROM bench_dataset')).rows[0];
  return Boolean(row && Number(row.accounts) === key.accounts && Number(row.seed) === key.seed && Number(row.version) === GENERATOR_VERSION);
}

/** Undoes what a benchmark run wrote, so a reused dataset starts every run the same. */
async function resetRunState(db: Knex): Promise<void> {
  await db.raw('TRUNCATE segment_memberships, account_metrics, segment_runs, segment_passes, segment_rule_versions, segment_rules, segment_account_features, segment_feature_state CASCADE');
  await db.transaction(async (trx) => {
    // Foreign-key triggers off: each deleted invoice would otherwise scan receivables (no index on
    // invoice_id) to null its references; the runs' new invoices have no receivables.
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw(`DELETE FROM invoice_lines WHERE source_system_code = 'bench' AND external_id >= 'new' AND external_id < 'nex'`);
    await trx.raw(`DELETE FROM invoices WHERE source_system_code = 'bench' AND external_id >= 'new' AND external_id < 'nex'`);
    await trx.raw(`DELETE FROM site_visits WHERE source_system_code = 'bench' AND external_id >= 'new' AND external_id < 'nex'`);
    // The status template writes relationship types: back to none, as generated.
    await trx.raw('UPDATE accounts SET relationship_type_code = NULL WHERE relationship_type_code IS NOT NULL');
  });
  // Each run rewrites every account twice (the status template, then this reset): without this the
  // table grows by a million dead rows per run and every later run scans them.
  await db.raw('VACUUM FULL ANALYZE accounts');
  // Each run adds and this reset deletes 2 % of the facts: counted since the last ANALYZE, they
  // crossed the 10 % threshold after a few runs, and that run's night 2 analyzed ten million
  // invoice lines inside its dirty set (analyzeIfStale; +0.5 s). Every run starts as generated.
  await db.raw('ANALYZE invoice_lines, invoices, site_visits');
}

export async function ensureDataset(db: Knex, key: DatasetKey, asOf: string, log: (m: string) => void, force = false): Promise<{ reused: boolean; ms: Record<string, number> }> {
  const ms: Record<string, number> = {};
  if (!force && await sameDataset(db, key)) {
    await migrateLatest(db);
    const t = Date.now();
    await resetRunState(db);
    ms.reset = Date.now() - t;
    log(`reusing the dataset (${key.accounts} accounts, seed ${key.seed}); reset in ${ms.reset} ms`);
    return { reused: true, ms };
  }
  await db.raw('DROP SCHEMA IF EXISTS public CASCADE');
  await db.raw('CREATE SCHEMA public');
  await migrateLatest(db);
  await db('source_systems').insert({ code: 'bench', label: 'bench', kind: 'erp', connector_code: 'sql' });
  await db('product_families').insert(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'chairs', 'tables'].map((code) => ({ code, label: code })));
  const n = key.accounts;
  await db.transaction(async (trx) => {
    const step = async (name: string, q: string, b: unknown[] = []) => {
      const t = Date.now();
      await trx.raw(q, b as Knex.RawBinding[]);
      ms[name] = Date.now() - t;
      log(`generated ${name} in ${ms[name]} ms`);
    };
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw('SET LOCAL synchronous_commit = off');
    await trx.raw(`SET LOCAL maintenance_work_mem = '512MB'`);
    await trx.raw('SELECT setseed(?)', [(key.seed % 1000) / 1000]);
    const plain = (await trx.raw(`SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(?)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`, [BIG_TABLES])).rows as { indexname: string; indexdef: string }[];
    for (const ix of plain) await trx.raw(`DROP INDEX ${ix.indexname}`);
    // Facts were written yesterday: a new night sees only what is newer.
    const old = `now() - interval '1 day'`;
    const account = (ix: string) => uuidOf(ix);
    const powerLaw = `least(${n} - 1, floor(power(random(), 3) * ${n})::int)`;
    await step('accounts', `INSERT INTO accounts (id, name, category_code, extras)
        SELECT ${account('i')}, 'account ' || i, CASE WHEN i % 10 = 0 THEN 'A' WHEN i % 10 < 4 THEN 'B' ELSE 'C' END, jsonb_build_object('ix', i)
          FROM generate_series(0, ${n} - 1) i`);
    await step('invoices', `INSERT INTO invoices (id, source_system_code, external_id, account_id, number, kind, status, issue_date, currency, total_gross_minor, data_hash, updated_at)
        SELECT ${uuidOf('g', '00000001')}, 'bench', 'i' || lpad(g::text, 10, '0'), ${account(powerLaw)}, 'F' || g, 'invoice', 'posted',
               ?::date - (random() * 1460)::int, 'EUR', 0, 'h', ${old}
          FROM generate_series(1, ${5 * n}) g`, [asOf]);
    await step('invoice_lines', `INSERT INTO invoice_lines (id, source_system_code, external_id, account_id, invoice_id, line_no, product_family, net_minor, issue_date, currency, data_hash, updated_at)
        SELECT ${uuidOf('(substr(i.external_id, 2)::bigint * 2 + k)', '00000002')}, 'bench', i.external_id || '-' || k, i.account_id, i.id, k,
               (ARRAY['f0','f1','f2','f3','f4','f5','f6','f7','chairs','tables'])[1 + floor(random() * 10)::int], (random() * 200000)::bigint, i.issue_date, 'EUR', 'h', ${old}
          FROM invoices i CROSS JOIN generate_series(1, 2) k`);
    await step('site_visits', `INSERT INTO site_visits (id, source_system_code, external_id, account_id, visited_at, page_views, data_hash, updated_at)
        SELECT ${uuidOf('g', '00000003')}, 'bench', 'v' || lpad(g::text, 10, '0'), ${account(`floor(random() * ${n})::int`)},
               ?::timestamptz - random() * interval '365 days', 3, 'h', ${old}
          FROM generate_series(1, ${2 * n}) g`, [`${asOf}T20:00:00Z`]);
    await step('activities', `INSERT INTO activities (id, source_system_code, external_id, account_id, kind, occurred_at, data_hash, updated_at)
        SELECT ${uuidOf('g', '00000004')}, 'bench', 'a' || lpad(g::text, 10, '0'), ${account(`(floor(random() * ${n} / 10) * 10)::int`)},
               (ARRAY['visit','call','meeting'])[1 + floor(random() * 3)::int], ?::timestamptz - random() * interval '400 days', 'h', ${old}
          FROM generate_series(1, ${Math.floor(n / 2)}) g`, [`${asOf}T20:00:00Z`]);
    await step('receivables', `INSERT INTO receivables (id, source_system_code, external_id, account_id, due_date, currency, amount_due_minor, status, as_of, data_hash, updated_at)
        SELECT ${uuidOf('g', '00000005')}, 'bench', 'r' || lpad(g::text, 10, '0'), ${account(`floor(random() * ${n})::int`)},
               ?::date - (random() * 180)::int, 'EUR', (random() * 500000)::bigint, 'open', now(), 'h', ${old}
          FROM generate_series(1, ${Math.floor(n / 5)}) g`, [asOf]);
    const t = Date.now();
    for (const ix of plain) await trx.raw(ix.indexdef);
    ms.indexes = Date.now() - t;
    log(`rebuilt ${plain.length} indexes in ${ms.indexes} ms`);
    await trx.raw('CREATE TABLE bench_dataset (accounts integer NOT NULL, seed integer NOT NULL, version integer NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())');
    await trx.raw('INSERT INTO bench_dataset (accounts, seed, version) VALUES (?, ?, ?)', [n, key.seed, GENERATOR_VERSION]);
  });
  const t = Date.now();
  await db.raw('VACUUM ANALYZE');
  ms.vacuumAnalyze = Date.now() - t;
  log(`vacuum analyze in ${ms.vacuumAnalyze} ms`);
  return { reused: false, ms };
}
