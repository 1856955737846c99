// Public types of the spreadsheet readers. Kept free of runtime code so every reader can import them.

/** CSV cells are always strings; XLSX gives numbers/booleans; date-formatted numeric cells become ISO strings. */
export type Cell = string | number | boolean | null;

export type SpreadsheetFormat = 'csv' | 'xlsx' | 'xls' | 'ods';

export type RowIssueCode =
  | 'too_many_columns'
  | 'cell_too_large'
  | 'record_too_large'
  | 'unbalanced_quotes'
  | 'formula'
  | 'cell_error';

/** A row the reader could not read cleanly: the importer quarantines it (with `raw`, truncated) and goes on. */
export interface RowIssue {
  code: RowIssueCode;
  message: string;
}

export type RowNoteCode = 'invalid_utf8_repaired';

/**
 * Something the reader changed in a row it could still read: the row is loaded as given in `cells`,
 * and the importer keeps the note as a warning on that row (it is not a reason to reject it).
 * - `invalid_utf8_repaired`: a UTF-8 file had invalid bytes in this cell; each was read as its
 *   Windows-1252 character (0xF3 → "ó"; U+FFFD for 0x81, 0x8D, 0x8F, 0x90, 0x9D). One note per cell.
 */
export interface RowNote {
  code: RowNoteCode;
  /** One line naming the byte(s), what they were read as, and the column (with its header when known). */
  message: string;
  /** 0-based index in `cells` (and `headers`) of the cell concerned, when the note is about one cell. */
  column?: number;
}

export interface SheetRow {
  /** 1-based row in the sheet, or the 1-based physical line where the record starts in a CSV. */
  rowNumber: number;
  cells: Cell[];
  issue?: RowIssue;
  /** Raw text of a row with an issue, at most 64 KiB (only set when `issue` is). */
  raw?: string;
  /** Repairs made while reading this row (see RowNote); absent when there were none. */
  notes?: RowNote[];
}

export interface ReaderLimits {
  /** Cells beyond this column are dropped and the row gets a `too_many_columns` issue. */
  maxColumns: number;
  /** A longer cell is emptied and the row gets a `cell_too_large` issue. */
  maxCellBytes: number;
  /** A CSV record longer than this stops the parser (see README: csv-parse cannot resume). */
  maxRecordBytes: number;
  /** Zip archives: total inflated bytes; one entry may use at most half of it. */
  maxUncompressedBytes: number;
  /** Zip archives: uncompressed/compressed ratio above which an entry is treated as a bomb. */
  maxCompressionRatio: number;
  /** Legacy .xls/.ods are read whole by SheetJS: refuse bigger files. */
  maxLegacyFileBytes: number;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxColumns: 2000,
  maxCellBytes: 1024 * 1024,
  maxRecordBytes: 16 * 1024 * 1024,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxLegacyFileBytes: 50 * 1024 * 1024,
};

export interface OpenOptions {
  format?: SpreadsheetFormat;
  /** Any iconv-lite encoding name; detected from a sample when absent. CSV only. */
  encoding?: string;
  /** Field delimiter; sniffed among `,` `;` tab `|` when absent. CSV only. */
  delimiter?: string;
  /** Sheet name or 0-based index; the first sheet when absent. */
  sheet?: string | number;
  /** 1-based header row (physical line for CSV); detected when absent. */
  headerRow?: number;
  limits?: Partial<ReaderLimits>;
}

export interface SpreadsheetSource {
  format: SpreadsheetFormat;
  encoding: string | null;
  encodingDetected: boolean;
  delimiter: string | null;
  sheet: string | null;
  sheetNames: string[];
  headerRowNumber: number;
  /** Cleaned header names: trimmed, BOM removed, empty → `column_<n>`, duplicates → `name (2)`. */
  headers: string[];
  date1904: boolean;
  /**
   * Data rows after the header. `cells[i]` belongs to `headers[i]`; a row may be shorter (missing
   * trailing cells) or longer (values under a column without header) than `headers`.
   * `afterRow` skips rows with rowNumber <= afterRow (resume after a crash).
   */
  rows(opts?: { afterRow?: number }): AsyncIterable<SheetRow>;
  /**
   * The same rows, as the reader reads them: a few hundred to a few thousand at a time. A
   * million-row import takes them this way: one promise per batch instead of one per row.
   */
  rowBatches(opts?: { afterRow?: number }): AsyncIterable<SheetRow[]>;
  close(): Promise<void>;
}
