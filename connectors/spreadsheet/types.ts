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

export interface SheetRow {
  /** 1-based row in the sheet, or the 1-based physical line where the record starts in a CSV. */
  rowNumber: number;
  cells: Cell[];
  issue?: RowIssue;
  /** Raw text of a row with an issue, at most 64 KiB (only set when `issue` is). */
  raw?: string;
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
  close(): Promise<void>;
}
