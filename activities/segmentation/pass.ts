/**
 * A segmentation pass: one workflow run over all enabled rules (or the ones asked for), as of one
 * business date in the hub's zone. Plan → features → each rule → finish.
 */
import type { Knex } from 'knex';
import { localDate } from '../../domain/segmentation/windows';
import { refreshFeatures, type FeatureResult } from './features';
import { segmentationSettings } from './settings';
import { BadRuleError, loadRuleById, ruleContext, STATUS_COLUMNS } from './rule-store';
import { compileRule } from '../../domain/segmentation/compile-rule';
import type { AstRule } from '../../domain/segmentation/rule-schema';
import type { RunTrigger } from './evaluate-rule';

export const RULE_ORDER = "kind = 'status' DESC, id";

export interface PassRequest { trigger: RunTrigger; asOf?: string; rules?: string[]; full?: boolean }
/** `lanes`: how many rules run at once; `after`: the earlier rules each one waits for (pass-order.ts). */
export interface PassPlan { passId: number; asOf: string; rules: { id: number; code: string; kind: string; after?: number[]; expectedMs?: number | null }[]; full: boolean; lanes: number }

/** Each rule's last successful run time in ms (null: never ran), to start long rules first (pass-order.ts). */
export async function lastRunMs(db: Knex, ruleIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.raw(`SELECT DISTINCT ON (rule_id) rule_id, (extract(epoch FROM finished_at - started_at) * 1000)::int AS ms
      FROM segment_runs WHERE rule_id = ANY(?::int[]) AND status = 'succeeded' AND finished_at IS NOT NULL ORDER BY rule_id, id DESC`, [[...ruleIds]]);
  return new Map((rows.rows as { rule_id: number; ms: number }[]).map((r) => [Number(r.rule_id), Number(r.ms)]));
}

/**
 * For each rule (in RULE_ORDER: status rules first), the indexes of the earlier status rules it
 * must wait for: those writing an account column its compiled SQL reads (`a.<column>`, lookups
 * included: a lookup joins on the account's code), or the same column as it writes. An admin SQL
 * rule, or one that does not compile (its run reports why), waits for every status rule.
 */
export async function passDependencies(db: Knex, rules: readonly { id: number; kind: string }[], asOf: string): Promise<number[][]> {
  const writes: (string | null)[] = [];
  const reads: (Set<string> | null)[] = [];
  for (const r of rules) {
    const stored = await loadRuleById(db, r.id);
    const rule = stored.definition;
    writes.push(rule.output.kind === 'status' ? STATUS_COLUMNS[rule.output.field] : null);
    if (rule.mode === 'sql') {
      reads.push(null);
      continue;
    }
    try {
      const c = compileRule(rule as AstRule, ruleContext(rule, asOf));
      const text = [c.candidates.text, c.value.text, c.match.text, c.evidence.text].join('\n');
      reads.push(new Set(Object.values(STATUS_COLUMNS).filter((col) => new RegExp(`\\ba\\.${col}\\b`).test(text))));
    } catch {
      reads.push(null);
    }
  }
  return rules.map((_, i) => {
    const own = writes[i];
    const mine = reads[i] ?? null;
    return rules.flatMap((_, j) => {
      const col = writes[j];
      if (j >= i || !col) return [];
      return mine === null || mine.has(col) || own === col ? [j] : [];
    });
  });
}

export async function planPass(db: Knex, req: PassRequest, wf: { workflowId: string; runId: string }): Promise<PassPlan> {
  const s = segmentationSettings();
  const asOf = req.asOf ?? localDate(new Date(), s.timezone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new BadRuleError(`as-of must be a date YYYY-MM-DD, got ${asOf}`);
  // Status rules first: the fields they write are inputs of the others, which then see tonight's values.
  let q = db('segment_rules').where({ is_enabled: true }).orderByRaw(RULE_ORDER).select('id', 'code', 'kind');
  if (req.rules?.length) q = db('segment_rules').whereIn('code', req.rules).orderByRaw(RULE_ORDER).select('id', 'code', 'kind');
  const rules = await q;
  const missing = (req.rules ?? []).filter((c) => !rules.some((r) => r.code === c));
  if (missing.length) throw new BadRuleError(`no rule ${missing.join(', ')}: crmhub rules list`);
  // A pass already recorded for this workflow run (an activity retry) is reused, not duplicated.
  const existing = await db('segment_passes').where({ workflow_id: wf.workflowId, temporal_run_id: wf.runId }).first('id');
  const passId = existing?.id ?? (await db('segment_passes').insert({ workflow_id: wf.workflowId, temporal_run_id: wf.runId, trigger: req.trigger, as_of: asOf, timezone: s.timezone }).returning('id'))[0].id;
  const after = await passDependencies(db, rules, asOf);
  const ms = await lastRunMs(db, rules.map((r) => r.id));
  return { passId: Number(passId), asOf, rules: rules.map((r, i) => ({ ...r, after: after[i]!, expectedMs: ms.get(r.id) ?? null })), full: Boolean(req.full), lanes: s.rulesConcurrency };
}

export async function refreshPassFeatures(db: Knex, input: { passId: number; full: boolean }): Promise<FeatureResult> {
  const s = segmentationSettings();
  const pass = await db('segment_passes').where({ id: input.passId }).first();
  const asOf = typeof pass.as_of === 'string' ? pass.as_of : (pass.as_of as Date).toISOString().slice(0, 10);
  const r = await refreshFeatures(db, { asOf, timezone: s.timezone, currency: s.currency, full: input.full });
  await db('segment_passes').where({ id: input.passId }).update({ features_mode: r.mode, dirty_accounts: r.accounts, features_ms: r.ms });
  return r;
}

export async function finishPass(db: Knex, input: { passId: number; failed: number; total: number }): Promise<void> {
  const status = input.failed === 0 ? 'succeeded' : input.failed === input.total ? 'failed' : 'partial';
  await db('segment_passes').where({ id: input.passId }).update({ status, finished_at: db.fn.now() });
}
