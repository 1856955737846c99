/**
 * Streaming writer of the benchmark accounts CSV: `;`-separated UTF-8 (no BOM), CRLF, European
 * formats (dd/mm/yyyy dates, 1.234,56 amounts), mixed ES/IT/PL/RU rows, ~163 bytes/row (Cyrillic is 2 bytes
 * a character in UTF-8), i.e. ~163 MB per million rows. Rows are generated and
 * encoded into 256 KiB buffers written with backpressure, so memory stays constant whatever `rows` is.
 */
import { createWriteStream } from 'node:fs';
import {
  ACCOUNT_COLUMNS,
  benchAccountRow,
  changeRow,
  changeSelector,
  formatEuro,
  serialToDmy,
  type BenchAccountRow,
} from './accounts-rows';

export interface AccountsCsvOptions {
  rows: number;
  seed: number;
  /** Fraction of rows whose phone or city is altered (0..1); exactly round(rows * fraction) rows change. */
  changedFraction?: number;
  /** Selects which rows change and how; defaults to a value derived from `seed`. */
  changeSeed?: number;
}

const SEP = ';';
const EOL = '\r\n';
const BUF_BYTES = 256 * 1024;
/** Upper bound of one encoded line (free-text fields are short; 4 bytes per char worst case). */
const MAX_LINE_BYTES = 4096;

export function csvField(v: string): string {
  return v.includes('"') || v.includes(SEP) || v.includes('\n') || v.includes('\r') ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line; only the free-text columns (name, street) can contain a separator or a quote. */
export function accountCsvLine(r: BenchAccountRow): string {
  return (
    r.code + SEP +
    csvField(r.name) + SEP +
    r.taxId + SEP +
    csvField(r.street) + SEP +
    r.postcode + SEP +
    r.city + SEP +
    r.countryName + SEP +
    r.phone + SEP +
    r.email + SEP +
    r.web + SEP +
    r.type + SEP +
    serialToDmy(r.dateSerial) + SEP +
    formatEuro(r.potential) + EOL
  );
}

export function defaultChangeSeed(seed: number): number {
  return (seed ^ 0x5eed5eed) >>> 0;
}

/**
 * Writes `rows` account rows to `path` and resolves with the number of changed rows (0 unless
 * `changedFraction` > 0). Row i is a pure function of (seed, i); with a changed fraction, the rows
 * selected by (changeSeed, i) get another phone or city, every other byte stays identical.
 */
export async function writeAccountsCsv(path: string, opts: AccountsCsvOptions): Promise<number> {
  const { rows, seed } = opts;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer: ${rows}`);
  const changeSeed = opts.changeSeed ?? defaultChangeSeed(seed);
  const sel = changeSelector(rows, opts.changedFraction ?? 0, changeSeed);
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
  // Lines are encoded straight into a reusable buffer; a full buffer is copied out to the stream.
  let buf = Buffer.allocUnsafe(BUF_BYTES);
  let used = buf.write(ACCOUNT_COLUMNS.join(SEP) + EOL, 0, 'utf8');
  let changed = 0;
  for (let i = 0; i < rows; i++) {
    let row = benchAccountRow(seed, i);
    if (sel.isChanged(i)) {
      row = changeRow(row, changeSeed, i);
      changed++;
    }
    used += buf.write(accountCsvLine(row), used, 'utf8');
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
  return changed;
}
