/**
 * npm run bench:rules [-- --accounts 1000000] [--seed 1] [--json [file]] [--regenerate] [--verify]
 *
 * Segmentation benchmark (issue 10), figures not timed tests: N accounts, 10·N invoice lines
 * (account ids drawn from a power law, 5·N invoices), 2·N site visits, N/2 sales activities and
 * N/5 receivables, generated in SQL into BENCH_DATABASE_URL (default crmhub_bench_rules) and reused
 * by later runs with the same size and seed (rules-dataset.ts). Then:
 * - night 1: full features + every shipped template (per rule: candidates, policy, diff, metrics);
 * - night 2: the next day with 1 % new invoice lines and visits: features for the dirty set only;
 * - night 3: a day later, 1 % more, everything recomputed (`--full`): the issue's full nightly run.
 * This process plays the worker (it calls the activities' functions); its peak RSS is sampled.
 * `--verify`: after each night (untimed), features and every rule's members and scores are compared
 * with a from-scratch evaluation (rules-verify.ts); the differences go to the output (0 = right).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { evaluateRule, type RuleRunSummary } from '../activities/segmentation/evaluate-rule';
import { refreshFeatures, type FeatureResult } from '../activities/segmentation/features';
import { RULE_ORDER } from '../activities/segmentation/pass';
import { saveRule } from '../activities/segmentation/rule-store';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { loadTemplates } from '../domain/segmentation/templates';
import { addDays } from '../domain/segmentation/windows';
import { ensureDataset, uuidOf } from './rules-dataset';
import { verifyNight } from './rules-verify';

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

async function night(db: Knex, asOf: string, label: string, full: boolean) {
  const loadAtStart = loadavg().map((x) => Number(x.toFixed(2)));
  const [pass] = await db('segment_passes').insert({ trigger: 'backfill', as_of: asOf, timezone: TZ, workflow_id: `bench-${label}` }).returning('id');
  const [features, featuresMs] = await timed<FeatureResult>(() => refreshFeatures(db, { asOf, timezone: TZ, currency: 'EUR', full }));
  log(`${label}: features ${features.mode} ${features.accounts} accounts (${features.changed} changed) in ${featuresMs} ms ${JSON.stringify(features.timings)}`);
  const rules: (RuleRunSummary & { ms: number })[] = [];
  for (const r of await db('segment_rules').where({ is_enabled: true }).orderByRaw(RULE_ORDER).select('id', 'code')) {
    const [s, ms] = await timed(() => evaluateRule(db, { passId: Number(pass.id), ruleId: r.id, trigger: 'backfill' }));
    log(`${label}: ${r.code} ${s.mode} ${ms} ms (+${s.entered} −${s.left} moved ${s.changed})`);
    rules.push({ ...s, ms });
  }
  const rulesMs = rules.reduce((a, r) => a + r.ms, 0);
  const verify = process.argv.includes('--verify') ? await verifyNight(db) : undefined;
  if (verify) log(`${label}: verify (differences from a from-scratch evaluation) ${JSON.stringify(verify)}`);
  return { asOf, loadAtStart, features: { ...features, ms: featuresMs }, rules, rulesMs, totalMs: featuresMs + rulesMs, verify };
}

/** About 1 % new facts dated `day`: N/20 invoices of 2 lines (power law), N/50 site visits. */
async function addFacts(db: Knex, n: number, day: string, tag: string): Promise<void> {
  const extra = Math.max(1, Math.floor(n / 10));
  await db.raw(`INSERT INTO invoices (source_system_code, external_id, account_id, number, kind, status, issue_date, currency, total_gross_minor, data_hash)
    SELECT 'bench', ? || g, ${uuidOf('ix')}, 'N' || g, 'invoice', 'posted', ?::date, 'EUR', 0, 'h' FROM (SELECT g, least(? - 1, floor(power(random(), 3) * ?)::int) AS ix FROM generate_series(1, ?) g) g0`, [tag, day, n, n, Math.floor(extra / 2)]);
  await db.raw(`INSERT INTO invoice_lines (source_system_code, external_id, account_id, invoice_id, line_no, product_family, net_minor, issue_date, currency, data_hash)
    SELECT 'bench', i.external_id || '-' || k, i.account_id, i.id, k, 'f1', (random() * 200000)::bigint, i.issue_date, 'EUR', 'h' FROM invoices i CROSS JOIN generate_series(1, 2) k WHERE i.external_id LIKE ? || '%'`, [tag]);
  await db.raw(`INSERT INTO site_visits (source_system_code, external_id, account_id, visited_at, data_hash)
    SELECT 'bench', ? || g, ${uuidOf('ix')}, ?::timestamptz, 'h' FROM (SELECT g, floor(random() * ?)::int AS ix FROM generate_series(1, ?) g) g0`, [tag, `${day}T10:00:00Z`, n, Math.floor(extra / 5)]);
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
    const dataset = await ensureDataset(db, { accounts: n, seed: arg('seed', 1) }, AS_OF, log, process.argv.includes('--regenerate'));
    const generation = dataset.ms;
    const counts = (await db.raw(`SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM invoice_lines)::int AS invoice_lines,
      (SELECT count(*) FROM site_visits)::int AS site_visits, (SELECT count(*) FROM activities)::int AS activities, (SELECT count(*) FROM receivables)::int AS receivables`)).rows[0];
    // The templates; RFM breakpoints are frozen from the data (features computed once for it).
    const [, saveMs] = await timed(async () => {
      for (const def of loadTemplates()) await saveRule(db, def, { asOf: AS_OF, by: 'bench' });
    });
    await db.raw('TRUNCATE segment_account_features, segment_feature_state');
    const night1 = await night(db, AS_OF, 'night 1', true);
    // Night 2: the next day with 1 % new invoice lines and site visits: the dirty set.
    const day2 = addDays(AS_OF, 1);
    await addFacts(db, n, day2, 'new1-');
    const night2 = await night(db, day2, 'night 2', false);
    // Night 3: one more day and 1 % more facts, every feature recomputed and every rule evaluated
    // in full (`rules run --full`, weekly): the full nightly run of issue 10.
    const day3 = addDays(AS_OF, 2);
    await addFacts(db, n, day3, 'new2-');
    const night3 = await night(db, day3, 'night 3', true);
    clearInterval(sampler);
    const out = { accounts: n, seed: arg('seed', 1), datasetReused: dataset.reused, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))), counts, generationMs: generation, saveTemplatesMs: saveMs, night1, night2, night3, peakRssMB: Math.round(peakRss / 1048576) };
    if (json) {
      const text = `${JSON.stringify(out, null, 2)}\n`;
      if (jsonFile) writeFileSync(jsonFile, text);
      else process.stdout.write(text);
    }
    if (!json || jsonFile) {
      const line = (s: string) => process.stdout.write(`${s}\n`);
      line(`\nSegmentation benchmark: ${counts.accounts} accounts, ${counts.invoice_lines} invoice lines, ${counts.site_visits} site visits, ${counts.activities} activities, ${counts.receivables} receivables`);
      const titles = ['Night 1 (first run: every membership and score written)', 'Night 2 (+1 % facts, dirty set)', 'Night 3 (+1 % facts, full: every feature and every rule)'];
      for (const [i, nt] of [night1, night2, night3].entries()) {
        line(`\n${titles[i]} as of ${nt.asOf}: total ${(nt.totalMs / 1000).toFixed(1)} s (load average at start ${nt.loadAtStart.join(' ')})`);
        line(`  features (${nt.features.mode}, ${nt.features.accounts} accounts)`.padEnd(48) + `${(nt.features.ms / 1000).toFixed(2)} s`);
        for (const r of nt.rules) {
          const phases = Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ');
          const how = r.mode === 'incremental' ? `incremental, ${r.evaluated} accounts` : 'full';
          line(`  ${r.rule.padEnd(24)} ${(r.ms / 1000).toFixed(2).padStart(7)} s   +${r.entered} −${r.left} moved ${r.changed}   (${how}; ${phases})`);
        }
      }
      for (const [i, nt] of [night1, night2, night3].entries()) if (nt.verify) line(`Night ${i + 1} verified: ${Object.values(nt.verify).every((v) => v === 0) ? 'no difference' : JSON.stringify(nt.verify)}`);
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
