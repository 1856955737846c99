import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectEncoding } from './detect-encoding';
import { openSpreadsheet } from './index';
import { collect, readAll, tmpDir } from './test-helpers';
import { isMostlyUtf8, tallyUtf8, Utf8Repairer } from './utf8-repair';

const dir = tmpDir();
afterAll(() => dir.remove());

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** UTF-8 text with raw bytes spliced in: `mixed('Poblaci', [0xf3], 'n')`. */
const mixed = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : Buffer.from(p))));

describe('tallyUtf8 / isMostlyUtf8', () => {
  it.each([
    ['ASCII only', utf8('abc;def\n'), { valid: 0, invalid: 0 }],
    ['valid 2-, 3- and 4-byte characters', utf8('ñ€😀'), { valid: 3, invalid: 0 }],
    ['a lone Windows-1252 ó', mixed('Poblaci', [0xf3], 'n'), { valid: 0, invalid: 1 }],
    ['a stray continuation byte', Buffer.from([0x41, 0x80, 0x42]), { valid: 0, invalid: 1 }],
    ['overlong encoding of "/" (C0 AF)', Buffer.from([0xc0, 0xaf]), { valid: 0, invalid: 2 }],
    ['overlong 3-byte (E0 80 AF)', Buffer.from([0xe0, 0x80, 0xaf]), { valid: 0, invalid: 3 }],
    ['a UTF-16 surrogate (ED A0 80)', Buffer.from([0xed, 0xa0, 0x80]), { valid: 0, invalid: 3 }],
    ['beyond U+10FFFF (F4 90 80 80)', Buffer.from([0xf4, 0x90, 0x80, 0x80]), { valid: 0, invalid: 4 }],
    ['a truncated sequence followed by ASCII', Buffer.from([0xe2, 0x82, 0x41]), { valid: 0, invalid: 2 }],
  ])('%s', (_, bytes, want) => {
    expect(tallyUtf8(bytes)).toEqual(want);
  });

  it('calls text UTF-8 when at least three valid characters come per invalid byte', () => {
    expect(isMostlyUtf8(mixed('Población;Señor;Málaga;', [0xf3]))).toBe(true);
    expect(isMostlyUtf8(mixed('ñá;', [0xf3, 0xe9]))).toBe(false);
    expect(isMostlyUtf8(iconv.encode('Nombre;Población\nMuñoz;Cádiz\n', 'windows-1252'))).toBe(false);
  });

  it('keeps detecting genuine legacy code pages, and reads stray bytes in UTF-8 as UTF-8', () => {
    const header = 'Código;Razón social;Población;Teléfono\n';
    const body = 'C1;Muñoz y Peña S.L.;Cádiz;956 000 000\nC2;Hermanos Martínez;Málaga;952 000 000\n';
    expect(detectEncoding(iconv.encode(header + body, 'windows-1252'), 'f').encoding).toBe('windows-1252');
    expect(detectEncoding(iconv.encode('Nazwa;Miasto\nSPÓŁKA Z O.O. Łódź;Kraków\nZakład Świętokrzyski;Gdańsk\n', 'windows-1250'), 'f').encoding).toBe('windows-1250');
    expect(detectEncoding(iconv.encode('Название;Город\nПётр и Ёлка;Москва\n', 'windows-1251'), 'f').encoding).toBe('windows-1251');
    expect(detectEncoding(mixed(header, 'C1;Muñoz;C', [0xe1], 'diz;1\n', body), 'f').encoding).toBe('utf-8');
  });
});

