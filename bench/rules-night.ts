/**
 * One night of the segmentation benchmark (rules-bench.ts): features, then every enabled rule in
 * pass order, each timed; and the ~1 % of new facts a day brings. Shared with experiment scripts
 * that replay a night on a copy of the database.
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { evaluateRule, type RuleRunSummary } from '../activities/segmentation/evaluate-rule';
import { refreshFeatures, type FeatureResult } from '../activities/segmentation/features';
import { lastRunMs, passDependencies, RULE_ORDER } from '../activities/segmentation/pass';
import { segmentationSettings } from '../activities/segmentation/settings';
import { runPassRules } from '../domain/segmentation/pass-order';
import { uuidOf } from './rules-dataset';
import { verifyNight } from './rules-verify';

export const BENCH_TZ = 'Europe/Madrid';
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const r = await fn();
  return [r, Date.now() - t];
}

export async function night(db: Knex, asOf: string, label: string, full: boolean, withVerify = false) {
  const loadAtStart = loadavg().map((x) => Number(x.toFixed(2)));
  const [pass] = await db('segment_passes').insert({ trigger: 'backfill', as_of: asOf, timezone: BENCH_TZ, workflow_id: `bench-${label}` }).returning('id');
  const [features, featuresMs] = await timed<FeatureResult>(() => refreshFeatures(db, { asOf, timezone: BENCH_TZ, currency: 'EUR', full }));
  log(`${label}: features ${features.mode} ${features.accounts} accounts (${features.changed} changed) in ${featuresMs} ms ${JSON.stringify(features.timings)}`);
  // As the workflow runs them: `lanes` rules at a time, each after the status rules it reads (pass-order.ts).
  const lanes = segmentationSettings().rulesConcurrency;
  const rows = await db('segment_rules').where({ is_enabled: true }).orderByRaw(RULE_ORDER).select('id', 'code', 'kind');
  const after = await passDependencies(db, rows, asOf);
  const ms = await lastRunMs(db, rows.map((r) => r.id));
  const plan = rows.map((r, i) => ({ ...r, after: after[i]!, expectedMs: ms.get(r.id) ?? null }));
  const rules: (RuleRunSummary & { ms: number })[] = [];
  const [, rulesMs] = await timed(() => runPassRules(plan, lanes, async (r, i) => {
    const [s, ms] = await timed(() => evaluateRule(db, { passId: Number(pass.id), ruleId: r.id, trigger: 'backfill' }));
    log(`${label}: ${r.code} ${s.mode} ${ms} ms (+${s.entered} −${s.left} moved ${s.changed})`);
    rules[i] = { ...s, ms };
  }));
  const verify = withVerify ? await verifyNight(db) : undefined;
  if (verify) log(`${label}: verify (differences from a from-scratch evaluation) ${JSON.stringify(verify)}`);
  return { asOf, loadAtStart, lanes, features: { ...features, ms: featuresMs }, rules, rulesMs, totalMs: featuresMs + rulesMs, verify };
}

/** About 1 % new facts dated `day`: N/20 invoices of 2 lines (power law), N/50 site visits. */
export async function addFacts(db: Knex, n: number, day: string, tag: string): Promise<void> {
  const extra = Math.max(1, Math.floor(n / 10));
  await db.raw(`INSERT INTO invoices (source_system_code, external_id, account_id, number, kind, status, issue_date, currency, total_gross_minor, data_hash)
    SELECT 'bench', ? || g, ${uuidOf('ix')}, 'N' || g, 'invoice', 'posted', ?::date, 'EUR', 0, 'h' FROM (SELECT g, least(? - 1, floor(power(random(), 3) * ?)::int) AS ix FROM generate_series(1, ?) g) g0`, [tag, day, n, n, Math.floor(extra / 2)]);
  await db.raw(`INSERT INTO invoice_lines (source_system_code, external_id, account_id, invoice_id, line_no, product_family, net_minor, issue_date, currency, data_hash)
    SELECT 'bench', i.external_id || '-' || k, i.account_id, i.id, k, 'f1', (random() * 200000)::bigint, i.issue_date, 'EUR', 'h' FROM invoices i CROSS JOIN generate_series(1, 2) k WHERE i.external_id LIKE ? || '%'`, [tag]);
  await db.raw(`INSERT INTO site_visits (source_system_code, external_id, account_id, visited_at, data_hash)
    SELECT 'bench', ? || g, ${uuidOf('ix')}, ?::timestamptz, 'h' FROM (SELECT g, floor(random() * ?)::int AS ix FROM generate_series(1, ?) g) g0`, [tag, `${day}T10:00:00Z`, n, Math.floor(extra / 5)]);
}
