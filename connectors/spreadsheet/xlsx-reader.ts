// Streamed .xlsx/.xlsm: yauzl for the zip, sax for the XML. Only the shared string table and the
// date styles are held in memory; sheet rows are streamed.
import { buildSource } from './build-source';
import { chooseSheet } from './choose-sheet';
import type { OpenOptions, ReaderLimits, SpreadsheetSource } from './types';
import { readDateStyles } from './xlsx/date-styles';
import { readSharedStrings } from './xlsx/shared-strings';
import { sheetRowBatches } from './xlsx/sheet-rows';
import { readWorkbookParts } from './xlsx/workbook-parts';
import { ZipPackage } from './xlsx/zip-package';

export async function openXlsx(path: string, opts: OpenOptions, limits: ReaderLimits): Promise<SpreadsheetSource> {
  const zip = await ZipPackage.open(path, limits);
  try {
    const workbook = await readWorkbookParts(zip, path);
    const sheetNames = workbook.sheets.map((sheet) => sheet.name);
    const sheet = workbook.sheets[chooseSheet(sheetNames, opts.sheet, path)]!;
    const [sharedStrings, dateStyles] = [
      await readSharedStrings(zip, path, workbook.sharedStringsPart),
      await readDateStyles(zip, path, workbook.stylesPart),
    ];
    const context = { zip, file: path, part: sheet.part, sharedStrings, dateStyles, date1904: workbook.date1904, limits };
    return await buildSource(
      {
        file: path,
        format: 'xlsx',
        encoding: null,
        encodingDetected: false,
        delimiter: null,
        sheet: sheet.name,
        sheetNames,
        date1904: workbook.date1904,
        readRowBatches: () => sheetRowBatches(context),
        close: async () => zip.close(),
      },
      opts.headerRow,
    );
  } catch (error) {
    zip.close();
    throw error;
  }
}
