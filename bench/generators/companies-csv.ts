/**
 * Writes the generated company records as a comma-separated UTF-8 CSV (RFC 4180 quoting, LF)
 * that `mappings/bench-companies.json` reads. Rows are encoded into 256 KiB buffers written with
 * backpressure, so memory stays constant whatever the number of records.
 */
import { createWriteStream } from 'node:fs';
import { COMPANY_COLUMNS, companyRows, type CompanyRow, type CompanyRowsOptions } from './companies-rows';

/** Seed and size of the quality set used by `npm run bench:match`. */
export const COMPANY_QUALITY_SET: CompanyRowsOptions = { records: 10_000, seed: 20261130 };

const BUF_BYTES = 256 * 1024;
const MAX_LINE_BYTES = 8192;
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
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let error: Error | undefined;
  out.on('error', (e) => {
    error = e;
  });
  const waitFor = (event: 'drain' | 'finish') =>
    new Promise<void>((resolve, reject) => {
      if (error) return reject(error);
      const onDone = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        out.off(event, onDone);
        reject(e);
      };
      out.once(event, onDone);
      out.once('error', onError);
    });
  let buf = Buffer.allocUnsafe(BUF_BYTES);
  let used = buf.write(`${COMPANY_COLUMNS.join(',')}\n`, 0, 'utf8');
  let rows = 0;
  for (const row of rowsIn) {
    used += buf.write(companyCsvLine(row), used, 'utf8');
    rows++;
    if (used > BUF_BYTES - MAX_LINE_BYTES) {
      const ok = out.write(buf.subarray(0, used));
      buf = Buffer.allocUnsafe(BUF_BYTES);
      used = 0;
      if (!ok) await waitFor('drain');
      if (error) throw error;
    }
  }
  out.end(buf.subarray(0, used));
  await waitFor('finish');
  return rows;
}
