// File-level, non-retryable failures. Row-level problems are RowIssue rows instead (see types.ts).

export type SpreadsheetErrorCode =
  | 'empty_file'
  | 'no_header'
  | 'not_a_zip'
  | 'zip_bomb'
  | 'bad_encoding'
  | 'binary_file'
  | 'sheet_not_found'
  | 'unsupported_format'
  | 'unbalanced_quotes'
  | 'record_too_large'
  | 'file_too_large'
  | 'corrupt_file'
  | 'file_not_found';

export interface ErrorPlace {
  file: string;
  sheet?: string;
  row?: number;
}

export class SpreadsheetError extends Error {
  override name = 'SpreadsheetError';
  readonly retryable = false;

  constructor(
    readonly code: SpreadsheetErrorCode,
    message: string,
    readonly place?: ErrorPlace,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
