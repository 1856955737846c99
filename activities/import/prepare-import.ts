/**
 * First step of an import: look at the file (digest, format, encoding, header), settle the
 * mapping and the locale once for the whole file, and open the run in the ledger. Idempotent:
 * a retried activity finds the run it already opened.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Knex } from 'knex';
import { openSpreadsheet, type Cell } from '../../connectors/spreadsheet';
import { guessLocale } from '../../domain/canonical/guess-locale';
import { ImportRequest, type ImportRequestParsed } from '../../domain/imports/import-request';
import { compileMapping, parseMapping, suggestMapping, type Mapping } from '../../domain/mapping';
import { getLocaleProfile } from '../../domain/normalize';
import { BadConfigurationError, BadInputError } from '../errors';
import { fileDigest } from './file-digest';
import { REPLAY_ROW_COLUMN } from './replay-columns';
import { loadLookups } from '../pipeline/row-context-loader';
import type { ImportOptions } from '../pipeline/sync-runs';

export interface PreparedImport {
  runId: number;
  fileSha256: string;
  headers: string[];
  mapping: Mapping;
  locale: string;
  sheet: string | null;
  encoding: string | null;
  delimiter: string | null;
  headerRow: number;
  rowsEstimated: number | null;
}

export async function prepareImport(db: Knex, input: unknown, execution: { workflowId: string; runId: string }): Promise<PreparedImport> {
  const parsed = ImportRequest.safeParse(input);
  if (!parsed.success) throw new BadConfigurationError(`invalid import request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const req: ImportRequestParsed = parsed.data;
  const filePath = resolve(req.file);
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) throw new BadInputError(`file not found: ${filePath}`);

  const given = req.mapping === null ? null : parseMapping(req.mapping, 'mapping');
  if (given && given.entity !== req.entity) throw new BadConfigurationError(`the mapping is for ${given.entity}, but the import targets ${req.entity}`);
  const source = await openSpreadsheet(filePath, {
    encoding: req.encoding,
    delimiter: req.delimiter,
    sheet: req.sheet ?? given?.sheet,
    headerRow: req.headerRow ?? given?.headerRow,
  });
  let sample: Cell[][] = [];
  try {
    if (!given) sample = await firstRows(source.rows(), 50);
  } finally {
    await source.close();
  }
  const mapping: Mapping = given ?? suggestMapping(source.headers, req.entity, { sampleRows: sample, lookups: await loadLookups(db) }).mapping;
  compileMapping(mapping, source.headers); // fails early, naming missing columns

  const locale = req.locale ?? mapping.locale ?? guessLocale(source.headers, source.encoding);
  const profile = getLocaleProfile(locale);
  const sourceSystem = req.source ?? mapping.source ?? 'spreadsheet';
  const digest = await fileDigest(filePath, { countLines: source.format === 'csv' });
  const fileSha256 = digest.sha256;
  const rowsEstimated = source.format === 'csv' ? Math.max(0, digest.lines - source.headerRowNumber) : null;

  const options: ImportOptions = {
    filePath,
    entity: req.entity,
    locale,
    defaultCountry: profile.defaultCountry,
    encoding: source.encoding,
    delimiter: source.delimiter,
    sheet: source.sheet,
    headerRow: source.headerRowNumber,
    batchSize: req.batchSize,
    dryRun: req.dryRun,
    replayOf: req.replayOf ? { runId: req.replayOf, rowColumn: REPLAY_ROW_COLUMN } : null,
  };
  // A mapping that names its source's kind (an ERP export, say) sets it; otherwise a new source
  // is a spreadsheet and an existing one keeps the kind it has.
  const upsertSource = db('source_systems')
    .insert({ code: sourceSystem, label: sourceSystem, kind: mapping.sourceKind ?? 'spreadsheet', connector_code: 'spreadsheet' })
    .onConflict('code');
  await (mapping.sourceKind ? upsertSource.merge(['kind']) : upsertSource.ignore());
  const [row] = await db('sync_runs')
    .insert({
      source_system_code: sourceSystem,
      entity_type: req.entity === 'accounts' ? 'account' : 'contact',
      mode: 'file',
      dry_run: req.dryRun,
      workflow_id: execution.workflowId,
      temporal_run_id: execution.runId,
      file_name: basename(filePath),
      file_sha256: fileSha256,
      file_size: info.size,
      sheet: source.sheet,
      mapping: JSON.stringify(mapping),
      options: JSON.stringify(options),
      rows_estimated: rowsEstimated,
      replay_of_run_id: req.replayOf ?? null,
    })
    .onConflict(['workflow_id', 'temporal_run_id'])
    .merge(['updated_at'])
    .returning('id');
  return {
    runId: Number(row.id),
    fileSha256,
    headers: source.headers,
    mapping,
    locale,
    sheet: source.sheet,
    encoding: source.encoding,
    delimiter: source.delimiter,
    headerRow: source.headerRowNumber,
    rowsEstimated,
  };
}

async function firstRows(rows: AsyncIterable<{ cells: Cell[] }>, n: number): Promise<Cell[][]> {
  const out: Cell[][] = [];
  for await (const r of rows) {
    out.push(r.cells);
    if (out.length >= n) break;
  }
  return out;
}
