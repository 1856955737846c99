// Text encoding of a CSV: BOM first, then "is it valid UTF-8", then chardet restricted to the
// encodings our European SME exports actually use.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { SpreadsheetError } from './errors';
import { isMostlyUtf8 } from './utf8-repair';

export interface DetectedEncoding {
  encoding: string;
  /** Bytes of BOM to skip (iconv-lite strips it anyway; csv-parse is given `bom: true` for UTF-8). */
  bomLength: number;
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** chardet names we accept; anything else it guesses (Shift_JIS, ISO-8859-8…) is noise for our files. */
const ALLOWED = new Set(['windows-1250', 'windows-1251', 'windows-1252', 'ISO-8859-1', 'ISO-8859-2', 'ISO-8859-5', 'ISO-8859-15', 'KOI8-R']);

export function assertEncodingSupported(encoding: string, file: string): void {
  if (!iconv.encodingExists(encoding)) {
    throw new SpreadsheetError('bad_encoding', `unknown text encoding "${encoding}" (try utf-8, windows-1250, windows-1251, windows-1252, iso-8859-2)`, { file });
  }
}

export function detectEncoding(sample: Buffer, file: string): DetectedEncoding {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((byte, i) => sample[i] === byte)) return { encoding, bomLength: bom.length };
  }
  const nulAt = sample.indexOf(0);
  if (nulAt !== -1) {
    const utf16 = guessBomlessUtf16(sample);
    if (utf16) return { encoding: utf16, bomLength: 0 };
    throw binaryFileError(file, nulAt);
  }
  // Valid UTF-8, or UTF-8 with a few stray bytes that the reader repairs row by row (utf8-repair.ts).
  if (isMostlyUtf8(sample)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: guessSingleByte(sample), bomLength: 0 };
}

export function binaryFileError(file: string, offset: number): SpreadsheetError {
  return new SpreadsheetError('binary_file', `${file} contains a NUL byte at offset ${offset}: it is a binary file, not CSV text`, { file });
}

/** UTF-16 text without BOM: mostly-ASCII content puts a 0x00 in every other byte. */
function guessBomlessUtf16(sample: Buffer): string | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return 'utf-16be';
  return null;
}

/**
 * Bytes that are Polish/Czech letters in windows-1250 or ISO-8859-2 (ą ł ś ź Ś Ź Ą) but rare symbols
 * in windows-1252 (¹ ³ œ Ÿ Œ ± ¶ ¼ ¦ ¬ ¥). Their presence tips a close call towards Central European.
 */
const CENTRAL_EUROPEAN_LETTER_BYTES = new Set([0x9c, 0x9f, 0xb9, 0xb3, 0x8c, 0x8f, 0xa5, 0xb1, 0xb6, 0xbc, 0xa6, 0xac]);
const CENTRAL_EUROPEAN = new Set(['windows-1250', 'ISO-8859-2']);
const WESTERN = new Set(['windows-1252', 'ISO-8859-1', 'ISO-8859-15']);

function guessSingleByte(sample: Buffer): string {
  const matches = chardet.analyse(sample).filter((match) => ALLOWED.has(match.name));
  let best: string | undefined = matches[0]?.name;
  if (best && CENTRAL_EUROPEAN.has(best)) {
    // chardet's n-gram models confuse Spanish/Italian with Polish on short samples: demand evidence.
    const western = matches.find((match) => WESTERN.has(match.name));
    const margin = matches[0]!.confidence - (western?.confidence ?? 0);
    if (western && margin < 10 && !sample.some((byte) => CENTRAL_EUROPEAN_LETTER_BYTES.has(byte))) best = western.name;
  }
  const hasC1 = sample.some((byte) => byte >= 0x80 && byte <= 0x9f);
  switch (best) {
    // Printable C1 bytes (0x80–0x9F) only exist in the Windows code pages: "ISO" guesses with them are Windows.
    case 'ISO-8859-2':
      return hasC1 ? 'windows-1250' : 'iso-8859-2';
    case 'ISO-8859-5':
      return hasC1 ? 'windows-1251' : 'iso-8859-5';
    // Decoding Latin-1 text as windows-1252 is identical for printable text and also gets € right (WHATWG does the same).
    case 'ISO-8859-1':
    case 'ISO-8859-15':
    case undefined:
      return 'windows-1252';
    default:
      return best.toLowerCase();
  }
}
