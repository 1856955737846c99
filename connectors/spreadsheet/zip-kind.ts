// Which kind of zip package a file is. Workbooks (.xlsx, .ods) are read; anything else zipped (a
// Word document, a zip of CSV files…) is refused with a message that names it and says what to do.
import { extname } from 'node:path';
import { SpreadsheetError } from './errors';
import { expectedNoun } from './detect-format';
import type { ZipPackage } from './xlsx/zip-package';

export type ZipKind = 'xlsx' | 'ods' | 'other';

const ODF = 'application/vnd.oasis.opendocument.';

/** ODF spreadsheets name themselves in a `mimetype` part; OOXML ones have a workbook part (checked by readWorkbookParts). */
export async function zipKind(zip: ZipPackage): Promise<ZipKind> {
  const mimetype = (await zip.readSmall('mimetype'))?.trim();
  if (mimetype?.startsWith(`${ODF}spreadsheet`)) return 'ods';
  if (mimetype === undefined && zip.has('content.xml') && !zip.has('[Content_Types].xml')) return 'ods'; // ODF without mimetype (tolerated by LibreOffice)
  if (mimetype !== undefined) return 'other';
  const names = zip.names();
  if (names.some((name) => /^(word|ppt)\//.test(name) || name === 'xl/workbook.bin')) return 'other';
  return 'xlsx';
}

const READABLE = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls', '.ods'];

/** The refusal for a zip that is not a workbook: what it is, and what to do. */
export async function notAWorkbook(zip: ZipPackage, file: string): Promise<SpreadsheetError> {
  const names = zip.names();
  const mimetype = (await zip.readSmall('mimetype').catch(() => null))?.trim() ?? '';
  let what: string;
  let hint = 'save the data as .xlsx or .csv';
  if (mimetype.startsWith(`${ODF}text`)) what = 'an OpenDocument text document (.odt)';
  else if (mimetype.startsWith(`${ODF}presentation`)) what = 'an OpenDocument presentation (.odp)';
  else if (mimetype.startsWith(ODF)) what = `an OpenDocument file (${mimetype.slice(ODF.length)})`;
  else if (names.some((name) => name.startsWith('word/'))) what = 'a Word document (.docx)';
  else if (names.some((name) => name.startsWith('ppt/'))) what = 'a PowerPoint presentation (.pptx)';
  else if (names.includes('xl/workbook.bin')) [what, hint] = ['an Excel binary workbook (.xlsb)', 'open it in Excel and save it as .xlsx'];
  else {
    const files = names.filter((name) => !name.endsWith('/')).sort();
    const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
    what = files.length === 0 ? 'an empty ZIP archive' : `a ZIP archive (holding ${shown})`;
    const inside = files.filter((name) => READABLE.includes(extname(name).toLowerCase()));
    hint = inside.length === 1 ? `extract ${inside[0]} and import it` : 'extract it and import the file inside';
  }
  return new SpreadsheetError('unsupported_format', `${file} looks like ${what}, not a ${expectedNoun(file)}; ${hint}`, { file });
}
