// Delimited text (CSV/TSV/semicolon/pipe): encoding and delimiter from a sample, then streamed.
import iconv from 'iconv-lite';
import { buildSource } from './build-source';
import { csvRowBatches } from './csv-rows';
import { assertEncodingSupported, detectEncoding } from './detect-encoding';
import { SpreadsheetError } from './errors';
import { sniffDelimiter } from './sniff-delimiter';
import type { OpenOptions, ReaderLimits, SpreadsheetSource } from './types';
import { isMostlyUtf8 } from './utf8-repair';

function chooseEncoding(path: string, head: Buffer, explicit: string | undefined): { encoding: string; detected: boolean } {
  if (explicit === undefined) return { encoding: detectEncoding(head, path).encoding, detected: true };
  assertEncodingSupported(explicit, path);
  const canonical = /^utf-?8$/i.test(explicit) ? 'utf-8' : explicit.toLowerCase();
  // A wrong explicit UTF-8 would turn every accented letter into a repaired byte: say so instead.
  // A few stray bytes in UTF-8 text are repaired row by row, as when the encoding is detected.
  if (canonical === 'utf-8' && !isMostlyUtf8(head)) {
    throw new SpreadsheetError('bad_encoding', `${path} is not valid UTF-8 (looks like ${detectEncoding(head, path).encoding}); omit the encoding to detect it`, { file: path });
  }
  return { encoding: canonical, detected: false };
}

export async function openCsv(path: string, head: Buffer, opts: OpenOptions, limits: ReaderLimits): Promise<SpreadsheetSource> {
  const { encoding, detected } = chooseEncoding(path, head, opts.encoding);
  const delimiter = opts.delimiter ?? sniffDelimiter(iconv.decode(head, encoding)) ?? ',';
  return buildSource(
    {
      file: path,
      format: 'csv',
      encoding,
      encodingDetected: detected,
      delimiter,
      sheet: null,
      sheetNames: [],
      date1904: false,
      readRowBatches: (fromLine) => csvRowBatches({ path, encoding, delimiter, limits, fromLine }),
      close: async () => {},
    },
    opts.headerRow,
  );
}
