// Streams the records of a delimited text file as SheetRow batches: file → iconv-lite decoder →
// csv-parse. Batches (not single rows) keep promise overhead off the 1M-row hot path.
import { createReadStream } from 'node:fs';
import { Parser, type CsvError, type Info, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import { binaryFileError } from './detect-encoding';
import { SpreadsheetError } from './errors';
import { TailCapture } from './tail-capture';
import type { Cell, ReaderLimits, RowNote, SheetRow } from './types';
import { REPAIR_MARKER, repairCells, restoreMarkers, Utf8Repairer } from './utf8-repair';

export const MAX_RAW_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;
/**
 * Records handed out per parse: a 256 KiB read is ~1,600 rows of a typical export, whose cells and
 * rows, all alive until the batch is taken, outgrow a command's 2 MB young generation, so the
 * collector copied and promoted most of them before the load loop saw them. 32 KiB is ~200.
 */
const PARSE_SLICE_BYTES = 32 * 1024;

export interface CsvRowsInput {
  path: string;
  encoding: string;
  delimiter: string;
  limits: ReaderLimits;
  /** Physical line of the first record to emit (csv-parse `from_line`); lines before are skipped cheaply. */
  fromLine?: number;
}

const isUtf8Name = (encoding: string) => /^utf-?8$/i.test(encoding);
const isUtf16Name = (encoding: string) => /^(utf-?16|ucs-?2)/i.test(encoding);

/**
 * csv-parse hands each record to the Transform's push() synchronously, with `info` (lines, bytes,
 * empty lines) describing the end of that record. Taking records here instead of via `on_record`
 * avoids the context object csv-parse builds per record (measured: +70% time on 1M rows).
 */
class RecordCollector extends Parser {
  constructor(options: Options, private readonly onRecord: (record: string[], info: Info) => void) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record !== null) this.onRecord(record as string[], this.info);
    return true;
  }
}

export async function* csvRowBatches(input: CsvRowsInput): AsyncGenerator<SheetRow[]> {
  const { path, encoding, delimiter, limits } = input;
  const fromLine = input.fromLine ?? 1;
  // Non-UTF-8 text is decoded to a string and handed to csv-parse as UTF-8 bytes; UTF-8 goes through
  // untouched, except for invalid bytes, which are marked and repaired per row (utf8-repair.ts).
  const decoder = isUtf8Name(encoding) ? null : iconv.getDecoder(encoding);
  const repairer = decoder ? null : new Utf8Repairer();
  const checkNul = !isUtf16Name(encoding);
  const tail = new TailCapture(MAX_RAW_BYTES);

  let pending: SheetRow[] = [];
  let lastEndLine = fromLine - 1; // true physical line where the last record ended
  let lastEmptyLines = -1; // unknown until the first emitted record (csv-parse counts empty lines before from_line too)
  let lastEndByte = 0;
  let lineSkew = 0; // csv-parse counts a CRLF inside a quoted field as two lines; we subtract the surplus

  const onRecord = (record: string[], info: Info): void => {
    // info.lines is the line where the record ENDS; it starts after the previous record and any skipped empty lines.
    const start = lastEmptyLines < 0 ? fromLine : lastEndLine + 1 + (info.empty_lines - lastEmptyLines);
    if (info.lines - lineSkew > start) lineSkew += countCrlf(record); // only multi-line records are scanned
    const recordBytes = info.bytes - lastEndByte;
    lastEndLine = info.lines - lineSkew;
    lastEmptyLines = info.empty_lines;
    let notes: RowNote[] | undefined;
    if (repairer?.hasMarkersBefore(info.bytes)) {
      notes = repairCells(record, repairer.take(info.bytes, countMarkers(record)));
      if (notes.length === 0) notes = undefined;
    }
    lastEndByte = info.bytes;
    const row = toRow(start, record, recordBytes, delimiter, limits);
    if (notes) row.notes = notes;
    pending.push(row);
  };

  const parser = new RecordCollector(
    {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true, // `12" pipe` or `"ACME" Ltd` in real exports: keep the text instead of failing
      skip_empty_lines: true,
      max_record_size: limits.maxRecordBytes,
      from_line: fromLine,
    },
    onRecord,
  );

  // csv-parse's Transform runs its parser synchronously inside _transform/_flush; calling them
  // directly gives us the records and any error right away, without stream plumbing per row.
  const feed = (bytes: Buffer | null): CsvError | undefined => {
    let failure: CsvError | undefined;
    const done = (err?: Error | null) => void (failure = (err ?? undefined) as CsvError | undefined);
    if (bytes) parser._transform(bytes, 'utf8', done);
    else parser._flush(done);
    return failure;
  };

  const file = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let fileOffset = 0;
  try {
    let error: CsvError | undefined;
    for await (const chunk of file as AsyncIterable<Buffer>) {
      if (checkNul) {
        const nul = chunk.indexOf(0);
        if (nul !== -1) throw binaryFileError(path, fileOffset + nul);
      }
      fileOffset += chunk.length;
      const bytes = decoder ? Buffer.from(decoder.write(chunk), 'utf8') : repairer!.write(chunk);
      tail.add(bytes);
      for (let at = 0; at < bytes.length && !error; at += PARSE_SLICE_BYTES) {
        error = feed(bytes.subarray(at, at + PARSE_SLICE_BYTES));
        tail.keepFrom(lastEndByte);
        if (pending.length > 0) {
          yield pending;
          pending = [];
        }
      }
      if (error) break;
    }
    if (!error) {
      const rest = decoder ? decoder.end() : repairer!.end();
      if (rest && rest.length > 0) {
        const bytes = typeof rest === 'string' ? Buffer.from(rest, 'utf8') : rest;
        tail.add(bytes);
        error = feed(bytes);
      }
    }
    if (!error) error = feed(null);
    if (pending.length > 0) yield pending;
    if (error) {
      const start = lastEndLine + 1 + (lastEmptyLines < 0 ? 0 : parser.info.empty_lines - lastEmptyLines);
      const raw = tail.textFrom(lastEndByte);
      yield* brokenTail(error, isQuoting(parser), start, repairer ? restoreMarkers(raw, repairer.remainingFrom(lastEndByte)) : raw, path, limits);
    }
  } finally {
    file.destroy();
  }
}

