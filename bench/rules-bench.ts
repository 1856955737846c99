/**
 * npm run bench:rules [-- --accounts 1000000] [--json [file]] [--reuse]
 *
 * Segmentation benchmark (issue 10), figures not timed tests: N accounts, 10·N invoice lines
 * (account ids drawn from a power law, 5·N invoices), 2·N site visits, N/2 sales activities and
 * N/5 receivables, generated in SQL into BENCH_DATABASE_URL (default crmhub_bench_rules). Then:
 * - night 1: full features + every shipped template (per rule: candidates, policy, diff, metrics);
 * - night 2: the next day with 1 % new invoice lines and visits: features for the dirty set only.
 * This process plays the worker (it calls the activities' functions); its peak RSS is sampled.
 */
import { writeFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { evaluateRule, type RuleRunSummary } from '../activities/segmentation/evaluate-rule';
import { refreshFeatures, type FeatureResult } from '../activities/segmentation/features';
import { saveRule } from '../activities/segmentation/rule-store';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { loadTemplates } from '../domain/segmentation/templates';
import { addDays } from '../domain/segmentation/windows';
import { migrateLatest } from '../migrations';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_rules';
const AS_OF = '2026-12-01';
const TZ = 'Europe/Madrid';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const r = await fn();
  return [r, Date.now() - t];
}

