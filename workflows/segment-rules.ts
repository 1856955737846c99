/**
 * The nightly segmentation pass (issue 10): features for the dirty set, then every enabled rule
 * over them, one activity per rule. A failed rule is recorded (run status, error) and does not
 * stop the others. Started by hand (`crmhub rules run`) or by the rules schedule through
 * scheduledSegmentRules; both use the workflow id `segment-rules`, so two passes never overlap.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, startChild, ParentClosePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
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
  for (const r of plan.rules) {
    try {
      const s = await heavy.evaluateSegmentRule({ passId: plan.passId, ruleId: r.id, trigger });
      rules.push({ rule: r.code, status: 'succeeded', runId: s.runId, candidates: s.candidates, entered: s.entered, left: s.left, kept: s.kept, changed: s.changed, promoted: s.promoted, demoted: s.demoted, timings: s.timings, mode: s.mode, evaluated: s.evaluated });
    } catch (err) {
      rules.push({ rule: r.code, status: 'failed', error: failureMessage(err) });
    }
  }
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
