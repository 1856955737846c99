// Streams <row>/<c> elements of one worksheet part (ECMA-376 Part 1, 18.3.1.73 row, 18.3.1.4 c)
// into SheetRow batches, placing each cell by its reference ("C5") even when columns are skipped.
import { serialToIso } from '../serial-date';
import type { Cell, ReaderLimits, RowIssue, SheetRow } from '../types';
import { unescapeXstring } from './shared-strings';
import { parseXmlChunks } from './xml-part';
import type { ZipPackage } from './zip-package';

const MAX_RAW_CHARS = 64 * 1024;

export interface SheetContext {
  zip: ZipPackage;
  file: string;
  part: string;
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  limits: ReaderLimits;
}

/** 0-based column of a cell reference: "A1" → 0, "AB12" → 27; -1 when there are no letters. */
export function columnIndex(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper-case
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return i === 0 ? -1 : column - 1;
}

export async function* sheetRowBatches(context: SheetContext): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, dateStyles, date1904, limits } = context;
  let pending: SheetRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] = [];
  let issue: RowIssue | undefined;
  // Current cell
  let column = -1;
  let type = 'n';
  let style = 0;
  let value = '';
  let hasValue = false;
  let hasFormula = false;
  let capturing = false; // inside <v>, or <t> of an inline string (not its phonetic runs)
  let inPhonetic = false;
  let tooLarge = false;

  const flag = (next: RowIssue) => {
    issue ??= next;
  };

  const cellValue = (): Cell => {
    if (tooLarge) {
      flag({ code: 'cell_too_large', message: `cell in column ${column + 1} is larger than ${limits.maxCellBytes} bytes; cell emptied` });
      return '';
    }
    if (!hasValue) {
      // A formula Excel never calculated has no cached <v>: there is nothing trustworthy to import.
      if (hasFormula) flag({ code: 'formula', message: `cell in column ${column + 1} has a formula without a cached value` });
      return null;
    }
    switch (type) {
      case 's': {
        // Excel keeps most text in sharedStrings.xml: the cell limit applies there too.
        const text = sharedStrings[Number(value)] ?? null;
        if (text !== null && text.length * 3 > limits.maxCellBytes && Buffer.byteLength(text) > limits.maxCellBytes) {
          flag({ code: 'cell_too_large', message: `cell in column ${column + 1} is ${Buffer.byteLength(text)} bytes, more than the limit of ${limits.maxCellBytes}; cell emptied` });
          return '';
        }
        return text;
      }
      case 'inlineStr':
      case 'str':
        return unescapeXstring(value);
      case 'b':
        return value === '1' || value === 'true';
      case 'e':
        return null; // #N/A, #DIV/0!…: an error result is no value; the rest of the row is fine
      case 'd':
        return value.replace(/(\.\d+)?Z?$/, '').replace(/T00:00:00$/, ''); // ISO 8601 already (18.17.4)
      default: {
        const number = Number(value);
        if (value === '' || Number.isNaN(number)) return value === '' ? null : value;
        return dateStyles[style] ? serialToIso(number, date1904) : number;
      }
    }
  };

  const handlers = {
    open(name: string, attrs: Record<string, string>) {
      switch (name) {
        case 'row':
          rowNumber = attrs.r ? Number(attrs.r) : rowNumber + 1; // r is optional (18.3.1.73)
          cells = [];
          issue = undefined;
          column = -1;
          break;
        case 'c':
          column = attrs.r ? columnIndex(attrs.r) : -1;
          if (column < 0) column = cells.length; // no reference: the next column
          type = attrs.t ?? 'n';
          style = attrs.s ? Number(attrs.s) : 0;
          value = '';
          hasValue = false;
          hasFormula = false;
          tooLarge = false;
          break;
        case 'v':
          capturing = true;
          hasValue = true;
          break;
        case 'f':
          hasFormula = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (type === 'inlineStr' && !inPhonetic) {
            capturing = true;
            hasValue = true;
          }
          break;
      }
    },
    close(name: string) {
      switch (name) {
        case 'v':
        case 't':
          capturing = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          if (column >= limits.maxColumns) {
            flag({ code: 'too_many_columns', message: `row has cells beyond column ${limits.maxColumns}; extra cells dropped` });
            break;
          }
          const cell = cellValue();
          while (cells.length < column) cells.push(null);
          cells[column] = cell;
          break;
        }
        case 'row':
          if (rowNumber <= 0) break;
          pending.push(issue ? { rowNumber, cells, issue, raw: rawText(cells) } : { rowNumber, cells });
          break;
      }
    },
    text(text: string) {
      if (!capturing || tooLarge) return;
      value += text;
      // Characters × 3 bounds UTF-8 bytes; stop accumulating rather than hold a huge string.
      if (value.length * 3 > limits.maxCellBytes && Buffer.byteLength(value) > limits.maxCellBytes) {
        tooLarge = true;
        value = '';
      }
    },
  };

  for await (const _ of parseXmlChunks(context.zip, context.part, context.file, handlers)) {
    if (pending.length > 0) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length > 0) yield pending;
}

function rawText(cells: Cell[]): string {
  return cells.map((cell) => (cell === null ? '' : String(cell))).join('\t').slice(0, MAX_RAW_CHARS);
}
