// Entry point: one streaming row API over CSV/TSV, XLSX and (not streamed) legacy XLS/ODS.
// See README.md for detection rules, limits and errors.
import { openCsv } from './csv-reader';
import { detectFormat, readHead } from './detect-format';
import { SpreadsheetError } from './errors';
import { openLegacy } from './legacy-reader';
import { DEFAULT_LIMITS, type OpenOptions, type SpreadsheetSource } from './types';
import { openZipWorkbook } from './xlsx-reader';

export { SpreadsheetError } from './errors';
export type { ErrorPlace, SpreadsheetErrorCode } from './errors';
export { DEFAULT_LIMITS } from './types';
export type { Cell, OpenOptions, ReaderLimits, RowIssue, RowIssueCode, RowNote, RowNoteCode, SheetRow, SpreadsheetFormat, SpreadsheetSource } from './types';

/** Bytes read up front for format, encoding and delimiter detection. */
const SAMPLE_BYTES = 64 * 1024;

export async function openSpreadsheet(path: string, opts: OpenOptions = {}): Promise<SpreadsheetSource> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  let head: Buffer;
  try {
    head = await readHead(path, SAMPLE_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') throw new SpreadsheetError('file_not_found', `${path} does not exist or is not a file`, { file: path }, { cause: error });
    throw error; // EACCES, EIO…: operational, possibly retryable
  }
  const format = detectFormat(path, head, opts.format);
  switch (format) {
    case 'csv':
      return openCsv(path, head, opts, limits);
    case 'xlsx':
    case 'ods':
      return openZipWorkbook(path, opts, limits);
    default:
      return openLegacy(path, format, opts, limits);
  }
}
