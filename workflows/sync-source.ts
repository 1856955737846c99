/**
 * syncSource: one source's streams, in dependency order (parties, then parents before their
 * lines), each through the shared load pipeline. Thin and deterministic: references only (the
 * source code, run ids), never rows or secrets. A stream that fails is recorded failed and the
 * others still run (a fact whose account did not load waits in the quarantine and is replayed by
 * the next sync); the sync then fails as a whole, so a schedule shows it.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import type { SyncRequest } from '../activities/sync/sync-request';

const NON_RETRYABLE = ['BadInput', 'BadConfiguration', 'Auth'];

const short = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // They heartbeat on a timer (activities/alive.ts): a dead worker costs a minute, not ten.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE },
});

export interface SyncReport { source: string; status: 'succeeded' | 'partial' | 'failed'; streams: ImportReport[] }

function describeFailure(err: unknown): { message: string; type: string | null } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return {
    message: cause instanceof Error ? cause.message : String(cause),
    type: cause instanceof ApplicationFailure ? (cause.type ?? null) : null,
  };
}

export async function syncSource(input: SyncRequest): Promise<SyncReport> {
  const plan = await short.planSync(input);
  const heartbeat = `${input.heartbeatTimeoutSeconds ?? 60} seconds`;
  const { syncStream } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: heartbeat,
    // A lost connection or a restarting database: retried, resuming from the last committed page.
    retry: { initialInterval: '1s', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const { matchImportedRecords } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: heartbeat,
    retry: { initialInterval: '1s', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  let failed = false;
  for (const s of plan.runs) {
    try {
      await syncStream({ runId: s.runId });
      if (s.party && input.match !== false) await matchImportedRecords({ runId: s.runId });
      await short.finishSyncStream({ runId: s.runId });
    } catch (err) {
      failed = true;
      await short.failImport({ runId: s.runId, ...describeFailure(err) });
    }
  }
  const runIds = plan.runs.map((r) => r.runId);
  if (!failed) await short.closeSync({ runIds });
  const streams = await short.runReports({ runIds });
  const status = failed ? 'failed' : streams.some((r) => r.status === 'partial') ? 'partial' : 'succeeded';
  return { source: plan.source, status, streams };
}