/** Turns csv-parse's end-of-parsing errors into a quarantined row (and, when reading cannot go on, an error). */
function* brokenTail(error: CsvError, insideQuotes: boolean, line: number, raw: string, file: string, limits: ReaderLimits): Generator<SheetRow[]> {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' || (error.code === 'CSV_MAX_RECORD_SIZE' && insideQuotes)) {
    const message = error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `quote opened in the record starting at line ${line} is never closed; the rest of the file is this one broken record`
      : `quote opened in the record starting at line ${line} is not closed within ${limits.maxRecordBytes} bytes; reading stopped there`;
    yield [{ rowNumber: line, cells: [], issue: { code: 'unbalanced_quotes', message }, raw }];
    return;
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    // csv-parse cannot resynchronise after this error (with skip_records_with_error it drops every
    // following chunk), and no reader can know where an over-long record ends: quarantine its start, then stop.
    const message = `record starting at line ${line} is longer than ${limits.maxRecordBytes} bytes`;
    yield [{ rowNumber: line, cells: [], issue: { code: 'record_too_large', message }, raw }];
    throw new SpreadsheetError('record_too_large', `${message}; rows after it were not read (raise limits.maxRecordBytes or fix the file)`, { file, row: line });
  }
  throw new SpreadsheetError('corrupt_file', `cannot parse ${file} near line ${line}: ${error.message}`, { file, row: line }, { cause: error });
}

/**
 * Was the parser inside a quoted field when it stopped? csv-parse keeps `state` on the Parser for
 * backward compatibility but does not type it; its error objects only carry `wasQuoting`.
 */
function isQuoting(parser: Parser): boolean {
  return (parser as unknown as { state?: { quoting?: boolean } }).state?.quoting === true;
}

function countMarkers(record: string[]): number {
  let count = 0;
  for (const cell of record) for (let at = cell.indexOf(REPAIR_MARKER); at !== -1; at = cell.indexOf(REPAIR_MARKER, at + 1)) count++;
  return count;
}

function countCrlf(record: string[]): number {
  let count = 0;
  for (const cell of record) for (let at = cell.indexOf('\r\n'); at !== -1; at = cell.indexOf('\r\n', at + 2)) count++;
  return count;
}

function toRow(rowNumber: number, record: string[], recordBytes: number, delimiter: string, limits: ReaderLimits): SheetRow {
  let cells: Cell[] = record;
  // A record shorter than one cell limit cannot hold an oversized cell: skip the scan on the hot path.
  if (record.length <= limits.maxColumns && recordBytes <= limits.maxCellBytes) return { rowNumber, cells };
  const raw = rawText(record, delimiter);
  let issue: SheetRow['issue'];
  if (record.length > limits.maxColumns) {
    issue = { code: 'too_many_columns', message: `row has ${record.length} columns, more than the limit of ${limits.maxColumns}; extra cells dropped` };
    cells = record.slice(0, limits.maxColumns);
  }
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    if (cell.length * 3 > limits.maxCellBytes && Buffer.byteLength(cell) > limits.maxCellBytes) {
      issue ??= { code: 'cell_too_large', message: `cell in column ${i + 1} is ${Buffer.byteLength(cell)} bytes, more than the limit of ${limits.maxCellBytes}; cell emptied` };
      cells[i] = '';
    }
  }
  if (!issue) return { rowNumber, cells };
  return { rowNumber, cells, issue, raw };
}

function rawText(record: string[], delimiter: string): string {
  const parts: string[] = [];
  let size = 0;
  for (const cell of record) {
    if (size >= MAX_RAW_BYTES) break;
    const piece = cell.length > MAX_RAW_BYTES ? cell.slice(0, MAX_RAW_BYTES) : cell;
    parts.push(piece);
    size += piece.length + delimiter.length;
  }
  return parts.join(delimiter).slice(0, MAX_RAW_BYTES);
}