describe('Utf8Repairer', () => {
  const run = (chunks: Buffer[]) => {
    const repairer = new Utf8Repairer();
    const out = Buffer.concat([...chunks.map((c) => repairer.write(c)), repairer.end()]);
    return { text: out.toString('utf8'), repairs: repairer.take(Infinity, Infinity) };
  };

  it('passes valid UTF-8 through, also when a character is split between chunks', () => {
    const bytes = utf8('Łódź;€;😀');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(run([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual({ text: 'Łódź;€;😀', repairs: [] });
    }
  });

  it('marks each invalid byte with its offset in the repaired stream, whatever the chunking', () => {
    const bytes = mixed('ab', [0xf3], 'c', [0xe1]);
    const want = { text: 'ab\uFDD0c\uFDD0', repairs: [{ at: 2, byte: 0xf3 }, { at: 6, byte: 0xe1 }] };
    for (let cut = 0; cut <= bytes.length; cut++) expect(run([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(want);
  });

  it('records a U+FDD0 written in the file, so the markers stay in step', () => {
    expect(run([mixed('x\uFDD0y', [0xf3])]).repairs).toEqual([{ at: 1, byte: null }, { at: 5, byte: 0xf3 }]);
    expect(run([utf8('x\uFDD0y')]).repairs).toEqual([{ at: 1, byte: null }]);
  });
});

describe('CSV: UTF-8 with stray Windows-1252 bytes', () => {
  const header = 'Código;Razón social;Población;Email';
  const lines = (...rows: (string | Buffer)[]) => Buffer.concat(rows.flatMap((r) => [typeof r === 'string' ? utf8(r) : r, utf8('\n')]));

  it('decodes the file as UTF-8, repairs the byte and notes it on its row only', async () => {
    const file = dir.write('stray.csv', lines(header, 'C1;Muñoz Señor S.L.;Málaga;a@x.es', mixed('C2;Peña S.L.;Le', [0xf3], 'n;b@x.es'), 'C3;Núñez;Cádiz;c@x.es'));
    const { source, rows } = await readAll(file);
    expect([source.encoding, source.encodingDetected]).toEqual(['utf-8', true]);
    expect(source.headers).toEqual(['Código', 'Razón social', 'Población', 'Email']);
    expect(rows.map((r) => r.cells)).toEqual([
      ['C1', 'Muñoz Señor S.L.', 'Málaga', 'a@x.es'],
      ['C2', 'Peña S.L.', 'León', 'b@x.es'],
      ['C3', 'Núñez', 'Cádiz', 'c@x.es'],
    ]);
    expect(rows.map((r) => r.notes)).toEqual([
      undefined,
      [{ code: 'invalid_utf8_repaired', column: 2, message: 'column 3 ("Población"): invalid UTF-8 byte read as windows-1252: 0xF3 → "ó"' }],
      undefined,
    ]);
  });

  it('one note per cell, naming every byte; undefined Windows-1252 bytes become U+FFFD; quoted cells too', async () => {
    const row = mixed('C1;"Pe', [0xf1], 'a; ', [0xe9], 'lite";Le', [0x81], 'n;x@x.es');
    const { source, rows } = await readAll(dir.write('strays.csv', lines(header, 'C0;Añil Cañón;Ávila;a@x.es', 'C8;Compañía Ibérica;Málaga;c@x.es', row, 'C9;Pérez;Córdoba;d@x.es')));
    expect([source.encoding, source.headers[2]]).toEqual(['utf-8', 'Población']);
    expect(rows[2]!.cells).toEqual(['C1', 'Peña; élite', 'Le\uFFFDn', 'x@x.es']);
    expect(rows.map((r) => r.notes?.length)).toEqual([undefined, undefined, 2, undefined]);
    expect(rows[2]!.notes!.map((n) => [n.column, n.message])).toEqual([
      [1, 'column 2 ("Razón social"): invalid UTF-8 bytes read as windows-1252: 0xF1 → "ñ", 0xE9 → "é"'],
      [2, 'column 3 ("Población"): invalid UTF-8 byte read as windows-1252: 0x81 → "\uFFFD"'],
    ]);
  });

  it('repairs a stray byte in the header, at the last byte of the file, and keeps a real U+FDD0', async () => {
    const file = dir.write('edges.csv', Buffer.concat([
      mixed('Código;Raz', [0xf3], 'n social;Población;Email\n'),
      utf8('C1;Año \uFDD0 raro;Ávila;a@x.es\n'),
      mixed('C2;Ma\uFDD0r', [0xed], 'a;Ávila;b@x.es\n'),
      mixed('C3;Jos', [0xe9]),
    ]));
    const { source, rows } = await readAll(file);
    expect(source.headers).toEqual(['Código', 'Razón social', 'Población', 'Email']);
    expect(rows.map((r) => r.cells)).toEqual([['C1', 'Año \uFDD0 raro', 'Ávila', 'a@x.es'], ['C2', 'Ma\uFDD0ría', 'Ávila', 'b@x.es'], ['C3', 'José']]);
    expect(rows.map((r) => r.notes?.map((n) => n.column))).toEqual([undefined, [1], [1]]);
  });

  it('repairs bytes beyond the detection sample and across read chunks (256 KiB), and on resume', async () => {
    const filler = Array.from({ length: 6000 }, (_, i) => `F${i};Empresa ${i};Ávila;f${i}@x.es`);
    const filled = lines(header, ...filler);
    // Put the stray byte at the last byte of the first 256 KiB chunk, so it waits for the next one.
    const before = Buffer.concat([filled, lines(`P;${'x'.repeat(256 * 1024 - filled.length - 'C1;Le'.length - 1 - 'P;;;\n'.length)};;`)]);
    const file = dir.write('late.csv', Buffer.concat([before, lines(mixed('C1;Le', [0xf3], 'n;Ávila;z@x.es'), 'C2;Fin;Ávila;y@x.es')]));
    expect(before.length + 'C1;Le'.length).toBe(256 * 1024 - 1);
    const { rows } = await readAll(file);
    const stray = rows.find((r) => r.cells[0] === 'C1')!;
    expect(stray.cells[1]).toBe('León');
    expect(stray.notes).toHaveLength(1);
    expect(rows.filter((r) => r.notes)).toHaveLength(1);

    const source = await openSpreadsheet(file);
    const resumed = await collect(source, stray.rowNumber - 1);
    await source.close();
    expect(resumed.map((r) => [r.cells[1], r.notes?.length])).toEqual([['León', 1], ['Fin', undefined]]);
    expect(filled.length).toBeGreaterThan(64 * 1024);
  });

  it('accepts an explicit utf-8 for a mostly-UTF-8 file and repairs inside a broken (unbalanced quote) tail', async () => {
    const file = dir.write('tail.csv', lines(header, 'C1;Añil;Ávila;a@x.es', mixed('C2;"Pe', [0xf1], 'a;Ávila;b@x.es'), 'C3;Tras;Ávila;c@x.es'));
    const { rows } = await readAll(file, { encoding: 'utf8' });
    expect(rows[1]).toMatchObject({ issue: { code: 'unbalanced_quotes' }, raw: 'C2;"Peña;Ávila;b@x.es\nC3;Tras;Ávila;c@x.es\n' });
  });
});
