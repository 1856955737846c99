// Legacy .xls (BIFF in a Compound File) and .ods through SheetJS. NOT streamed: SheetJS parses the
// whole workbook into memory, so files above limits.maxLegacyFileBytes are refused up front.
import { readFile, stat } from 'node:fs/promises';
import type * as XLSX from '@e965/xlsx';
import { sheetjs } from './sheetjs';
import { buildSource } from './build-source';
import { chooseSheet } from './choose-sheet';
import { SpreadsheetError } from './errors';
import { isDateFormat, serialToIso } from './serial-date';
import type { Cell, OpenOptions, ReaderLimits, RowIssue, SheetRow, SpreadsheetFormat, SpreadsheetSource } from './types';

const BATCH_ROWS = 1000;

function loadWorkbook(path: string, data: Buffer): XLSX.WorkBook {
  try {
    return sheetjs().read(data, { type: 'buffer', dense: true, cellNF: true, cellDates: false, cellFormula: false, cellHTML: false, cellText: false });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/password|encrypt/i.test(message)) {
      throw new SpreadsheetError('unsupported_format', `${path} is password-protected; save an unprotected copy`, { file: path }, { cause: error });
    }
    throw new SpreadsheetError('corrupt_file', `${path} cannot be read as a spreadsheet: ${message}`, { file: path }, { cause: error });
  }
}

function toCell(cell: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
      return typeof cell.z === 'string' && isDateFormat(-1, cell.z) ? serialToIso(cell.v as number, date1904) : (cell.v as number);
    case 's':
      return String(cell.v ?? '');
    case 'b':
      return Boolean(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().replace(/\.\d+Z$/, '').replace(/T00:00:00$/, '') : String(cell.v);
    default:
      return null; // 'e' (error values) and 'z' (stub cells)
  }
}

function toRow(rowNumber: number, source: (XLSX.CellObject | undefined)[], date1904: boolean, limits: ReaderLimits): SheetRow {
  let issue: RowIssue | undefined;
  const width = Math.min(source.length, limits.maxColumns);
  if (source.length > limits.maxColumns && source.slice(limits.maxColumns).some((cell) => cell && cell.t !== 'z')) {
    issue = { code: 'too_many_columns', message: `row has cells beyond column ${limits.maxColumns}; extra cells dropped` };
  }
  const cells: Cell[] = new Array<Cell>(width);
  for (let i = 0; i < width; i++) {
    let cell = toCell(source[i], date1904);
    if (typeof cell === 'string' && cell.length * 3 > limits.maxCellBytes && Buffer.byteLength(cell) > limits.maxCellBytes) {
      issue ??= { code: 'cell_too_large', message: `cell in column ${i + 1} is larger than ${limits.maxCellBytes} bytes; cell emptied` };
      cell = '';
    }
    cells[i] = cell;
  }
  return issue ? { rowNumber, cells, issue, raw: cells.join('\t').slice(0, 64 * 1024) } : { rowNumber, cells };
}

export async function openLegacy(path: string, format: SpreadsheetFormat, opts: OpenOptions, limits: ReaderLimits): Promise<SpreadsheetSource> {
  const { size } = await stat(path);
  if (size > limits.maxLegacyFileBytes) {
    throw new SpreadsheetError('file_too_large', `${path} is ${size} bytes; legacy .${format} files are read whole and are limited to ${limits.maxLegacyFileBytes} bytes: save it as .xlsx or .csv`, { file: path });
  }
  const workbook = loadWorkbook(path, await readFile(path));
  const sheetNames = workbook.SheetNames;
  const name = sheetNames[chooseSheet(sheetNames, opts.sheet, path)]!;
  const data = (workbook.Sheets[name]?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);

  async function* readRowBatches(): AsyncGenerator<SheetRow[]> {
    for (let start = 0; start < data.length; start += BATCH_ROWS) {
      const batch: SheetRow[] = [];
      for (let i = start; i < Math.min(data.length, start + BATCH_ROWS); i++) batch.push(toRow(i + 1, data[i] ?? [], date1904, limits));
      yield batch;
    }
  }

  return buildSource(
    { file: path, format, encoding: null, encodingDetected: false, delimiter: null, sheet: name, sheetNames, date1904, readRowBatches, close: async () => {} },
    opts.headerRow,
  );
}
