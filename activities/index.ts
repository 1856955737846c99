/**
 * Activities, built by a factory with their dependencies injected (a knex instance), so tests and
 * workers share one construction path and all IO stays here, out of the workflows.
 */
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { alive } from './alive';
import { classified } from './errors';
import { failImport, finalizeImport, recordRefusedImport } from './import/finalize-import';
import { loadImportRows, type RowWorkerPolicy } from './import/load-import-rows';
import { prepareImport, type PreparedImport } from './import/prepare-import';
import { matchAfterImport } from './match/match-after-import';
import { applyDedupeChunks, finishDedupeJob, planDedupeJob, type DedupeJobHeader, type DedupeJobInput } from './match/dedupe-job';
import type { MatchEntity } from '../domain/matching';
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
import { evaluateRule, type RuleRunSummary, type RunTrigger } from './segmentation/evaluate-rule';
import type { FeatureResult } from './segmentation/features';
import { finishPass, planPass, refreshPassFeatures, type PassPlan, type PassRequest } from './segmentation/pass';

export interface ActivityDeps {
  db: Knex;
  /** Read import rows in a worker thread: true/false, 'reimports', or by file size when undefined (load-import-rows.ts). */
  rowWorker?: RowWorkerPolicy;
}

export function createActivities({ db, rowWorker }: ActivityDeps) {
  const activities = {
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
          rowWorker,
          attempt: ctx.info.attempt,
          heartbeat: (p) => ctx.heartbeat(p),
          throwIfCancelled: () => {
            if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
          },
        },
        runId,
      );
    }),

    // Chunked, heartbeating, resumed from its to-do list in work_chunks (issue 8 §6).
    matchImportedRecords: classified(async ({ runId, chunkSize }: { runId: number; chunkSize?: number }): Promise<MatchSummary | null> => {
      const ctx = Context.current();
      return matchAfterImport({ db, chunkSize, heartbeat: (d) => ctx.heartbeat(d) }, runId);
    }),

    // `crmhub dedupe` (workflows/dedupe-crm.ts): plan, chunks applied from work_chunks, finish.
    planDedupe: classified(async (input: DedupeJobInput): Promise<DedupeJobHeader> => {
      const ctx = Context.current();
      return planDedupeJob(db, input, (d) => ctx.heartbeat(d));
    }),

    applyDedupe: classified(async (input: { job: string; entity: MatchEntity }): Promise<number> => {
      const ctx = Context.current();
      return applyDedupeChunks(db, input, (d) => ctx.heartbeat(d));
    }),

    finishDedupe: classified(async (input: { job: string; entity: MatchEntity }): Promise<MatchSummary> => {
      const ctx = Context.current();
      return finishDedupeJob(db, input, (d) => ctx.heartbeat(d));
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

    // Segmentation (workflows/segment-rules.ts): ids and counts cross the boundary, never rows.
    planSegmentPass: classified(async (input: PassRequest): Promise<PassPlan> => {
      const { workflowExecution } = Context.current().info;
      if (!workflowExecution) throw new Error('planSegmentPass runs inside a workflow');
      return planPass(db, input, { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId });
    }),

    refreshSegmentFeatures: classified(async (input: { passId: number; full: boolean }): Promise<FeatureResult> => refreshPassFeatures(db, input)),

    evaluateSegmentRule: classified(async (input: { passId: number; ruleId: number; trigger: RunTrigger }): Promise<RuleRunSummary> => evaluateRule(db, input)),

    finishSegmentPass: classified(async (input: { passId: number; failed: number; total: number }): Promise<void> => finishPass(db, input)),
  };
  // Short activities heartbeat on a timer, so a dead worker costs their heartbeat timeout (the
  // workflows give them one), not their start-to-close timeout (activities/alive.ts).
  return {
    ...activities,
    prepareImport: alive(activities.prepareImport),
    finalizeImport: alive(activities.finalizeImport),
    // Its VACUUMs report no progress (the refresh does); it resumes from the job's header.
    finishDedupe: alive(activities.finishDedupe),
    recordRefusedImport: alive(activities.recordRefusedImport),
    failImport: alive(activities.failImport),
    planSync: alive(activities.planSync),
    finishSyncStream: alive(activities.finishSyncStream),
    closeSync: alive(activities.closeSync),
    runReports: alive(activities.runReports),
    inspectUpload: alive(activities.inspectUpload),
    digestUpload: alive(activities.digestUpload),
    testSourceConnection: alive(activities.testSourceConnection),
    planSegmentPass: alive(activities.planSegmentPass),
    finishSegmentPass: alive(activities.finishSegmentPass),
    refreshSegmentFeatures: alive(activities.refreshSegmentFeatures),
    evaluateSegmentRule: alive(activities.evaluateSegmentRule),
  };
}

export type Activities = ReturnType<typeof createActivities>;
