// Format-independent part of a SpreadsheetSource: find the header in the first rows, then stream
// data rows (blank rows skipped, resume with afterRow). Readers only provide row batches.
import { SpreadsheetError } from './errors';
import { cleanHeaders, findHeaderIndex, HEADER_SCAN_ROWS, isBlankCell, isBlankRow } from './header-row';
import type { RowNote, SheetRow, SpreadsheetSource } from './types';

/** Yields every physical row (title lines, header, data) in order. `fromRow` is a hint: rows before it may be skipped. */
export type ReadRowBatches = (fromRow?: number) => AsyncGenerator<SheetRow[]>;

export interface SourceParts extends Omit<SpreadsheetSource, 'headerRowNumber' | 'headers' | 'rows' | 'rowBatches' | 'close'> {
  file: string;
  readRowBatches: ReadRowBatches;
  close(): Promise<void>;
}

async function readSample(read: ReadRowBatches, headerRow: number | undefined): Promise<SheetRow[]> {
  const sample: SheetRow[] = [];
  let nonBlank = 0;
  try {
    for await (const batch of read()) {
      for (const row of batch) {
        if (!row.issue && isBlankRow(row.cells)) continue;
        sample.push(row);
        nonBlank++;
        // Enough to find the header, plus data rows to decide which trailing columns are empty.
        const enough = headerRow === undefined ? nonBlank >= 2 * HEADER_SCAN_ROWS : row.rowNumber >= headerRow && nonBlank >= HEADER_SCAN_ROWS;
        if (enough) return sample; // leaving the loop closes the underlying stream
      }
    }
  } catch (error) {
    // The reader quarantined a row and then had to stop (CSV record_too_large): rows() reports it in place.
    if (!(error instanceof SpreadsheetError && error.code === 'record_too_large' && sample.length > 0)) throw error;
  }
  return sample;
}

export async function buildSource(parts: SourceParts, headerRow?: number): Promise<SpreadsheetSource> {
  const { file, readRowBatches, close, ...meta } = parts;
  const place = { file, ...(meta.sheet ? { sheet: meta.sheet } : {}) };
  let sample: SheetRow[];
  try {
    sample = await readSample(readRowBatches, headerRow);
  } catch (error) {
    await close();
    throw error;
  }
  const clean = sample.filter((row) => !row.issue);
  const brokenQuote = sample.find((row) => row.issue?.code === 'unbalanced_quotes');
  const fail = async (error: SpreadsheetError) => {
    await close();
    return error;
  };
  if (sample.length === 0) throw await fail(new SpreadsheetError('empty_file', `${file}${meta.sheet ? ` (sheet "${meta.sheet}")` : ''} has no data: every row is empty`, place));

  let headerIndex: number;
  if (headerRow !== undefined) {
    headerIndex = clean.findIndex((row) => row.rowNumber === headerRow);
    if (headerIndex === -1) throw await fail(new SpreadsheetError('no_header', `header row ${headerRow} of ${file} is empty or beyond the end of the sheet`, { ...place, row: headerRow }));
  } else {
    const candidates = clean.filter((row) => !brokenQuote || row.rowNumber < brokenQuote.rowNumber).slice(0, HEADER_SCAN_ROWS);
    headerIndex = findHeaderIndex(candidates.map((row) => row.cells));
  }
  if (headerIndex === -1) {
    if (brokenQuote) throw await fail(new SpreadsheetError('unbalanced_quotes', `${file}: a quote opened at line ${brokenQuote.rowNumber} is never closed, so no header row could be read`, { ...place, row: brokenQuote.rowNumber }));
    const first = clean[0]?.cells.filter((cell) => !isBlankCell(cell)).join(' | ') ?? '';
    const quoted = JSON.stringify(first.length > 40 ? `${first.slice(0, 40)}…` : first);
    throw await fail(new SpreadsheetError('no_header', `no header row found in the first ${HEADER_SCAN_ROWS} rows of ${file} (a row of text labels; the first row is ${quoted}); pass headerRow to choose it`, place));
  }
  const header = clean[headerIndex]!;
  const headers = cleanHeaders(header.cells, clean.slice(headerIndex + 1).map((row) => row.cells));
  const headerRowNumber = header.rowNumber;
  const width = headers.length;

  async function* rowBatches(opts?: { afterRow?: number }): AsyncGenerator<SheetRow[]> {
    const skipThrough = Math.max(headerRowNumber, opts?.afterRow ?? 0);
    for await (const batch of readRowBatches(headerRowNumber)) {
      const out: SheetRow[] = [];
      for (const row of batch) {
        if (row.rowNumber <= skipThrough) continue;
        if (!row.issue && isBlankRow(row.cells)) continue; // blank rows in the middle or at the end are not data
        const cells = row.cells;
        while (cells.length > width && isBlankCell(cells[cells.length - 1])) cells.pop();
        if (row.notes) row.notes = row.notes.map((note) => placeNote(note, headers));
        out.push(row);
      }
      if (out.length > 0) yield out;
    }
  }

  async function* rows(opts?: { afterRow?: number }): AsyncGenerator<SheetRow> {
    for await (const batch of rowBatches(opts)) yield* batch;
  }

  return { ...meta, headerRowNumber, headers, rows: (opts) => rows(opts), rowBatches: (opts) => rowBatches(opts), close };
}

/** Readers say what they changed; the source, which knows the headers, says where: `column 2 ("Población"): …`. */
function placeNote(note: RowNote, headers: readonly string[]): RowNote {
  if (note.column === undefined) return note;
  const header = headers[note.column];
  return { ...note, message: `column ${note.column + 1}${header === undefined ? '' : ` (${JSON.stringify(header)})`}: ${note.message}` };
}
