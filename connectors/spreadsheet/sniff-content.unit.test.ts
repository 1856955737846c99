import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenOptions } from './index';
import { openError, readAll, tmpDir, workbookBuffer, zipBuffer } from './test-helpers';

const dir = tmpDir();
afterAll(() => dir.remove());

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CSV = 'Código;Razón social\nC1;Muñoz S.L.\n';
/** Every byte value but NUL, twice: binary content that the NUL check alone would miss. */
const noNulBinary = () => Buffer.from(Array.from({ length: 510 }, (_, i) => (i % 255) + 1));

interface Refusal {
  name: string;
  file: string;
  data: () => Buffer;
  opts?: OpenOptions;
  code: string;
  message: RegExp;
}

const REFUSED: Refusal[] = [
  {
    name: 'a JSON document named .csv', file: 'clientes.csv', data: () => Buffer.from('{"clientes": [{"codigo": "C1", "nombre": "Muñoz S.L."}]}'),
    code: 'unsupported_format', message: /clientes\.csv looks like a JSON document, not a CSV file: it starts with "\{\\"clientes\\": \[\{\\"codigo\\": \\"C1\\", \\"nombre\\":…"; export the data as CSV or XLSX/,
  },
  { name: 'a pretty-printed JSON array', file: 'a.csv', data: () => Buffer.from('\n[\n  {\n    "id": 1\n  }\n]\n'), code: 'unsupported_format', message: /looks like a JSON document.*starts with "\[ \{ \\"id\\": 1 \} \]"/ },
  { name: 'JSON with accents, quoted as UTF-8', file: 'j.csv', data: () => Buffer.from('[{"Código": "C1", "Razón social": "Muñoz"}]'), code: 'unsupported_format', message: /starts with "\[\{\\"Código\\": \\"C1\\", \\"Razón social\\": \\"Muñoz…"/ },
  { name: 'JSON lines', file: 'a.txt', data: () => Buffer.from('{"id":1,"name":"A"}\n{"id":2,"name":"B"}\n'), code: 'unsupported_format', message: /JSON document, not a CSV file/ },
  { name: 'JSON with a UTF-8 BOM', file: 'a.csv', data: () => Buffer.from('\uFEFF{"a": 1}'), code: 'unsupported_format', message: /JSON document/ },
  { name: 'JSON in UTF-16LE with a BOM', file: 'a.csv', data: () => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('[{"a": 1}]', 'utf-16le')]), code: 'unsupported_format', message: /JSON document.*starts with "\[\{\\"a\\": 1\}\]"/ },
  { name: 'an XML document', file: 'export.csv', data: () => Buffer.from('<?xml version="1.0"?>\n<clientes><cliente id="1"/></clientes>'), code: 'unsupported_format', message: /export\.csv looks like an XML document, not a CSV file: it starts with "<\?xml/ },
  {
    name: 'an Excel 2003 XML spreadsheet named .xls', file: 'a.xls',
    data: () => Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>'),
    code: 'unsupported_format', message: /a\.xls looks like an Excel 2003 XML spreadsheet \(SpreadsheetML\), not a spreadsheet: .*open it in Excel and save it as \.xlsx or \.csv/,
  },
  { name: 'HTML saved as .xls', file: 'a.xls', data: () => Buffer.from('<html><table><tr><td>a</td></tr></table></html>'), code: 'unsupported_format', message: /looks like an HTML document .*, not a spreadsheet/ },
  { name: 'a PDF named .csv', file: 'factura.csv', data: () => Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'), code: 'unsupported_format', message: /factura\.csv looks like a PDF document, not a CSV file: its first bytes are 25 50 44 46/ },
  { name: 'a PDF even when told it is CSV', file: 'f.csv', data: () => Buffer.from('%PDF-1.4\n'), opts: { format: 'csv' }, code: 'unsupported_format', message: /PDF document/ },
  { name: 'a gzip-compressed CSV', file: 'clientes.csv', data: () => zlib.gzipSync(CSV), code: 'unsupported_format', message: /looks like a gzip-compressed file, not a CSV file: its first bytes are 1F 8B.*gunzip/ },
  { name: 'a PNG image', file: 'logo.csv', data: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), code: 'unsupported_format', message: /a PNG image/ },
  { name: 'an SQLite database', file: 'crm.csv', data: () => Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 1)]), code: 'unsupported_format', message: /an SQLite database.*sqlite3 -csv/ },
  { name: 'binary without a signature or NUL bytes', file: 'blob.csv', data: noNulBinary, code: 'binary_file', message: /blob\.csv looks like a binary file, not a CSV file: its first bytes are 01 02 03/ },
  {
    name: 'a zip of text named .csv', file: 'paquete.csv', data: () => zipBuffer({ 'readme.txt': 'hello', 'notes.md': '# x' }),
    code: 'unsupported_format', message: /paquete\.csv looks like a ZIP archive \(holding notes\.md, readme\.txt\), not a CSV file; extract readme\.txt and import it/,
  },
  {
    name: 'a zipped CSV: names the file to extract', file: 'clientes.zip', data: () => zipBuffer({ 'export/clientes.csv': CSV, 'export/leeme.pdf': '%PDF' }),
    code: 'unsupported_format', message: /looks like a ZIP archive \(holding export\/clientes\.csv, export\/leeme\.pdf\), not a CSV file; extract export\/clientes\.csv and import it/,
  },
  {
    name: 'a Word document named .xlsx', file: 'carta.xlsx',
    data: () => zipBuffer({
      '[Content_Types].xml': '<Types/>',
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      'word/document.xml': '<w:document/>',
    }),
    code: 'unsupported_format', message: /carta\.xlsx looks like a Word document \(\.docx\), not a spreadsheet; save the data as \.xlsx or \.csv/,
  },
  { name: 'an OpenDocument text named .ods', file: 'carta.ods', data: () => zipBuffer({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' }), code: 'unsupported_format', message: /OpenDocument text document \(\.odt\), not a spreadsheet/ },
  { name: 'a zip without workbook named .ods', file: 'x.ods', data: () => zipBuffer({ 'a.txt': 'x' }), code: 'unsupported_format', message: /x\.ods looks like a ZIP archive \(holding a\.txt\), not a spreadsheet/ },
  { name: 'a lone "{" (no header: no row with letters)', file: 'brace.csv', data: () => Buffer.from('{\n'), code: 'no_header', message: /no header row found .* the first row is "\{"/ },
  { name: 'rule lines only', file: 'rules.csv', data: () => Buffer.from('-----;-----\n=====;=====\n'), code: 'no_header', message: /no header row found/ },
];

describe('refusing what is not tabular text, naming what it is', () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const error = await openError(dir.write(c.file, c.data()), c.opts);
    expect(error.code).toBe(c.code);
    expect(error.message).toMatch(c.message);
    expect(error.place).toEqual({ file: expect.stringContaining(c.file) });
  });
});

