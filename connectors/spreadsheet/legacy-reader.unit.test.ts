import { afterAll, describe, expect, it } from 'vitest';
import { openError, readAll, tmpDir, workbookBuffer } from './test-helpers';

const dir = tmpDir();
afterAll(() => dir.remove());

const sheets = {
  Hoja1: [['Informe'], [], ['Nombre', 'Alta', 'Importe', ''], ['Ana', new Date(Date.UTC(2024, 0, 31)), 12.5, null], ['Luis', new Date(Date.UTC(2024, 1, 1, 13, 30)), 7, null]],
  Hoja2: [['x'], ['y']],
};

describe('legacy .xls and .ods through SheetJS (not streamed)', () => {
  it.each([['biff8', 'xls'], ['ods', 'ods']] as const)('reads %s with the same row interface', async (bookType, extension) => {
    const { source, rows } = await readAll(dir.write(`book.${extension}`, workbookBuffer(sheets, bookType)));
    expect(source).toMatchObject({ format: extension, sheet: 'Hoja1', sheetNames: ['Hoja1', 'Hoja2'], headerRowNumber: 3, headers: ['Nombre', 'Alta', 'Importe'] });
    expect(rows).toEqual([
      { rowNumber: 4, cells: ['Ana', '2024-01-31', 12.5] },
      { rowNumber: 5, cells: ['Luis', '2024-02-01T13:30:00', 7] },
    ]);
  });

  it('honours the 1904 date system in .xls', async () => {
    const { source, rows } = await readAll(dir.write('d1904.xls', workbookBuffer({ S: [['Fecha'], [new Date(Date.UTC(2024, 2, 15))]] }, 'biff8', true)));
    expect(source.date1904).toBe(true);
    expect(rows[0]!.cells).toEqual(['2024-03-15']);
  });

  it('refuses files above the legacy size limit and unknown sheets', async () => {
    const file = dir.write('big.xls', workbookBuffer(sheets, 'biff8'));
    expect((await openError(file, { limits: { maxLegacyFileBytes: 1000 } })).code).toBe('file_too_large');
    expect((await openError(file, { sheet: 'Nope' })).code).toBe('sheet_not_found');
  });

  it('reports a damaged compound file as corrupt', async () => {
    const bytes = Buffer.alloc(4096, 0x41);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
    expect((await openError(dir.write('damaged.xls', bytes))).code).toBe('corrupt_file');
  });
});
