import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from './index';
import { collect, openError, readAll, tmpDir } from './test-helpers';

const dir = tmpDir();
afterAll(() => dir.remove());

describe('CSV encodings', () => {
  const text = 'Nombre;Ciudad\nMuñoz Señor;Málaga\nPeña;Cádiz\n';
  it.each([
    ['utf-8 without BOM', Buffer.from(text), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'utf-16be'],
    ['utf-16le without BOM', iconv.encode(text, 'utf-16le'), 'utf-16le'],
    ['windows-1252', iconv.encode(text, 'windows-1252'), 'windows-1252'],
  ])('reads %s', async (_, bytes, encoding) => {
    const { source, rows } = await readAll(dir.write(`enc-${encoding}-${bytes.length}.csv`, bytes));
    expect(source.encoding).toBe(encoding);
    expect(source.encodingDetected).toBe(true);
    expect(source.headers).toEqual(['Nombre', 'Ciudad']);
    expect(rows.map((r) => r.cells)).toEqual([['Muñoz Señor', 'Málaga'], ['Peña', 'Cádiz']]);
  });

  it('detects Polish windows-1250 and Russian windows-1251 / koi8-r', async () => {
    const pl = 'Nazwa;Miasto\nZażółć gęślą jaźń Spółka;Łódź\nPrzedsiębiorstwo Świętokrzyskie;Kraków\n';
    const ru = 'Название;Город\nОбщество с ограниченной ответственностью Ромашка;Москва\nИванов Иван Петрович;Санкт-Петербург\n';
    for (const [textIn, encoding] of [[pl, 'windows-1250'], [ru, 'windows-1251'], [ru, 'koi8-r']] as const) {
      const { source, rows } = await readAll(dir.write(`det-${encoding}.csv`, iconv.encode(textIn, encoding)));
      expect(source.encoding).toBe(encoding);
      expect(rows[0]!.cells).toEqual(textIn.split('\n')[1]!.split(';'));
    }
  });

  it('reads ISO-8859-2 when told, and rejects unknown or wrong explicit encodings', async () => {
    const file = dir.write('iso2.csv', iconv.encode('Nazwa,Miasto\nŚląsk,Łódź\n', 'iso-8859-2'));
    const { source, rows } = await readAll(file, { encoding: 'ISO-8859-2' });
    expect(source.encodingDetected).toBe(false);
    expect(rows[0]!.cells).toEqual(['Śląsk', 'Łódź']);
    expect((await openError(file, { encoding: 'klingon-8' })).code).toBe('bad_encoding');
    const wrong = await openError(file, { encoding: 'utf-8' });
    expect(wrong.code).toBe('bad_encoding');
    expect(wrong.message).toMatch(/not valid UTF-8/);
  });

  it('refuses a file with a NUL byte, naming the offset', async () => {
    const error = await openError(dir.write('nul.csv', Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0]), Buffer.from('x,y\n')])));
    expect(error.code).toBe('binary_file');
    expect(error.message).toMatch(/offset 8/);
  });

  it('finds a NUL byte beyond the detection sample while streaming', async () => {
    const body = 'a,b\n' + '1,2\n'.repeat(40_000);
    const error = await openError(dir.write('late-nul.csv', Buffer.concat([Buffer.from(body), Buffer.from([0, 10])])));
    expect(error.code).toBe('binary_file');
    expect(error.message).toMatch(new RegExp(`offset ${body.length}`));
  });
});

