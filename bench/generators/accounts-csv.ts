/**
 * Streaming writer of the benchmark accounts CSV: `;`-separated UTF-8 (no BOM), CRLF, European
 * formats (dd/mm/yyyy dates, 1.234,56 amounts), mixed ES/IT/PL/RU rows, ~163 bytes/row (Cyrillic is 2 bytes
 * a character in UTF-8), i.e. ~163 MB per million rows. Rows are generated and
 * encoded into 256 KiB buffers written with backpressure, so memory stays constant whatever `rows` is.
 */
import { writeLines } from './write-lines';
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
  let changed = 0;
  function* lines(): Generator<string> {
    for (let i = 0; i < rows; i++) {
      let row = benchAccountRow(seed, i);
      if (sel.isChanged(i)) {
        row = changeRow(row, changeSeed, i);
        changed++;
      }
      yield accountCsvLine(row);
    }
  }
  await writeLines(path, ACCOUNT_COLUMNS.join(SEP) + EOL, lines());
  return changed;
}
