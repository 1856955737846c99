import { afterAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from './index';
import { falsifyUncompressedSize, openError, readAll, tmpDir, workbookBuffer, xlsxFromParts, zipBuffer } from './test-helpers';

const dir = tmpDir();
afterAll(() => dir.remove());

const day = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

describe('XLSX written by SheetJS', () => {
  const file = dir.write('multi.xlsx', workbookBuffer({
    Clientes: [['Listado de clientes'], [], ['Nombre', 'Alta', 'Importe', 'Activo'], ['Ana', day(2024, 1, 31), 12.5, true], [], ['Luis', day(2024, 2, 1, 13, 30), null, false]],
    Клиенты: [['Имя', 'Город'], ['Иван', 'Москва']],
  }));

  it('reads the first sheet, skips the title, converts dates and keeps types', async () => {
    const { source, rows } = await readAll(file);
    expect(source).toMatchObject({ format: 'xlsx', sheet: 'Clientes', sheetNames: ['Clientes', 'Клиенты'], headerRowNumber: 3, date1904: false, encoding: null });
    expect(source.headers).toEqual(['Nombre', 'Alta', 'Importe', 'Activo']);
    expect(rows).toEqual([
      { rowNumber: 4, cells: ['Ana', '2024-01-31', 12.5, true] },
      { rowNumber: 6, cells: ['Luis', '2024-02-01T13:30:00', null, false] },
    ]);
  });

  it('chooses a sheet by name or index and lists names when missing', async () => {
    expect((await readAll(file, { sheet: 'Клиенты' })).rows[0]!.cells).toEqual(['Иван', 'Москва']);
    expect((await readAll(file, { sheet: 1 })).source.sheet).toBe('Клиенты');
    const error = await openError(file, { sheet: 'Facturas' });
    expect(error.code).toBe('sheet_not_found');
    expect(error.message).toContain('"Clientes", "Клиенты"');
    expect((await openError(file, { sheet: 5 })).code).toBe('sheet_not_found');
  });

  it('honours the 1904 date system', async () => {
    const { source, rows } = await readAll(dir.write('1904.xlsx', workbookBuffer({ S: [['Fecha'], [day(2024, 3, 15)]] }, 'xlsx', true)));
    expect(source.date1904).toBe(true);
    expect(rows[0]!.cells).toEqual(['2024-03-15']);
  });

  it('resumes after a row', async () => {
    const source = await openSpreadsheet(file);
    const rows = [];
    for await (const row of source.rows({ afterRow: 4 })) rows.push(row.rowNumber);
    await source.close();
    expect(rows).toEqual([6]);
  });
});

describe('XLSX cell details (hand-written parts)', () => {
  const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
    <numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;zł&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>
    <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
    <cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs></styleSheet>`;
  const shared = ['<si><t>Nombre</t></si>', '<si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>ruby</t></rPh></si>', '<si><t>line_x000D_break</t></si>'];

  it('handles shared/inline/rich strings, booleans, errors, formulas, gaps, missing refs and date styles', async () => {
    const sheet = `
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Fecha</t></is></c><c r="C1" t="str"><v>Total</v></c><c r="D1" t="inlineStr"><is><t>Ok</t></is></c><c r="E1" t="inlineStr"><is><t>Err</t></is></c><c r="F1" t="inlineStr"><is><t>Calc</t></is></c></row>
      <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="2"><v>45322</v></c><c r="C2" s="3"><v>1234.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2"><f>SUM(C2:C3)</f><v>42</v></c></row>
      <row r="5"><c r="C5" s="4"><v>-3</v></c><c r="A5" t="s"><v>2</v></c></row>
      <row><c t="inlineStr"><is><t>no refs</t></is></c><c s="1"><v>45322</v></c><c s="5"><v>45322.75</v></c></row>
      <row r="9"><c r="A9" t="inlineStr"><is><t>uncalculated</t></is></c><c r="F9"><f>NOW()</f></c></row>`;
    const { source, rows } = await readAll(dir.write('cells.xlsx', xlsxFromParts(sheet, { sharedStrings: shared, stylesXml: styles })));
    expect(source.headers).toEqual(['Nombre', 'Fecha', 'Total', 'Ok', 'Err', 'Calc']);
    expect(rows.map(({ rowNumber, cells, issue }) => ({ rowNumber, cells, code: issue?.code }))).toEqual([
      { rowNumber: 2, cells: ['Rich text', '2024-01-31', 1234.5, true, null, 42], code: undefined },
      { rowNumber: 5, cells: ['line\rbreak', null, -3], code: undefined },
      { rowNumber: 6, cells: ['no refs', '2024-01-31', '2024-01-31T18:00:00'], code: undefined },
      { rowNumber: 9, cells: ['uncalculated', null, null, null, null, null], code: 'formula' },
    ]);
  });

  it('places cells beyond maxColumns out of memory and flags the row; empties oversized cells', async () => {
    const sheet = `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>
      <row r="2"><c r="A2"><v>1</v></c><c r="ZZZ2"><v>2</v></c></row>
      <row r="3"><c r="A3" t="inlineStr"><is><t>${'x'.repeat(5000)}</t></is></c><c r="B3"><v>3</v></c></row>`;
    const { rows } = await readAll(dir.write('limits.xlsx', xlsxFromParts(sheet)), { limits: { maxColumns: 10, maxCellBytes: 1000 } });
    expect(rows.map((r) => [r.issue?.code, r.cells])).toEqual([['too_many_columns', [1]], ['cell_too_large', ['', 3]]]);
  });

  it('reads 1904-system serials from workbookPr', async () => {
    const sheet = `<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c r="A2" s="1"><v>0</v></c></row>`;
    const { rows } = await readAll(dir.write('hand1904.xlsx', xlsxFromParts(sheet, { date1904: true, stylesXml: styles })));
    expect(rows[0]!.cells).toEqual(['1904-01-01']);
  });
});

describe('XLSX bad input', () => {
  it('refuses a zip without a workbook and a corrupt sheet', async () => {
    expect((await openError(dir.write('plain.xlsx', zipBuffer({ 'readme.txt': 'hello' })))).code).toBe('unsupported_format');
    expect((await openError(dir.write('broken.xlsx', xlsxFromParts('<row r="1"><c r="A1"><v>1</v></row>')))).code).toBe('corrupt_file');
    expect((await openError(dir.write('truncated.xlsx', workbookBuffer({ S: [['a'], [1]] }).subarray(0, 200)))).code).toBe('not_a_zip');
  });

  it('refuses a bomb by compression ratio and by declared size, before inflating', async () => {
    const zeros = `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>${' '.repeat(30 * 1024 * 1024)}`;
    const bomb = dir.write('bomb.xlsx', xlsxFromParts(zeros));
    const error = await openError(bomb);
    expect(error.code).toBe('zip_bomb');
    expect(error.message).toMatch(/compression ratio/);
    expect((await openError(bomb, { limits: { maxCompressionRatio: 1e9, maxUncompressedBytes: 20 * 1024 * 1024 } })).message).toMatch(/declares/);
  });

  it('aborts when an entry inflates beyond its declared size', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>v${i}</t></is></c></row>`).join('');
    const lying = dir.write('lying.xlsx', falsifyUncompressedSize(xlsxFromParts(rows), 'xl/worksheets/sheet1.xml', 1000));
    expect((await openError(lying)).code).toBe('zip_bomb');
  });
});
