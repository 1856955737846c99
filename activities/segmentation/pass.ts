/**
 * A segmentation pass: one workflow run over all enabled rules (or the ones asked for), as of one
 * business date in the hub's zone. Plan → features → each rule → finish.
 */
import type { Knex } from 'knex';
import { localDate } from '../../domain/segmentation/windows';
import { refreshFeatures, type FeatureResult } from './features';
import { segmentationSettings } from './settings';
import { BadRuleError } from './rule-store';
import type { RunTrigger } from './evaluate-rule';

export const RULE_ORDER = "kind = 'status' DESC, id";

export interface PassRequest { trigger: RunTrigger; asOf?: string; rules?: string[]; full?: boolean }
/** `lanes`: how many rules run at once after the status rules (pass-order.ts). */
export interface PassPlan { passId: number; asOf: string; rules: { id: number; code: string; kind: string }[]; full: boolean; lanes: number }

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
  return { passId: Number(passId), asOf, rules, full: Boolean(req.full), lanes: s.rulesConcurrency };
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
