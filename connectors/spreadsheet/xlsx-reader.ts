// Streamed .xlsx/.xlsm: yauzl for the zip, sax for the XML. Only the shared string table and the
// date styles are held in memory; sheet rows are streamed.
import { buildSource } from './build-source';
import { openLegacy } from './legacy-reader';
import { chooseSheet } from './choose-sheet';
import type { OpenOptions, ReaderLimits, SpreadsheetSource } from './types';
import { readDateStyles } from './xlsx/date-styles';
import { readSharedStrings } from './xlsx/shared-strings';
import { sheetRowBatches } from './xlsx/sheet-rows';
import { readWorkbookParts } from './xlsx/workbook-parts';
import { ZipPackage } from './xlsx/zip-package';
import { notAWorkbook, zipKind } from './zip-kind';

/**
 * Any zip package: .xlsx/.xlsm streamed here, .ods handed to SheetJS (whatever the extension says:
 * the content decides), anything else refused naming what it is. The zip bomb checks on declared
 * sizes run first, also for .ods.
 */
export async function openZipWorkbook(path: string, opts: OpenOptions, limits: ReaderLimits): Promise<SpreadsheetSource> {
  const zip = await ZipPackage.open(path, limits);
  let kind;
  try {
    kind = await zipKind(zip);
    if (kind === 'other') throw await notAWorkbook(zip, path);
  } catch (error) {
    zip.close();
    throw error;
  }
  if (kind === 'ods') {
    zip.close();
    return openLegacy(path, 'ods', opts, limits);
  }
  return openXlsx(path, zip, opts, limits);
}

async function openXlsx(path: string, zip: ZipPackage, opts: OpenOptions, limits: ReaderLimits): Promise<SpreadsheetSource> {
  try {
    const workbook = await readWorkbookParts(zip, path);
    if (!workbook) throw await notAWorkbook(zip, path);
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
