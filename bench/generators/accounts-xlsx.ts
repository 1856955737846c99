/**
 * Writer of the benchmark accounts XLSX (same columns and rows as the CSV writer): one sheet
 * "Clientes", Fecha alta as real Excel dates (serial numbers with a dd/mm/yyyy format), C.P. as text
 * cells (leading zeros kept), Potencial as a number with a #,##0.00 format. Built in memory with
 * SheetJS (dense mode); 100,000 rows take a few seconds.
 */
import { writeFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { ACCOUNT_COLUMNS, benchAccountRow, type BenchAccountRow } from './accounts-rows';

export interface AccountsXlsxOptions {
  rows?: number;
  seed: number;
}

type Cell = XLSX.CellObject;

function text(v: string): Cell {
  return { t: 's', v };
}

function rowCells(r: BenchAccountRow): Cell[] {
  return [
    text(r.code),
    text(r.name),
    text(r.taxId),
    text(r.street),
    { t: 's', v: r.postcode, z: '@' },
    text(r.city),
    text(r.countryName),
    text(r.phone),
    text(r.email),
    r.web ? text(r.web) : { t: 'z' },
    text(r.type),
    { t: 'n', v: r.dateSerial, z: 'dd/mm/yyyy' },
    { t: 'n', v: r.potential, z: '#,##0.00' },
  ];
}

/** Builds the workbook buffer (exported for tests). */
export function buildAccountsXlsx(opts: AccountsXlsxOptions): Buffer {
  const rows = opts.rows ?? 100_000;
  const data: Cell[][] = [ACCOUNT_COLUMNS.map((h) => text(h))];
  for (let i = 0; i < rows; i++) data.push(rowCells(benchAccountRow(opts.seed, i)));
  const ws: XLSX.WorkSheet = XLSX.utils.aoa_to_sheet(data, { dense: true });
  ws['!cols'] = [10, 36, 14, 30, 8, 16, 9, 18, 28, 24, 10, 11, 12].map((wch) => ({ wch }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Clientes');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** Writes `rows` (default 100,000) account rows to an .xlsx file at `path`. */
export function writeAccountsXlsx(path: string, opts: AccountsXlsxOptions): void {
  writeFileSync(path, buildAccountsXlsx(opts));
}
