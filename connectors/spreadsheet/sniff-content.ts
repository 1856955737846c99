// What a file that is not tabular text really is, from its first bytes: users export JSON, XML,
// PDF or a compressed file and name it ".csv", and reading those as CSV "succeeds" with garbage
// or zero rows. Naming what the file is tells them what to do instead.
import iconv from 'iconv-lite';
import { isMostlyUtf8 } from './utf8-repair';

export interface ContentKind {
  /** "a JSON document", "a PDF document"… (with its article: it follows "looks like"). */
  what: string;
  /** What to do instead, one clause. */
  hint: string;
  /** True for formats that are text (JSON, XML, HTML, RTF): the message quotes their start. */
  text: boolean;
}

const REEXPORT = 'export the data from the program that made it as CSV or XLSX';
const RESAVE = 'open it in Excel and save it as .xlsx or .csv';
const EXTRACT = 'extract it and import the file inside';

interface Magic {
  bytes: (number | null)[]; // null: any byte
  kind: ContentKind;
}

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** File signatures of formats users mistake for, or pack around, their spreadsheets. */
const MAGIC: Magic[] = [
  { bytes: ascii('%PDF-'), kind: { what: 'a PDF document', hint: REEXPORT, text: false } },
  { bytes: [0x1f, 0x8b], kind: { what: 'a gzip-compressed file', hint: 'decompress it (gunzip) and import the file inside', text: false } },
  { bytes: [...ascii('BZh'), null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], kind: { what: 'a bzip2-compressed file', hint: 'decompress it and import the file inside', text: false } },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: { what: 'an xz-compressed file', hint: 'decompress it and import the file inside', text: false } },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: { what: 'a zstd-compressed file', hint: 'decompress it and import the file inside', text: false } },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: { what: 'a 7-Zip archive', hint: EXTRACT, text: false } },
  { bytes: [...ascii('Rar!'), 0x1a, 0x07], kind: { what: 'a RAR archive', hint: EXTRACT, text: false } },
  { bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a], kind: { what: 'a PNG image', hint: REEXPORT, text: false } },
  { bytes: [0xff, 0xd8, 0xff], kind: { what: 'a JPEG image', hint: REEXPORT, text: false } },
  { bytes: ascii('GIF8'), kind: { what: 'a GIF image', hint: REEXPORT, text: false } },
  { bytes: [...ascii('SQLite format 3'), 0], kind: { what: 'an SQLite database', hint: 'export the table as CSV (sqlite3 -csv) and import that', text: false } },
  { bytes: [...ascii('PAR1'), 0x15], kind: { what: 'an Apache Parquet file', hint: 'convert it to CSV first', text: false } },
  { bytes: [...ascii('Obj'), 0x01], kind: { what: 'an Apache Avro file', hint: 'convert it to CSV first', text: false } },
  { bytes: [0x7f, ...ascii('ELF')], kind: { what: 'an executable program', hint: 'choose the exported data file instead', text: false } },
  { bytes: ascii('{\\rtf'), kind: { what: 'an RTF document', hint: 'save the table as .csv or .xlsx', text: true } },
];

/**
 * C0 controls that text does not use: not tab, LF, VT, FF, CR, SUB (DOS end of file), ESC, nor the
 * FS/GS/RS/US separators some systems delimit with; plus DEL. NUL is left to detect-encoding.
 */
function isControl(byte: number): boolean {
  return (byte >= 0x01 && byte <= 0x08) || (byte >= 0x0e && byte <= 0x19) || byte === 0x7f;
}

const UTF16_BOMS = [[0xff, 0xfe], [0xfe, 0xff]];

/** The start of the file as text, to recognise JSON/XML and quote it: BOMs honoured, UTF-8 when it is, else Latin-1. */
function headText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return iconv.decode(head.subarray(2, 4098), 'utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return iconv.decode(head.subarray(2, 4098), 'utf-16be');
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const bytes = head.subarray(start, start + 4096);
  return bytes.toString(isMostlyUtf8(bytes) ? 'utf8' : 'latin1');
}

/** A binary format by its signature, or binary content (many control bytes) of no known format. */
export function sniffBinary(head: Buffer): ContentKind | null {
  for (const { bytes, kind } of MAGIC) {
    if (head.length >= bytes.length && bytes.every((byte, i) => byte === null || head[i] === byte)) return kind;
  }
  if (UTF16_BOMS.some(([a, b]) => head[0] === a && head[1] === b)) return null; // UTF-16 code units may look like controls
  const sample = head.subarray(0, 4096);
  let controls = 0;
  for (const byte of sample) if (isControl(byte)) controls++;
  // Text has almost none (a stray ESC or VT at most); random binary has ~10 %.
  if (controls >= 8 && controls > sample.length * 0.05) return { what: 'a binary file', hint: REEXPORT, text: false };
  return null;
}

/** A text document that is not a table: JSON (also JSON lines), HTML, XML. */
export function sniffDocument(head: Buffer): ContentKind | null {
  const text = headText(head).trimStart();
  // `{"` / `{}` / `[{` / `[[` / `["` / `[]`: a CSV row never starts like that (a cell with quotes is itself quoted).
  if (/^\{\s*(?:"|\})|^\[\s*(?:\{|\[|"|\])/.test(text)) {
    return { what: 'a JSON document', hint: 'export the data as CSV or XLSX (or convert the JSON to CSV first)', text: true };
  }
  if (!text.startsWith('<')) return null;
  const lower = text.slice(0, 2048).toLowerCase();
  if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) return { what: 'an Excel 2003 XML spreadsheet (SpreadsheetML)', hint: RESAVE, text: true };
  if (/<!doctype html|<html|<table|<body|<head|<meta/.test(lower)) return { what: 'an HTML document (a web page, or an "Excel" export that is HTML)', hint: RESAVE, text: true };
  return { what: 'an XML document', hint: REEXPORT, text: true };
}

/** The first characters of a text document, on one line, quoted; or the first bytes in hex. */
export function describeStart(head: Buffer, kind: ContentKind): string {
  if (kind.text) {
    const start = headText(head).trim().replace(/\s+/g, ' ');
    return `it starts with ${JSON.stringify(start.length > 40 ? `${start.slice(0, 40)}…` : start)}`;
  }
  const bytes = [...head.subarray(0, 8)].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return `its first bytes are ${bytes}`;
}
