/**
 * importSpreadsheet: a file reference in, a report out.
 *
 * Deterministic and thin: prepare → load → match → finalize, references only (run id, file
 * path), never rows. The match stage (issue 4) matches the records the load created or changed
 * against the CRM and merges or queues them for review.
 * The long load heartbeats its checkpoint; if its worker dies, Temporal retries it after the
 * heartbeat timeout and the retry resumes after the last committed batch. The match stage works in
 * bounded chunks from a durable to-do list and heartbeats the same way.
 */
import { ApplicationFailure, proxyActivities, ActivityFailure } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ImportRequest } from '../domain/imports/import-request';
import type { ImportReport } from '../activities/pipeline/sync-runs';

const NON_RETRYABLE = ['BadInput', 'BadConfiguration'];

const short = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // They heartbeat on a timer (activities/alive.ts): a dead worker costs a minute, not ten.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE },
});

function describeFailure(err: unknown): { message: string; type: string | null } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return {
    message: cause instanceof Error ? cause.message : String(cause),
    type: cause instanceof ApplicationFailure ? (cause.type ?? null) : null,
  };
}

export async function importSpreadsheet(input: ImportRequest): Promise<ImportReport> {
  let prepared;
  try {
    prepared = await short.prepareImport(input);
  } catch (err) {
    await short.recordRefusedImport({ request: input, ...describeFailure(err) });
    throw err;
  }
  // The load and the match stage both heartbeat and resume (the load after its last committed
  // batch, the match stage from its to-do list of chunks): a dead worker costs the heartbeat timeout.
  const { loadImportRows, matchImportedRecords } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 60} seconds`,
    retry: { initialInterval: '1s', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  try {
    await loadImportRows({ runId: prepared.runId });
    if (input.match !== false) {
      await matchImportedRecords({ runId: prepared.runId, ...(input.matchChunkSize ? { chunkSize: input.matchChunkSize } : {}) });
    }
  } catch (err) {
    await short.failImport({ runId: prepared.runId, ...describeFailure(err) });
    throw err;
  }
  return short.finalizeImport({ runId: prepared.runId });
}
