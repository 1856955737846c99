/**
 * Builders for malformed import files (test/import-bad-input.test.ts): delimited text, SheetJS
 * workbooks, and hand-written zip packages for the cases SheetJS refuses to write (a 10 MB cell,
 * zip bombs with honest or lying sizes).
 */
import zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';

/** Lines joined with CRLF, as Excel saves a CSV. */
export function csv(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** CRLF lines of UTF-8 text with raw bytes spliced in: `mixedLines(['a;b', ['Le', [0xf3], 'n;x']])` (a stray Windows-1252 "ó"). */
export function mixedLines(lines: (string | (string | number[])[])[]): Buffer {
  const line = (l: string | (string | number[])[]) => (typeof l === 'string' ? [Buffer.from(l)] : l.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  return Buffer.concat(lines.flatMap((l) => [...line(l), Buffer.from('\r\n')]));
}

/** One-sheet workbook written by SheetJS; cells may be SheetJS cell objects (`{ t: 'n', f: '1+1', v: 2 }`). */
export function workbook(sheet: string, rows: unknown[][]): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
}

/** `length` characters of deterministic, incompressible base64 text (a cell no compression ratio guard mistakes for a bomb). */
export function noise(length: number): string {
  const bytes = Buffer.alloc(Math.ceil((length * 3) / 4));
  let x = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
    bytes[i] = x & 0xff;
  }
  return bytes.toString('base64').slice(0, length);
}

/** A part already deflated, with the CRC and size of its inflated bytes. */
export interface ZipPart { name: string; deflated: Buffer; crc: number; size: number }

export function part(name: string, data: string | Buffer): ZipPart {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return { name, deflated: zlib.deflateRawSync(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

/** A zip archive (APPNOTE.TXT 4.3.7 local headers, 4.3.12 central directory, 4.3.16 end record), deflate only. */
export function zip(parts: ZipPart[], declaredSize: (p: ZipPart) => number = (p) => p.size): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    const central = Buffer.alloc(46);
    local.writeUInt32LE(0x04034b50, 0);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    for (const [h, at] of [[local, 4], [central, 6]] as const) {
      h.writeUInt16LE(20, at); // version needed
      h.writeUInt16LE(8, at + 4); // deflate
      h.writeUInt16LE(33, at + 8); // 1980-01-01
      h.writeUInt32LE(p.crc >>> 0, at + 10);
      h.writeUInt32LE(p.deflated.length, at + 14);
      h.writeUInt32LE(declaredSize(p), at + 18);
      h.writeUInt16LE(name.length, at + 22);
    }
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal one-sheet workbook ("Datos") around a given worksheet part and shared strings. */
export function xlsxPackage(sheet: ZipPart, sharedStrings: string[] = []): ZipPart[] {
  const sst = sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('');
  return [
    part('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    part('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    part('xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    part('xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS}>${sst}</sst>`),
    sheet,
  ];
}

/** `<row>` of inline strings; `s:<n>` cells refer to shared string n. */
export function sheetRow(r: number, cells: string[]): string {
  const cell = (v: string, i: number) => {
    const ref = `${String.fromCharCode(65 + i)}${r}`;
    return v.startsWith('s:') ? `<c r="${ref}" t="s"><v>${v.slice(2)}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  };
  return `<row r="${r}">${cells.map(cell).join('')}</row>`;
}

export function sheetPart(rowsXml: string): ZipPart {
  return part('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rowsXml}</sheetData></worksheet>`);
}

/**
 * A worksheet part whose XML is `head`, then `padBytes` of spaces, then the closing tags: a valid
 * sheet that inflates to `padBytes` and more. The deflate stream is built from one compressed
 * MiB of spaces repeated (each piece sync-flushed, so pieces concatenate), never from the
 * inflated bytes: a 2.5 GiB part costs ~2.5 MB and a few seconds of CRC.
 */
export function paddedSheetPart(head: string, padBytes: number): ZipPart {
  const MiB = 1024 * 1024;
  const start = Buffer.from(`<?xml version="1.0"?><worksheet ${NS}><sheetData>${head}`);
  const end = Buffer.from('</sheetData></worksheet>');
  const spaces = Buffer.alloc(MiB, 0x20);
  const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const spacesDeflated = zlib.deflateRawSync(spaces, sync);
  const pieces = [zlib.deflateRawSync(start, sync)];
  let crc = zlib.crc32(start);
  const whole = Math.floor(padBytes / MiB);
  for (let i = 0; i < whole; i++) {
    pieces.push(spacesDeflated);
    crc = zlib.crc32(spaces, crc);
  }
  const rest = Buffer.alloc(padBytes - whole * MiB, 0x20);
  pieces.push(zlib.deflateRawSync(rest, sync), zlib.deflateRawSync(end)); // the last piece ends the stream
  crc = zlib.crc32(end, zlib.crc32(rest, crc));
  return { name: 'xl/worksheets/sheet1.xml', deflated: Buffer.concat(pieces), crc, size: start.length + padBytes + end.length };
}
