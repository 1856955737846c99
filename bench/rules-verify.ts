/**
 * `npm run bench:rules -- --verify`: after a night, checks what the fast paths wrote against the
 * definitions evaluated from scratch, on the benchmark's own data.
 * - Features: every stored row against a full recompute (featureSelect over every account).
 * - Rules: every open membership (value) and every score against the rule's reference SELECT over
 *   every account (`compiled.candidates`: for ABC the window over all accounts, not the cut-offs),
 *   leaving out tier members held by the downgrade policy (the policy, not the data, keeps them).
 * - Counts: each rule's last run says how many members it left open (kept + entered + changed;
 *   incremental runs carry it from the run before): the difference from a count of the open rows.
 * Returns the differences per check (0 everywhere when the night was right).
 */
import type { Knex } from 'knex';
import { compileRule } from '../domain/segmentation/compile-rule';
import type { AstRule } from '../domain/segmentation/rule-schema';
import { raw, sql } from '../domain/segmentation/sql-fragment';
import { featureSelect, featureState, MAX_FAMILY_BITS, SEGMENT_WORK_MEM } from '../activities/segmentation/features';
import { ruleContext } from '../activities/segmentation/rule-store';

const FEATURE_COLUMNS = ['turnover_12m_minor', 'turnover_36m_minor', 'invoice_days_12m', 'invoice_days_36m', 'first_invoice_on', 'last_invoice_on', 'orders_12m',
  'visits_12m', 'activities_90d', 'site_visits_90d', 'open_receivables_minor', 'overdue_60_minor', 'families_12m', 'families_all'];

export async function verifyNight(db: Knex): Promise<Record<string, number>> {
  const fs = await featureState(db);
  if (!fs) throw new Error('no features to verify');
  const out: Record<string, number> = {};
  await db.transaction(async (trx) => {
    await trx.raw(`SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'`);
    const codes = (await trx.raw('SELECT array_agg(code ORDER BY code) AS codes FROM product_families')).rows[0].codes as string[] | null;
    const families = (codes ?? []).length <= MAX_FAMILY_BITS ? (codes ?? []) : null;
    const q = sql`CREATE TEMP TABLE v_features ON COMMIT DROP AS SELECT * FROM (${featureSelect({ asOf: fs.asOf, timezone: fs.timezone, currency: fs.currency }, false, families)} WHERE a.deleted_at IS NULL) x(${raw(['account_id', 'as_of', ...FEATURE_COLUMNS.slice(0, 12), 'recompute_on', 'computed_at', 'families_12m', 'families_all'].join(', '))})`;
    await trx.raw(q.text, q.values as Knex.RawBinding[]);
    const cols = FEATURE_COLUMNS.map((c) => `v.${c} IS DISTINCT FROM f.${c}`).join(' OR ');
    out.features = Number((await trx.raw(`SELECT count(*) AS n FROM v_features v FULL JOIN segment_account_features f ON f.account_id = v.account_id
       WHERE v.account_id IS NULL OR f.account_id IS NULL OR ${cols}`)).rows[0].n);
  });
  const rules = await db('segment_rules as r').join('segment_rule_versions as v', function () {
    this.on('v.rule_id', 'r.id').andOn('v.version', 'r.current_version');
  }).where({ 'r.is_enabled': true, 'v.mode': 'ast' }).select('r.id', 'r.code', 'v.definition');
  for (const r of rules) {
    const rule = r.definition as AstRule;
    const compiled = compileRule(rule, { ...ruleContext(rule, fs.asOf), features: { asOf: fs.asOf, timezone: fs.timezone, currency: fs.currency } });
    await db.transaction(async (trx) => {
      await trx.raw(`SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'`);
      const c = sql`CREATE TEMP TABLE v_cand ON COMMIT DROP AS ${compiled.candidates}`;
      await trx.raw(c.text, c.values as Knex.RawBinding[]);
      const member = rule.output.kind === 'tag' ? 'true' : 'c.value IS NOT NULL';
      out[r.code] = Number((await trx.raw(`SELECT count(*) AS n FROM (SELECT account_id, value FROM segment_memberships WHERE rule_id = ? AND left_at IS NULL AND evidence ->> 'held_by' IS NULL) m
          FULL JOIN (SELECT c.account_id, c.value FROM v_cand c WHERE ${member}) c ON c.account_id = m.account_id
         WHERE (m.account_id IS NULL AND NOT EXISTS (SELECT 1 FROM segment_memberships h WHERE h.rule_id = ? AND h.account_id = c.account_id AND h.left_at IS NULL AND h.evidence ->> 'held_by' IS NOT NULL))
            OR c.account_id IS NULL OR m.value IS DISTINCT FROM c.value`, [r.id, r.id])).rows[0].n);
      const last = await trx('segment_runs').where({ rule_id: r.id, status: 'succeeded' }).orderBy('id', 'desc').first('kept_count', 'entered_count', 'changed_count');
      const open = Number((await trx.raw('SELECT count(*) AS n FROM segment_memberships WHERE rule_id = ? AND left_at IS NULL', [r.id])).rows[0].n);
      out[`${r.code} count`] = Math.abs(Number(last.kept_count) + Number(last.entered_count) + Number(last.changed_count) - open);
      if (rule.output.kind === 'score') {
        out[`${r.code} scores`] = Number((await trx.raw(`SELECT count(*) AS n FROM (SELECT account_id, value FROM account_metrics WHERE rule_id = ?) m
            FULL JOIN (SELECT account_id, score FROM v_cand WHERE score IS NOT NULL) c ON c.account_id = m.account_id
           WHERE m.account_id IS NULL OR c.account_id IS NULL OR m.value IS DISTINCT FROM c.score`, [r.id])).rows[0].n);
      }
    });
  }
  return out;
}
