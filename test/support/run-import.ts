/** Starts importSpreadsheet the way the CLI does (same workflow id scheme) and waits for it. */
import type { Client } from '@temporalio/client';
import { sha256File } from '../../activities/import/file-digest';
import type { ImportReport } from '../../activities/pipeline/sync-runs';
import type { ImportRequest } from '../../domain/imports/import-request';
import { importWorkflowId } from '../../temporal/workflow-ids';
import { TEST_TASK_QUEUE } from './temporal-env';

export async function importWorkflowIdFor(request: ImportRequest, attempt?: string): Promise<string> {
  return importWorkflowId({
    fileSha256: await sha256File(request.file), entity: request.entity, mapping: request.mapping,
    source: request.source, sheet: request.sheet, locale: request.locale,
    encoding: request.encoding, delimiter: request.delimiter, headerRow: request.headerRow, dryRun: !!request.dryRun, attempt,
  });
}

export async function startImport(client: Client, request: ImportRequest, attempt?: string) {
  const workflowId = await importWorkflowIdFor(request, attempt);
  return client.workflow.start('importSpreadsheet', {
    taskQueue: TEST_TASK_QUEUE,
    workflowId,
    args: [request],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  });
}

export async function runImport(client: Client, request: ImportRequest, attempt?: string): Promise<ImportReport> {
  const handle = await startImport(client, request, attempt);
  return (await handle.result()) as ImportReport;
}
