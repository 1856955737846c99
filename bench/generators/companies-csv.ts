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
  let line = '';
  for (let k = 0; k < COMPANY_COLUMNS.length; k++) {
    if (k > 0) line += ',';
    line += csvCell(r[COMPANY_COLUMNS[k] as keyof CompanyRow]);
  }
  return `${line}\n`;
}

/** Writes `records` rows of the company set to `path`; resolves with the number of rows written. */
export async function writeCompaniesCsv(path: string, opts: CompanyRowsOptions): Promise<number> {
  if (!Number.isInteger(opts.records) || opts.records < 0) throw new Error(`records must be a non-negative integer: ${opts.records}`);
  return writeCompanyRowsCsv(path, companyRows(opts));
}

/** Writes any stream of company rows (e.g. `companyBatchRows`) to `path`, header first. */
export async function writeCompanyRowsCsv(path: string, rowsIn: Iterable<CompanyRow>): Promise<number> {
  let rows = 0;
  function* lines(): Generator<string> {
    for (const row of rowsIn) {
      rows++;
      yield companyCsvLine(row);
    }
  }
  await writeLines(path, `${COMPANY_COLUMNS.join(',')}\n`, lines());
  return rows;
}
