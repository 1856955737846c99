/**
 * The nightly segmentation pass (issue 10): features for the dirty set, then every enabled rule
 * over them, one activity per rule: status rules first, then the others `plan.lanes` at a time
 * (domain/segmentation/pass-order.ts). A failed rule is recorded (run status, error) and does not
 * stop the others. Started by hand (`crmhub rules run`) or by the rules schedule through
 * scheduledSegmentRules; both use the workflow id `segment-rules`, so two passes never overlap.
 */
import { ActivityFailure, ApplicationFailure, patched, proxyActivities, startChild, ParentClosePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { runPassRules } from '../domain/segmentation/pass-order';
import { SEGMENT_RULES_WORKFLOW_ID } from './sync-ids';

const quick = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['BadInput', 'BadConfiguration', 'Auth'] },
});
const heavy = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['BadInput', 'BadConfiguration', 'Auth'] },
});

export interface SegmentRulesInput { trigger?: 'schedule' | 'manual' | 'definition_change' | 'backfill'; asOf?: string; rules?: string[]; full?: boolean }

export interface SegmentRulesReport {
  passId: number; asOf: string; features: { mode: string; accounts: number; ms: number };
  rules: { rule: string; status: 'succeeded' | 'failed'; runId?: number; entered?: number; left?: number; kept?: number; changed?: number; promoted?: number; demoted?: number; candidates?: number; error?: string; timings?: Record<string, number>; mode?: 'full' | 'incremental'; evaluated?: number }[];
  status: 'succeeded' | 'partial' | 'failed';
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.message;
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

export async function segmentRules(input: SegmentRulesInput = {}): Promise<SegmentRulesReport> {
  const trigger = input.trigger ?? 'manual';
  const plan = await quick.planSegmentPass({ trigger, asOf: input.asOf, rules: input.rules, full: input.full });
  const features = await heavy.refreshSegmentFeatures({ passId: plan.passId, full: plan.full });
  const rules: SegmentRulesReport['rules'] = [];
  const evaluate = async (r: { id: number; code: string }, index: number): Promise<void> => {
    try {
      const s = await heavy.evaluateSegmentRule({ passId: plan.passId, ruleId: r.id, trigger });
      rules[index] = { rule: r.code, status: 'succeeded', runId: s.runId, candidates: s.candidates, entered: s.entered, left: s.left, kept: s.kept, changed: s.changed, promoted: s.promoted, demoted: s.demoted, timings: s.timings, mode: s.mode, evaluated: s.evaluated };
    } catch (err) {
      rules[index] = { rule: r.code, status: 'failed', error: failureMessage(err) };
    }
  };
  // Passes started before rules ran in lanes replay one rule at a time, as they were recorded.
  if (patched('segment-rules-lanes')) await runPassRules(plan.rules.map((r) => ({ ...r, kind: r.kind ?? 'status' })), plan.lanes ?? 1, evaluate);
  else for (const [i, r] of plan.rules.entries()) await evaluate(r, i);
  const failed = rules.filter((r) => r.status === 'failed').length;
  await quick.finishSegmentPass({ passId: plan.passId, failed, total: rules.length });
  return { passId: plan.passId, asOf: plan.asOf, features, rules, status: failed === 0 ? 'succeeded' : failed === rules.length ? 'failed' : 'partial' };
}

/** What the rules schedule starts: segmentRules under its fixed id, skipped while a pass runs. */
export async function scheduledSegmentRules(input: SegmentRulesInput = {}): Promise<SegmentRulesReport | { skipped: string }> {
  try {
    const child = await startChild(segmentRules, {
      args: [{ ...input, trigger: 'schedule' }],
      workflowId: SEGMENT_RULES_WORKFLOW_ID,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return await child.result();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { skipped: 'a segmentation pass is already running' };
    throw err;
  }
}