describe('CSV delimiters, header and row numbers', () => {
  it.each([[','], [';'], ['\t'], ['|']])('sniffs %j', async (delimiter) => {
    const content = [['name', 'vat', 'note'], ['ACME, S.L.', 'B123', 'x;y|z'], ['Beta', 'B456', 'ok']]
      .map((row) => row.map((cell) => (cell.includes(delimiter) ? `"${cell}"` : cell)).join(delimiter))
      .join('\n');
    const { source, rows } = await readAll(dir.write(`delim-${delimiter.charCodeAt(0)}.csv`, content));
    expect(source.delimiter).toBe(delimiter);
    expect(rows[0]!.cells).toEqual(['ACME, S.L.', 'B123', 'x;y|z']);
  });

  it('prefers ; over , when decimals use commas', async () => {
    const { source } = await readAll(dir.write('decimal.csv', 'nombre;importe\nfoo;1,5\nbar;2,25\nbaz;3\n'));
    expect(source.delimiter).toBe(';');
  });

  it('skips title and blank lines above the header; keeps physical line numbers across embedded newlines', async () => {
    const content = 'Informe de clientes\r\nGenerado 2024-01-31\r\n\r\nid;nombre;notas\r\n1;Ana;"línea 1\r\nlínea 2"\r\n\r\n2;Luis;ok\r\n;;\r\n3;Eva;"a\r\n\r\nb"\r\n4;Pau;fin\r\n\r\n\r\n';
    const { source, rows } = await readAll(dir.write('title.csv', content));
    expect(source.headerRowNumber).toBe(4);
    expect(source.headers).toEqual(['id', 'nombre', 'notas']);
    expect(rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([[5, '1'], [8, '2'], [10, '3'], [13, '4']]);
    expect(rows[0]!.cells[2]).toBe('línea 1\r\nlínea 2');
  });

  it('honours headerRow and afterRow', async () => {
    const file = dir.write('resume.csv', 'x\n\nA,B\n1,2\n3,4\n5,6\n');
    const source = await openSpreadsheet(file, { headerRow: 3 });
    expect(source.headers).toEqual(['A', 'B']);
    expect((await collect(source, 4)).map((r) => r.rowNumber)).toEqual([5, 6]);
    expect((await collect(source)).map((r) => r.rowNumber)).toEqual([4, 5, 6]);
    await source.close();
    expect((await openError(file, { headerRow: 99 })).code).toBe('no_header');
  });

  it('gives the same rows a batch at a time, from afterRow on, blank rows left out', async () => {
    // Over 256 KiB, so that the reader hands out more than one batch.
    const lines = ['id;nombre'];
    for (let i = 1; i <= 20_000; i++) lines.push(i % 1000 === 0 ? ';' : `${i};Cliente número ${i} con un nombre largo`);
    const source = await openSpreadsheet(dir.write('batches.csv', lines.join('\n')), {});
    const batches: number[][] = [];
    for await (const batch of source.rowBatches({ afterRow: 15_000 })) batches.push(batch.map((r) => r.rowNumber));
    const one = (await collect(source, 15_000)).map((r) => r.rowNumber);
    await source.close();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.length > 0)).toBe(true);
    expect(batches.flat()).toEqual(one);
    // Lines 15,002–20,001 (line 1 is the header), without the blank ";" line of every 1,000th record.
    expect(one[0]).toBe(15_002);
    expect(one.at(-1)).toBe(20_000); // record 20,000 is a blank line
    expect(one).toHaveLength(5_000 - 5);
  });

  it('cleans headers: trims, names empty ones, numbers duplicates, drops trailing empty columns, keeps __proto__ as text', async () => {
    const { source, rows } = await readAll(dir.write('headers.csv', ' Name ;;name;Name;__proto__;constructor;;\nA;b;c;d;e;f;;\n'));
    expect(source.headers).toEqual(['Name', 'column_2', 'name', 'Name (2)', '__proto__', 'constructor']);
    expect(rows[0]!.cells).toEqual(['A', 'b', 'c', 'd', 'e', 'f']);
    expect(Object.getPrototypeOf(source.headers)).toBe(Array.prototype);
  });

  it('keeps formula-looking cells as data', async () => {
    const { rows } = await readAll(dir.write('formula.csv', 'a,b,c,d\n=1+2,+34 600,-5,@SUM(A1)\n'));
    expect(rows[0]!.cells).toEqual(['=1+2', '+34 600', '-5', '@SUM(A1)']);
  });

  it('handles empty, blank-only and header-only files', async () => {
    expect((await openError(dir.write('empty.csv', ''))).code).toBe('empty_file');
    expect((await openError(dir.write('blank.csv', '\uFEFF\r\n  \r\n;;\r\n'))).code).toBe('empty_file');
    const { source, rows } = await readAll(dir.write('header-only.csv', 'a;b;c\n'));
    expect(source.headers).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([]);
  });

  it('reports no_header when nothing looks like a header', async () => {
    expect((await openError(dir.write('numbers.csv', '1;2;3\n4;5;6\n'))).code).toBe('no_header');
  });
});