describe('still reading what is tabular', () => {
  it.each([
    ['a CSV whose first header is in brackets', 'b.csv', Buffer.from('[Código];Nombre\nC1;Ana\n'), ['[Código]', 'Nombre']],
    ['a CSV with a vertical tab and an ESC in cells', 'vt.csv', Buffer.from('Nombre;Notas\nAna;línea\u000buno\u001b\n'), ['Nombre', 'Notas']],
    ['a CSV whose first column is "#"', 'hash.csv', Buffer.from('#;Nombre;Email\n1;Ana;a@x.es\n'), ['#', 'Nombre', 'Email']],
    ['an ODS named .xlsx (the content decides)', 'book.xlsx', workbookBuffer({ Hoja: [['Nombre'], ['Ana']] }, 'ods'), ['Nombre']],
    ['an ODS named .csv', 'book.csv', workbookBuffer({ Hoja: [['Nombre'], ['Ana']] }, 'ods'), ['Nombre']],
  ] as const)('%s', async (_, file, data, headers) => {
    const { source, rows } = await readAll(dir.write(file, data));
    expect(source.headers).toEqual(headers);
    expect(rows).toHaveLength(1);
  });

  it('reads an .ods through SheetJS and an .xlsx named .ods through the streaming reader', async () => {
    expect((await readAll(dir.write('real.ods', workbookBuffer({ Hoja: [['Nombre'], ['Ana']] }, 'ods')))).source.format).toBe('ods');
    expect((await readAll(dir.write('really-xlsx.ods', workbookBuffer({ Hoja: [['Nombre'], ['Ana']] })))).source.format).toBe('xlsx');
  });
});
