// Chooses the reader from the first bytes (magic numbers win over the extension, because ERPs
// routinely save CSV or HTML as ".xls") and the extension.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { SpreadsheetError } from './errors';
import { describeStart, sniffBinary, sniffDocument, type ContentKind } from './sniff-content';
import type { SpreadsheetFormat } from './types';

const ZIP_MAGIC = [0x50, 0x4b]; // "PK": every OOXML/ODF package (ECMA-376 Part 2, OPC)
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // Compound File Binary: legacy BIFF .xls (and encrypted OOXML)

export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const WORKBOOK_EXTENSIONS = ['.xls', '.xlsx', '.xlsm', '.xlsb', '.ods'];

/** What the user meant the file to be, from its name: for messages like "x.csv looks like …, not a CSV file". */
export function expectedNoun(path: string): string {
  return WORKBOOK_EXTENSIONS.includes(extname(path).toLowerCase()) ? 'spreadsheet' : 'CSV file';
}

function startsWith(head: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

export function detectFormat(path: string, head: Buffer, explicit?: SpreadsheetFormat): SpreadsheetFormat {
  if (head.length === 0) throw new SpreadsheetError('empty_file', `${path} is empty (0 bytes)`, { file: path });
  const ext = extname(path).toLowerCase();
  const isZip = startsWith(head, ZIP_MAGIC);
  const isCfb = startsWith(head, CFB_MAGIC);
  const noun = explicit === 'csv' ? 'CSV file' : expectedNoun(path);
  const refuse = (kind: ContentKind, code: 'unsupported_format' | 'binary_file' = 'unsupported_format') =>
    new SpreadsheetError(code, `${path} looks like ${kind.what}, not a ${noun}: ${describeStart(head, kind)}; ${kind.hint}`, { file: path });
  if (!isZip && !isCfb) {
    // Signatures first: a PDF or a gzip file is never a CSV, whatever it is named or said to be.
    const binary = sniffBinary(head);
    if (binary) throw refuse(binary, binary.what === 'a binary file' ? 'binary_file' : 'unsupported_format');
  }
  if (explicit === 'csv') return 'csv';
  if (isCfb) return 'xls';
  if (isZip) return explicit === 'ods' || ext === '.ods' ? 'ods' : 'xlsx';
  // JSON, HTML/XML "Excel" exports (SpreadsheetML 2003, HTML tables): neither CSV nor a workbook.
  const document = sniffDocument(head);
  if (document) throw refuse(document);
  if (explicit === 'xlsx' || explicit === 'ods' || ['.xlsx', '.xlsm', '.ods'].includes(ext)) {
    throw new SpreadsheetError('not_a_zip', `${path} is named as a ${explicit ?? ext} workbook but is not a zip package; re-save it from the spreadsheet program`, { file: path });
  }
  // .xls that is plain text (a TSV/CSV with the wrong extension) is read as delimited text.
  return 'csv';
}
