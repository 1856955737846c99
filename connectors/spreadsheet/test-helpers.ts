// Shared by the *.unit.test.ts files: fixtures written into a fresh tmp dir, rows collected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import zlib from 'node:zlib';
import { openSpreadsheet, SpreadsheetError, type OpenOptions, type SheetRow, type SpreadsheetSource } from './index';

export function tmpDir(): { path(name: string): string; write(name: string, data: string | Buffer): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-sheet-'));
  return {
    path: (name) => join(dir, name),
    write: (name, data) => {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function collect(source: SpreadsheetSource, afterRow?: number): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of source.rows(afterRow === undefined ? undefined : { afterRow })) rows.push(row);
  return rows;
}

/** Opens, reads every row and closes. */
export async function readAll(path: string, opts?: OpenOptions): Promise<{ source: SpreadsheetSource; rows: SheetRow[] }> {
  const source = await openSpreadsheet(path, opts);
  try {
    return { source, rows: await collect(source) };
  } finally {
    await source.close();
  }
}

export async function openError(path: string, opts?: OpenOptions): Promise<SpreadsheetError> {
  try {
    const { source } = await readAll(path, opts);
    throw new Error(`expected an error, got headers ${JSON.stringify(source.headers)}`);
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
}

export function workbookBuffer(sheets: Record<string, unknown[][]>, bookType: XLSX.BookType = 'xlsx', date1904 = false): Buffer {
  const workbook = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), name);
  if (date1904) workbook.Workbook = { WBProps: { date1904: true } };
  return XLSX.write(workbook, { type: 'buffer', bookType }) as Buffer;
}

/** A zip built part by part (SheetJS's CFB writer, with Node's zlib for real deflate ratios). */
export function zipBuffer(parts: Record<string, string | Buffer>): Buffer {
  const CFB = XLSX.CFB as unknown as {
    utils: { cfb_new(): unknown; cfb_add(container: unknown, name: string, content: Buffer): void; use_zlib(zlib: unknown): void };
    write(container: unknown, opts: { fileType: 'zip'; type: 'buffer'; compression: boolean }): Uint8Array;
  };
  CFB.utils.use_zlib(zlib);
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(parts)) CFB.utils.cfb_add(container, name, Buffer.isBuffer(content) ? content : Buffer.from(content));
  return Buffer.from(CFB.write(container, { fileType: 'zip', type: 'buffer', compression: true }));
}

/** Minimal SpreadsheetML package around one sheet's XML (ECMA-376 Part 1, 18.2–18.4, 18.8). */
export function xlsxFromParts(sheetXml: string, opts: { sharedStrings?: string[]; stylesXml?: string; date1904?: boolean } = {}): Buffer {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: Record<string, string> = {
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${ns}><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheetXml}</sheetData></worksheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0"?><sst ${ns}>${(opts.sharedStrings ?? []).join('')}</sst>`,
    'xl/styles.xml': opts.stylesXml ?? `<?xml version="1.0"?><styleSheet ${ns}><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
  };
  return zipBuffer(parts);
}

/** Rewrites the declared uncompressed size of entry `name` (local header and central directory) to `size`. */
export function falsifyUncompressedSize(zipBytes: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zipBytes);
  const nameAt = (at: number, lengthOffset: number, nameOffset: number) =>
    out.toString('latin1', at + nameOffset, at + nameOffset + out.readUInt16LE(at + lengthOffset)) === name;
  for (let at = 0; at < out.length - 46; at++) {
    const signature = out.readUInt32LE(at);
    // APPNOTE.TXT 4.3.7 local file header / 4.3.12 central directory header
    if (signature === 0x04034b50 && nameAt(at, 26, 30)) out.writeUInt32LE(size, at + 22);
    else if (signature === 0x02014b50 && nameAt(at, 28, 46)) out.writeUInt32LE(size, at + 24);
  }
  return out;
}