async function generate(db: Knex, n: number): Promise<Record<string, number>> {
  const t: Record<string, number> = {};
  const step = async (name: string, q: string, b: unknown[] = []) => {
    const [, ms] = await timed(() => db.raw(q, b as Knex.RawBinding[]));
    t[name] = ms;
    log(`generated ${name} in ${ms} ms`);
  };
  await db.raw('DROP SCHEMA IF EXISTS public CASCADE');
  await db.raw('CREATE SCHEMA public');
  await migrateLatest(db);
  await db('source_systems').insert({ code: 'bench', label: 'bench', kind: 'erp', connector_code: 'sql' });
  await db('product_families').insert(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'chairs', 'tables'].map((code) => ({ code, label: code })));
  // Facts were written yesterday: a new night sees only what is newer.
  const old = `now() - interval '1 day'`;
  await step('accounts', `INSERT INTO accounts (id, name, category_code, extras) SELECT gen_random_uuid(), 'account ' || i,
      CASE WHEN i % 10 = 0 THEN 'A' WHEN i % 10 < 4 THEN 'B' ELSE 'C' END, jsonb_build_object('ix', i) FROM generate_series(0, ? - 1) i`, [n]);
  await step('account index', `CREATE UNLOGGED TABLE bench_ix AS SELECT (extras->>'ix')::int AS ix, id FROM accounts; ALTER TABLE bench_ix ADD PRIMARY KEY (ix)`);
  // Power law: a few accounts buy a lot. Dates over the last 4 years.
  await step('invoices', `INSERT INTO invoices (source_system_code, external_id, account_id, number, kind, status, issue_date, currency, total_gross_minor, data_hash, updated_at)
      SELECT 'bench', 'i' || g, x.id, 'F' || g, 'invoice', 'posted', ?::date - (random() * 1460)::int, 'EUR', 0, 'h', ${old}
        FROM (SELECT g, least(? - 1, floor(power(random(), 3) * ?)::int) AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [AS_OF, n, n, 5 * n]);
  await step('invoice_lines', `INSERT INTO invoice_lines (source_system_code, external_id, account_id, invoice_id, line_no, product_family, net_minor, issue_date, currency, data_hash, updated_at)
      SELECT 'bench', i.external_id || '-' || k, i.account_id, i.id, k,
             (ARRAY['f0','f1','f2','f3','f4','f5','f6','f7','chairs','tables'])[1 + floor(random() * 10)::int], (random() * 200000)::bigint, i.issue_date, 'EUR', 'h', ${old}
        FROM invoices i CROSS JOIN generate_series(1, 2) k`);
  await step('site_visits', `INSERT INTO site_visits (source_system_code, external_id, account_id, visited_at, page_views, data_hash, updated_at)
      SELECT 'bench', 'v' || g, x.id, ?::timestamptz - random() * interval '365 days', 3, 'h', ${old}
        FROM (SELECT g, floor(random() * ?)::int AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [`${AS_OF}T20:00:00Z`, n, 2 * n]);
  await step('activities', `INSERT INTO activities (source_system_code, external_id, account_id, kind, occurred_at, data_hash, updated_at)
      SELECT 'bench', 'a' || g, x.id, (ARRAY['visit','call','meeting'])[1 + floor(random() * 3)::int], ?::timestamptz - random() * interval '400 days', 'h', ${old}
        FROM (SELECT g, (floor(random() * ? / 10) * 10)::int AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [`${AS_OF}T20:00:00Z`, n, Math.floor(n / 2)]);
  await step('receivables', `INSERT INTO receivables (source_system_code, external_id, account_id, due_date, currency, amount_due_minor, status, as_of, data_hash, updated_at)
      SELECT 'bench', 'r' || g, x.id, ?::date - (random() * 180)::int, 'EUR', (random() * 500000)::bigint, 'open', now(), 'h', ${old}
        FROM (SELECT g, floor(random() * ?)::int AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [AS_OF, n, Math.floor(n / 5)]);
  await step('analyze', 'ANALYZE');
  return t;
}

async function night(db: Knex, asOf: string, label: string, full: boolean) {
  const [pass] = await db('segment_passes').insert({ trigger: 'backfill', as_of: asOf, timezone: TZ, workflow_id: `bench-${label}` }).returning('id');
  const [features, featuresMs] = await timed<FeatureResult>(() => refreshFeatures(db, { asOf, timezone: TZ, currency: 'EUR', full }));
  log(`${label}: features ${features.mode} ${features.accounts} accounts in ${featuresMs} ms`);
  const rules: (RuleRunSummary & { ms: number })[] = [];
  for (const r of await db('segment_rules').where({ is_enabled: true }).orderBy('id').select('id', 'code')) {
    const [s, ms] = await timed(() => evaluateRule(db, { passId: Number(pass.id), ruleId: r.id, trigger: 'backfill' }));
    log(`${label}: ${r.code} ${ms} ms (+${s.entered} −${s.left} moved ${s.changed})`);
    rules.push({ ...s, ms });
  }
  const rulesMs = rules.reduce((a, r) => a + r.ms, 0);
  return { asOf, features: { ...features, ms: featuresMs }, rules, rulesMs, totalMs: featuresMs + rulesMs };
}

async function main(): Promise<void> {
  const n = arg('accounts', 1_000_000);
  const jsonIdx = process.argv.indexOf('--json');
  const json = jsonIdx > 0;
  const jsonFile = json && process.argv[jsonIdx + 1] && !process.argv[jsonIdx + 1]!.startsWith('--') ? process.argv[jsonIdx + 1] : null;
  process.env.CRMHUB_TIMEZONE = TZ;
  await ensureDatabase(URL);
  const db = createDb(URL, { min: 0, max: 4 });
  try {
    let generation: Record<string, number> = {};
    const reuse = process.argv.includes('--reuse') && Number((await db.raw(`SELECT count(*) AS c FROM accounts`).catch(() => ({ rows: [{ c: 0 }] }))).rows[0].c) === n;
    if (!reuse) generation = await generate(db, n);
    else {
      await db.raw('TRUNCATE segment_memberships, account_metrics, segment_runs, segment_passes, segment_rule_versions, segment_rules, segment_account_features, segment_feature_state CASCADE');
      await db.raw(`DELETE FROM invoice_lines WHERE external_id LIKE 'new%'`);
      await db.raw(`DELETE FROM invoices WHERE external_id LIKE 'new%'`);
      await db.raw(`DELETE FROM site_visits WHERE external_id LIKE 'new%'`);
      await db.raw(`UPDATE invoice_lines SET updated_at = now() - interval '1 day' WHERE updated_at > now() - interval '1 day'`);
    }
    const counts = (await db.raw(`SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM invoice_lines)::int AS invoice_lines,
      (SELECT count(*) FROM site_visits)::int AS site_visits, (SELECT count(*) FROM activities)::int AS activities, (SELECT count(*) FROM receivables)::int AS receivables`)).rows[0];
    // The templates; RFM breakpoints are frozen from the data (features computed once for it).
    const [, saveMs] = await timed(async () => {
      for (const def of loadTemplates()) await saveRule(db, def, { asOf: AS_OF, by: 'bench' });
    });
    await db.raw('TRUNCATE segment_account_features, segment_feature_state');
    const night1 = await night(db, AS_OF, 'night 1', true);
    // Night 2: 1 % new invoice lines and site visits dated the new day.
    const next = addDays(AS_OF, 1);
    const extra = Math.max(1, Math.floor(n / 10));
    await db.raw(`INSERT INTO invoices (source_system_code, external_id, account_id, number, kind, status, issue_date, currency, total_gross_minor, data_hash)
      SELECT 'bench', 'new' || g, x.id, 'N' || g, 'invoice', 'posted', ?::date, 'EUR', 0, 'h' FROM (SELECT g, least(? - 1, floor(power(random(), 3) * ?)::int) AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [next, n, n, Math.floor(extra / 2)]);
    await db.raw(`INSERT INTO invoice_lines (source_system_code, external_id, account_id, invoice_id, line_no, product_family, net_minor, issue_date, currency, data_hash)
      SELECT 'bench', i.external_id || '-' || k, i.account_id, i.id, k, 'f1', (random() * 200000)::bigint, i.issue_date, 'EUR', 'h' FROM invoices i CROSS JOIN generate_series(1, 2) k WHERE i.external_id LIKE 'new%'`);
    await db.raw(`INSERT INTO site_visits (source_system_code, external_id, account_id, visited_at, data_hash)
      SELECT 'bench', 'new' || g, x.id, ?::timestamptz, 'h' FROM (SELECT g, floor(random() * ?)::int AS ix FROM generate_series(1, ?) g) g0 JOIN bench_ix x ON x.ix = g0.ix`, [`${next}T10:00:00Z`, n, Math.floor(extra / 5)]);
    const night2 = await night(db, next, 'night 2', false);
    clearInterval(sampler);
    const out = { accounts: n, counts, generationMs: generation, saveTemplatesMs: saveMs, night1, night2, peakRssMB: Math.round(peakRss / 1048576) };
    if (json) {
      const text = `${JSON.stringify(out, null, 2)}\n`;
      if (jsonFile) writeFileSync(jsonFile, text);
      else process.stdout.write(text);
    }
    if (!json || jsonFile) {
      const line = (s: string) => process.stdout.write(`${s}\n`);
      line(`\nSegmentation benchmark: ${counts.accounts} accounts, ${counts.invoice_lines} invoice lines, ${counts.site_visits} site visits, ${counts.activities} activities, ${counts.receivables} receivables`);
      for (const nt of [night1, night2]) {
        line(`\n${nt === night1 ? 'Night 1 (full)' : 'Night 2 (+1 % facts, dirty set)'} as of ${nt.asOf}: total ${(nt.totalMs / 1000).toFixed(1)} s`);
        line(`  features (${nt.features.mode}, ${nt.features.accounts} accounts)`.padEnd(48) + `${(nt.features.ms / 1000).toFixed(2)} s`);
        for (const r of nt.rules) {
          const phases = Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ');
          line(`  ${r.rule.padEnd(24)} ${(r.ms / 1000).toFixed(2).padStart(7)} s   +${r.entered} −${r.left} moved ${r.changed}   (${phases})`);
        }
      }
      line(`\nPeak RSS of this worker process: ${out.peakRssMB} MB`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
