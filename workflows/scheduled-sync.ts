/**
 * What a sync schedule starts: the source's syncSource as a child with the source's own workflow
 * id (`sync-<code>`), the id `crmhub sync` uses too. A manual sync running when the schedule fires
 * (or the other way round) makes the second one a no-op instead of a second sync of one source:
 * two syncs of a source never overlap. (The schedule's own overlap policy, SKIP, keeps its runs
 * apart.)
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { syncWorkflowId } from './sync-ids';
import type { SyncReport } from './sync-source';

export async function scheduledSync(input: { source: string }): Promise<SyncReport | { source: string; skipped: string }> {
  try {
    const child = await startChild('syncSource', {
      args: [{ source: input.source }],
      workflowId: syncWorkflowId(input.source),
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return (await child.result()) as SyncReport;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { source: input.source, skipped: 'a sync of this source is already running' };
    throw err;
  }
}
