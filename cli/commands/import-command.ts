/**
 * `crmhub import <file> --entity accounts|contacts [--mapping <file>|auto] …`
 * Starts (or finds) the importSpreadsheet workflow for the file and waits for its report.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { sha256File } from '../../activities/import/file-digest';
import { toReport, loadRun, type ImportReport } from '../../activities/pipeline/sync-runs';
import type { TargetEntity } from '../../domain/canonical/fields';
import type { ImportRequest } from '../../domain/imports/import-request';
import { loadMappingFile, type Mapping } from '../../domain/mapping';
import { importWorkflowId } from '../../temporal/workflow-ids';
import { withDatabase } from '../database';
import { note, printJson, printLine } from '../output';
import { startProgress } from '../progress';
import { formatReport } from '../report';
import { withTemporal, type TemporalSession } from '../temporal-session';
import { UserError } from '../user-error';
import { proposeMapping } from './suggest-mapping-command';

export interface ImportCliOptions {
  entity: TargetEntity;
  mapping?: string;
  saveMapping?: string;
  source?: string;
  sheet?: string;
  locale?: string;
  encoding?: string;
  delimiter?: string;
  headerRow?: string;
  dryRun?: boolean;
  /** commander's --no-match: false skips the match stage. */
  match?: boolean;
  force?: boolean;
  json?: boolean;
  batchSize?: string;
  matchChunk?: string;
}

export async function importCommand(file: string, o: ImportCliOptions): Promise<number> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UserError(`file not found: ${path}`);
  const request = await buildRequest(path, o);
  return withDatabase(async (db) => {
    const result = await withTemporal(db, (t) => runImport(db, t, request, o), { quiet: o.json });
    if (o.json) printJson({ ...result.report, alreadyImported: result.alreadyImported });
    else printLine(formatReport(result.report, { alreadyImported: result.alreadyImported }));
    return result.report.status === 'failed' ? 1 : 0;
  });
}

async function buildRequest(path: string, o: ImportCliOptions): Promise<ImportRequest> {
  let mapping: Mapping | null = null;
  if (o.mapping && o.mapping !== 'auto') mapping = await loadMappingFile(resolve(o.mapping));
  if (!mapping && (o.saveMapping || !o.json)) {
    const proposed = await proposeMapping(path, o.entity, { sheet: sheetOption(o.sheet), encoding: o.encoding, delimiter: o.delimiter, headerRow: intOption(o.headerRow) });
    if (!o.json) note(proposed.text);
    if (o.saveMapping) {
      await proposed.save(resolve(o.saveMapping));
      note(`Mapping saved to ${resolve(o.saveMapping)}: edit it and pass it with --mapping.`);
    }
  }
  return {
    file: path,
    entity: o.entity,
    mapping,
    ...(o.source ? { source: o.source } : {}),
    ...(o.sheet !== undefined ? { sheet: sheetOption(o.sheet) } : {}),
    ...(o.locale ? { locale: o.locale } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter === '\\t' ? '\t' : o.delimiter } : {}),
    ...(o.headerRow ? { headerRow: intOption(o.headerRow) } : {}),
    ...(o.batchSize ? { batchSize: intOption(o.batchSize) } : {}),
    dryRun: !!o.dryRun,
    ...(o.match === false ? { match: false } : {}),
    ...(o.matchChunk ? { matchChunkSize: intOption(o.matchChunk) } : {}),
  };
}

export async function runImport(db: Knex, t: TemporalSession, request: ImportRequest, o: { force?: boolean; json?: boolean }): Promise<{ report: ImportReport; alreadyImported: boolean }> {
  const fileSha256 = await sha256File(request.file);
  const workflowId = importWorkflowId({
    fileSha256, entity: request.entity, mapping: request.mapping, source: request.source, sheet: request.sheet, locale: request.locale,
    encoding: request.encoding, delimiter: request.delimiter, headerRow: request.headerRow, dryRun: !!request.dryRun, attempt: o.force || request.dryRun ? Date.now().toString(36) : undefined,
  });
  let alreadyImported = false;
  let handle;
  try {
    handle = await t.client.workflow.start('importSpreadsheet', {
      taskQueue: t.taskQueue,
      workflowId,
      args: [request],
      // Running: join it. Completed: return its report. Failed or cancelled: import again.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    alreadyImported = true;
    handle = t.client.workflow.getHandle(workflowId);
  }
  const stop = startProgress(db, workflowId, !o.json);
  try {
    return { report: await handle.result(), alreadyImported };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const run = await db('sync_runs').where({ workflow_id: workflowId }).orderBy('id', 'desc').first('id');
    if (!run) throw new UserError(`import failed before it started: ${rootMessage(err)}`);
    return { report: toReport(await loadRun(db, Number(run.id))), alreadyImported };
  } finally {
    stop();
  }
}

function rootMessage(err: unknown): string {
  let e = err as { cause?: unknown; message?: string };
  while (e.cause) e = e.cause as typeof e;
  return e.message ?? String(err);
}

function sheetOption(s: string | undefined): string | number | undefined {
  if (s === undefined) return undefined;
  return /^\d+$/.test(s) ? Number(s) : s;
}

function intOption(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`expected a positive whole number, got "${s}"`);
  return n;
}
