/**
 * The import wizard's first look at an upload, run by a worker (never in the console process: a
 * hostile workbook is parsed where an import would parse it, under the readers' limits).
 *
 * Opens the sheet at the header row asked for (or detected), reads 50 rows, proposes a mapping
 * from the headers and those values exactly as `crmhub suggest-mapping` does (or checks the one
 * the person edited against the headers), and stores what a person needs to decide in
 * `console_uploads.inspection`: headers, three sample values per column, each column's proposed
 * field with its confidence and reason. Returns the plan: the choices plus a hash over them and
 * the file's digest, which the approval must name.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { openSpreadsheet, type Cell } from '../../connectors/spreadsheet';
import { guessLocale } from '../../domain/canonical/guess-locale';
import { compileMapping, parseMapping, suggestMapping, type HeaderSuggestion, type Mapping } from '../../domain/mapping';
import { getLocaleProfile } from '../../domain/normalize';
import type { WizardPlan } from '../../workflows/import-wizard-contract';
import { BadConfigurationError } from '../errors';
import { loadLookups } from '../pipeline/row-context-loader';

export interface InspectUploadInput {
  uploadId: string;
  file: string;
  fileSha256: string;
  entity: 'accounts' | 'contacts';
  source: string;
  sheet?: string | number;
  headerRow?: number;
  mapping?: unknown;
  locale?: string;
}

export interface Inspection {
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheetNames: string[];
  headerRow: number;
  headers: string[];
  /** Up to three non-empty values per column, as read (cut at 80 characters). */
  samples: string[][];
  /** Per header: the proposed field (null: kept as an extra), 0–1 confidence and why. */
  suggestion: HeaderSuggestion[];
  /** The mapping the plan uses (proposed, or the person's). */
  mapping: Mapping;
  edited: boolean;
  /** Every header is a known spelling of a field: the mapping step can be skipped. */
  allExact: boolean;
  locale: string;
  planHash: string;
}

const SAMPLE_ROWS = 50;
const SAMPLES_PER_COLUMN = 3;
const SAMPLE_CHARS = 80;

export async function inspectUpload(db: Knex, input: InspectUploadInput): Promise<WizardPlan> {
  const source = await openSpreadsheet(input.file, { sheet: input.sheet, headerRow: input.headerRow });
  const rows: Cell[][] = [];
  try {
    for await (const r of source.rows()) {
      rows.push(r.cells);
      if (rows.length >= SAMPLE_ROWS) break;
    }
  } finally {
    await source.close();
  }
  const proposed = suggestMapping(source.headers, input.entity, { sampleRows: rows, lookups: await loadLookups(db) });
  const edited = input.mapping !== undefined && input.mapping !== null;
  const given = edited ? parseMapping(input.mapping, 'mapping') : null;
  if (given && given.entity !== input.entity) throw new BadConfigurationError(`the mapping is for ${given.entity}, but this upload imports ${input.entity}`);
  const locale = input.locale ?? given?.locale ?? proposed.mapping.locale ?? guessLocale(source.headers, source.encoding);
  getLocaleProfile(locale); // an unknown locale fails here, not in the dry run
  const mapping: Mapping = { ...(given ?? proposed.mapping), locale, ...(source.sheet ? { sheet: source.sheet } : {}), headerRow: source.headerRowNumber };
  compileMapping(mapping, source.headers); // names a column the file lacks

  const suggestion = Object.values(proposed.confidence);
  const samples = source.headers.map((_, c) => {
    const out: string[] = [];
    for (const row of rows) {
      const v = row[c];
      if (v === null || v === undefined || v === '') continue;
      out.push(String(v).slice(0, SAMPLE_CHARS));
      if (out.length >= SAMPLES_PER_COLUMN) break;
    }
    return out;
  });
  const planHash = createHash('sha256')
    .update(JSON.stringify([input.fileSha256, input.entity, input.source, source.sheet, source.headerRowNumber, locale, mapping]))
    .digest('hex');
  const inspection: Inspection = {
    format: source.format, encoding: source.encoding, delimiter: source.delimiter, sheet: source.sheet, sheetNames: source.sheetNames,
    headerRow: source.headerRowNumber, headers: source.headers, samples, suggestion, mapping, edited,
    allExact: suggestion.length > 0 && suggestion.every((s) => s.field !== null && s.score >= 1),
    locale, planHash,
  };
  await db('console_uploads').where({ id: input.uploadId }).update({ inspection: JSON.stringify(inspection) });
  return {
    hash: planHash, fileSha256: input.fileSha256, sheet: source.sheet, headerRow: source.headerRowNumber, locale, mapping,
    columns: source.headers.length,
  };
}
