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
 * This process plays the worker (it calls the activities' functions, rules in the workflow's order:
 * status rules, then CRMHUB_RULES_CONCURRENCY at a time); its peak RSS is sampled.
 * `--verify`: after each night (untimed), features and every rule's members and scores are compared
 * with a from-scratch evaluation (rules-verify.ts); the differences go to the output (0 = right).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { saveRule } from '../activities/segmentation/rule-store';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { loadTemplates } from '../domain/segmentation/templates';
import { addDays } from '../domain/segmentation/windows';
import { ensureDataset } from './rules-dataset';
import { addFacts, BENCH_TZ, night, timed } from './rules-night';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_rules';
const AS_OF = '2026-12-01';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function main(): Promise<void> {
  const n = arg('accounts', 1_000_000);
  const jsonIdx = process.argv.indexOf('--json');
  const json = jsonIdx > 0;
  const jsonFile = json && process.argv[jsonIdx + 1] && !process.argv[jsonIdx + 1]!.startsWith('--') ? process.argv[jsonIdx + 1] : null;
  const verify = process.argv.includes('--verify');
  process.env.CRMHUB_TIMEZONE = BENCH_TZ;
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
    const night1 = await night(db, AS_OF, 'night 1', true, verify);
    // Night 2: the next day with 1 % new invoice lines and site visits: the dirty set.
    const day2 = addDays(AS_OF, 1);
    await addFacts(db, n, day2, 'new1-');
    const night2 = await night(db, day2, 'night 2', false, verify);
    // Night 3: one more day and 1 % more facts, every feature recomputed and every rule evaluated
    // in full (`rules run --full`, weekly): the full nightly run of issue 10.
    const day3 = addDays(AS_OF, 2);
    await addFacts(db, n, day3, 'new2-');
    const night3 = await night(db, day3, 'night 3', true, verify);
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
        line(`  rules (${nt.lanes} lanes, each after the status rules it reads; own times below) ` + `${(nt.rulesMs / 1000).toFixed(2)} s`);
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
