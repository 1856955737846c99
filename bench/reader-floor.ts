/**
 * The floor under a case's reading: the time to read a file's rows and do nothing with them, by the
 * libraries the project builds on (csv-parse, SheetJS) and by crmhub's own readers over them.
 * Every import reads every row at least once, so a reading floor below a target's ratio to B (the
 * bench's `psql \copy`) rules the target out with that reader, whatever the rest costs.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { openSpreadsheet } from '../connectors/spreadsheet';
import { sheetjs } from '../connectors/spreadsheet/sheetjs';

export interface ReadFloor { reader: string; rows: number; seconds: number }

const since = (t0: number) => (performance.now() - t0) / 1000;

/** csv-parse alone: a record per row, nothing kept. */
export async function csvParseFloor(file: string, delimiter: string): Promise<ReadFloor> {
  const t0 = performance.now();
  let rows = 0;
  for await (const _ of createReadStream(file).pipe(parse({ delimiter, bom: true, relax_column_count: true, from_line: 2 }))) rows++;
  return { reader: 'csv-parse alone', rows, seconds: since(t0) };
}

/** crmhub's own reader (encoding, delimiter and header detection, repairs, row numbers), rows taken as an import takes them. */
export async function spreadsheetReaderFloor(file: string, label: string): Promise<ReadFloor> {
  const t0 = performance.now();
  const sheet = await openSpreadsheet(file);
  let rows = 0;
  try {
    for await (const batch of sheet.rowBatches()) rows += batch.length;
  } finally {
    await sheet.close();
  }
  return { reader: label, rows, seconds: since(t0) };
}

/** SheetJS CE reading the whole workbook, then the first sheet's rows as arrays. */
export function sheetJsFloor(file: string): ReadFloor {
  const XLSX = sheetjs();
  const t0 = performance.now();
  const wb = XLSX.readFile(file, { dense: true });
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 }).length - 1; // less the header
  return { reader: 'SheetJS alone (whole workbook)', rows, seconds: since(t0) };
}