describe('CSV bad input', () => {
  it('yields rows before an unclosed quote, then one unbalanced_quotes row for the tail', async () => {
    const { rows } = await readAll(dir.write('unbalanced.csv', 'a,b\n1,2\n3,4\n5,"never closed\n6,7\n8,9\n'));
    expect(rows.slice(0, 2).map((r) => r.cells)).toEqual([['1', '2'], ['3', '4']]);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ rowNumber: 4, cells: [], issue: { code: 'unbalanced_quotes' } });
    expect(rows[2]!.raw).toBe('5,"never closed\n6,7\n8,9\n');
  });

  it('keeps an unclosed quote with a huge tail bounded: at most 64 KiB of raw text', async () => {
    const tail = 'x'.repeat(100) + '\n';
    const file = dir.write('unbalanced-big.csv', 'a,b\n1,2\n3,"open\n' + tail.repeat(30_000));
    const { rows } = await readAll(file, { limits: { maxRecordBytes: 1024 * 1024 } });
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ rowNumber: 3, issue: { code: 'unbalanced_quotes' } });
    expect(last.raw!.length).toBeLessThanOrEqual(64 * 1024);
    expect(last.raw!.startsWith('3,"open\n')).toBe(true);
  });

  it('reports an unclosed quote before the header as a file error', async () => {
    const error = await openError(dir.write('unbalanced-head.csv', '"a,b\n1,2\n'));
    expect(error.code).toBe('unbalanced_quotes');
    expect(error.place?.row).toBe(1);
  });

  it('flags a 20,000-column row and truncates it', async () => {
    const wide = Array.from({ length: 20_000 }, (_, i) => `v${i}`).join(',');
    const { rows } = await readAll(dir.write('wide.csv', `a,b\n1,2\n${wide}\n3,4\n`));
    expect(rows.map((r) => r.issue?.code ?? 'ok')).toEqual(['ok', 'too_many_columns', 'ok']);
    expect(rows[1]!.cells).toHaveLength(2000);
    expect(rows[1]!.raw!.length).toBeLessThanOrEqual(64 * 1024);
    expect(rows[2]!.cells).toEqual(['3', '4']);
  });

  it('flags a 10 MB cell and continues with the next record', async () => {
    const big = 'z'.repeat(10 * 1024 * 1024);
    const { rows } = await readAll(dir.write('bigcell.csv', `a,b\n1,2\n3,"${big}"\n5,6\n`));
    expect(rows.map((r) => r.issue?.code ?? 'ok')).toEqual(['ok', 'cell_too_large', 'ok']);
    expect(rows[1]!.cells).toEqual(['3', '']);
    expect(rows[1]!.raw!.length).toBeLessThanOrEqual(64 * 1024);
    expect(rows[2]).toMatchObject({ rowNumber: 4, cells: ['5', '6'] });
  });

  it('stops with record_too_large after quarantining a record above maxRecordBytes', async () => {
    const file = dir.write('bigrecord.csv', `a,b\n1,2\n3,${'y'.repeat(300_000)}\n5,6\n`);
    const source = await openSpreadsheet(file, { limits: { maxRecordBytes: 100_000 } });
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const row of source.rows()) seen.push(row.issue?.code ?? row.cells);
      } catch (e) {
        return e as { code: string; place: { row: number } };
      }
    })();
    expect(seen).toEqual([['1', '2'], 'record_too_large']);
    expect(error).toMatchObject({ code: 'record_too_large', place: { row: 3 } });
  });

  it('refuses HTML saved as .xls and a .xlsx that is not a zip', async () => {
    expect((await openError(dir.write('fake.xls', '<html><table><tr><td>a</td></tr></table></html>'))).code).toBe('unsupported_format');
    expect((await openError(dir.write('fake.xlsx', 'a,b\n1,2\n'))).code).toBe('not_a_zip');
    expect((await openError(dir.path('missing.csv'))).code).toBe('file_not_found');
  });

  it('reads a tab-separated text file saved as .xls', async () => {
    const { source, rows } = await readAll(dir.write('tsv.xls', 'a\tb\n1\t2\n'));
    expect([source.format, source.delimiter, rows[0]!.cells]).toEqual(['csv', '\t', ['1', '2']]);
  });
});
