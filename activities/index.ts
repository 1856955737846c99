/**
 * Activities, built by a factory with their dependencies injected (a knex instance), so tests and
 * workers share one construction path and all IO stays here, out of the workflows.
 */
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { classified } from './errors';
import { failImport, finalizeImport, recordRefusedImport } from './import/finalize-import';
import { loadImportRows } from './import/load-import-rows';
import { prepareImport, type PreparedImport } from './import/prepare-import';
import { matchAfterImport } from './match/match-after-import';
import type { MatchSummary } from './match/match-summary';
import { loadRun, toReport, type BatchCounts, type ImportReport } from './pipeline/sync-runs';
import { closeSync } from './sync/close-sync';
import { finishSyncStream } from './sync/finish-stream';
import { planSync, type SyncPlan } from './sync/plan-sync';
import type { SyncRequest } from './sync/sync-request';
import { syncStream } from './sync/sync-stream';
import type { ImportRequest } from '../domain/imports/import-request';
import { sha256File } from './import/file-digest';
import { inspectUpload, type InspectUploadInput } from './wizard/inspect-upload';
import { testSourceConnection, type SourceCheck } from './wizard/test-source-connection';
import type { WizardPlan } from '../workflows/import-wizard-contract';

export interface ActivityDeps {
  db: Knex;
}

export function createActivities({ db }: ActivityDeps) {
  return {
    prepareImport: classified(async (input: ImportRequest): Promise<PreparedImport> => {
      const { workflowExecution } = Context.current().info;
      if (!workflowExecution) throw new Error('prepareImport runs inside a workflow');
      return prepareImport(db, input, { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId });
    }),

    loadImportRows: classified(async ({ runId }: { runId: number }): Promise<BatchCounts> => {
      const ctx = Context.current();
      return loadImportRows(
        {
          db,
          attempt: ctx.info.attempt,
          heartbeat: (p) => ctx.heartbeat(p),
          throwIfCancelled: () => {
            if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
          },
        },
        runId,
      );
    }),

    // A sync gives the match stage a heartbeat timeout (a dead worker is noticed in a minute), and
    // the stage has long phases without a natural progress point (candidates of a large CRM took
    // 62 s in bench:sync): heartbeat on a timer while it runs, or a live attempt is retried beside itself.
    matchImportedRecords: classified(async ({ runId }: { runId: number }): Promise<MatchSummary | null> => {
      const ctx = Context.current();
      ctx.heartbeat();
      const beat = setInterval(() => ctx.heartbeat(), 5000);
      try {
        return await matchAfterImport(db, runId);
      } finally {
        clearInterval(beat);
      }
    }),

    planSync: classified(async (input: SyncRequest): Promise<SyncPlan> => {
      const { workflowExecution } = Context.current().info;
      if (!workflowExecution) throw new Error('planSync runs inside a workflow');
      return planSync(db, input, { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId });
    }),

    syncStream: classified(async ({ runId }: { runId: number }): Promise<BatchCounts> => {
      const ctx = Context.current();
      return syncStream(
        {
          db,
          // Secrets (a source's database URL) live in the worker's environment, never in payloads.
          env: process.env,
          attempt: ctx.info.attempt,
          heartbeat: (p) => ctx.heartbeat(p),
          throwIfCancelled: () => {
            if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
          },
        },
        runId,
      );
    }),

    finishSyncStream: classified(async ({ runId }: { runId: number }): Promise<ImportReport> => finishSyncStream(db, runId)),

    closeSync: classified(async ({ runIds }: { runIds: number[] }): Promise<void> => closeSync(db, runIds)),

    runReports: classified(async ({ runIds }: { runIds: number[] }): Promise<ImportReport[]> => {
      const out: ImportReport[] = [];
      for (const id of runIds) out.push(toReport(await loadRun(db, id)));
      return out;
    }),

    finalizeImport: classified(async ({ runId }: { runId: number }): Promise<ImportReport> => finalizeImport(db, runId)),

    recordRefusedImport: classified(async ({ request, message, type }: { request: ImportRequest; message: string; type: string | null }): Promise<ImportReport | null> => {
      const { workflowExecution } = Context.current().info;
      if (!workflowExecution) throw new Error('recordRefusedImport runs inside a workflow');
      return recordRefusedImport(db, request as Record<string, unknown>, workflowExecution, { message, type });
    }),

    failImport: classified(async ({ runId, message, type }: { runId: number; message: string; type: string | null }): Promise<ImportReport> =>
      failImport(db, runId, { message, type }),
    ),

    // The console's import wizard (workflows/import-wizard.ts) and source test (workflows/test-source.ts).
    inspectUpload: classified(async (input: InspectUploadInput): Promise<WizardPlan> => inspectUpload(db, input)),

    digestUpload: classified(async ({ file }: { file: string }): Promise<string> => sha256File(file)),

    testSourceConnection: classified(async (input: { source: string }): Promise<SourceCheck[]> => testSourceConnection(db, input)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
