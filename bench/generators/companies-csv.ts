/**
 * Writes the generated company records as a comma-separated UTF-8 CSV (RFC 4180 quoting, LF)
 * that `mappings/bench-companies.json` reads. Memory stays constant whatever the number of records
 * (write-lines.ts).
 */
import { writeLines } from './write-lines';
import { COMPANY_COLUMNS, companyRows, type CompanyRow, type CompanyRowsOptions } from './companies-rows';

/** Seed and size of the quality set used by `npm run bench:match`. */
export const COMPANY_QUALITY_SET: CompanyRowsOptions = { records: 10_000, seed: 20261130 };

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function companyCsvLine(r: CompanyRow): string {
  return csvLineOf(COMPANY_COLUMNS, r);
}

function csvLineOf<C extends string>(columns: readonly C[], r: Readonly<Record<C, string>>): string {
  let line = '';
  for (let k = 0; k < columns.length; k++) {
    if (k > 0) line += ',';
    line += csvCell(r[columns[k] as C]);
  }
  return `${line}\n`;
}

/** Writes any rows of string cells (the names-only and name + address sets), header first. */
export async function writeRowsCsv<C extends string>(path: string, columns: readonly C[], rowsIn: Iterable<Readonly<Record<C, string>>>): Promise<number> {
  let rows = 0;
  function* lines(): Generator<string> {
    for (const row of rowsIn) {
      rows++;
      yield csvLineOf(columns, row);
    }
  }
  await writeLines(path, `${columns.join(',')}\n`, lines());
  return rows;
}

/** Writes `records` rows of the company set to `path`; resolves with the number of rows written. */
export async function writeCompaniesCsv(path: string, opts: CompanyRowsOptions): Promise<number> {
  if (!Number.isInteger(opts.records) || opts.records < 0) throw new Error(`records must be a non-negative integer: ${opts.records}`);
  return writeCompanyRowsCsv(path, companyRows(opts));
}

/** Writes any stream of company rows (e.g. `companyBatchRows`) to `path`, header first. */
export async function writeCompanyRowsCsv(path: string, rowsIn: Iterable<CompanyRow>): Promise<number> {
  return writeRowsCsv(path, COMPANY_COLUMNS, rowsIn);
}
