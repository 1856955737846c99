/**
 * dedupeCrm: `crmhub dedupe` as a workflow (issue 8 §6). Plan (find the duplicates, write the plan
 * to work_chunks), apply the plan chunk by chunk, finish (refresh profiles, add up). Each step is
 * a heartbeating activity that resumes from the durable plan, so a dead worker costs its heartbeat
 * timeout and the chunk it was in, never the work already committed. References only: the job key.
 *
 * The plan step holds every record in memory and scores synchronously (30 s at 1M accounts with
 * no chance to heartbeat), so its heartbeat timeout is at least 5 minutes; the apply and finish
 * steps heartbeat per chunk or page and use the request's timeout (default 60 s).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DedupeJobHeader } from '../activities/match/dedupe-job';
import type { MatchSummary } from '../activities/match/match-summary';

export interface DedupeCrmInput {
  job: string;
  entity: 'accounts' | 'contacts';
  dryRun: boolean;
  explain?: number;
  clustersPerChunk?: number;
  heartbeatTimeoutSeconds?: number;
}

export interface DedupeCrmResult { summary: MatchSummary; examples: string[] }

const RETRY = { initialInterval: '1s', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: ['BadInput', 'BadConfiguration'] };

export async function dedupeCrm(input: DedupeCrmInput): Promise<DedupeCrmResult> {
  const heartbeat = input.heartbeatTimeoutSeconds ?? 60;
  const { planDedupe } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours', heartbeatTimeout: `${Math.max(heartbeat, 300)} seconds`, retry: RETRY,
  });
  const { applyDedupe, finishDedupe } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours', heartbeatTimeout: `${heartbeat} seconds`, retry: RETRY,
  });
  const header: DedupeJobHeader = await planDedupe({
    job: input.job, entity: input.entity, dryRun: input.dryRun,
    ...(input.explain ? { explain: input.explain } : {}), ...(input.clustersPerChunk ? { clustersPerChunk: input.clustersPerChunk } : {}),
  });
  if (input.dryRun) return { summary: { ...header.summary, dryRun: true }, examples: header.examples };
  await applyDedupe({ job: input.job, entity: input.entity });
  const summary = await finishDedupe({ job: input.job, entity: input.entity });
  return { summary, examples: header.examples };
}
