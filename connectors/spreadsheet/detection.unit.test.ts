import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from './detect-encoding';
import { detectFormat } from './detect-format';
import { cleanHeaders, findHeaderIndex } from './header-row';
import { isDateFormat, serialToIso } from './serial-date';
import { sniffDelimiter } from './sniff-delimiter';
import { columnIndex } from './xlsx/sheet-rows';

describe('detection helpers', () => {
  it('detects formats from magic bytes before extensions', () => {
    expect(detectFormat('a.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xls');
    expect(detectFormat('a.csv', Buffer.from('PK\u0003\u0004'))).toBe('xlsx');
    expect(detectFormat('a.ods', Buffer.from('PK\u0003\u0004'))).toBe('ods');
    expect(detectFormat('a.txt', Buffer.from('a;b'))).toBe('csv');
    expect(() => detectFormat('a.xlsx', Buffer.from('a;b'))).toThrow(expect.objectContaining({ code: 'not_a_zip' }));
  });

  it('prefers Western for short Spanish/Italian text and Central European when Polish letters are there', () => {
    expect(detectEncoding(iconv.encode('Nombre;Ciudad\nMuñoz Señor;Málaga\nPeña;Cádiz\n', 'windows-1252'), 'f').encoding).toBe('windows-1252');
    expect(detectEncoding(iconv.encode('Ragione sociale;Città\nPerò più;Forlì\n', 'windows-1252'), 'f').encoding).toBe('windows-1252');
    expect(detectEncoding(iconv.encode('Nazwa;Miasto\nŚląsk;Gdańsk\n', 'windows-1250'), 'f').encoding).toBe('windows-1250');
    expect(detectEncoding(Buffer.from('plain ascii'), 'f').encoding).toBe('utf-8');
  });

  it('treats a UTF-8 sample cut inside a multi-byte character as UTF-8', () => {
    const bytes = Buffer.from('Łódź;Kraków');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), 'f').encoding).toBe('utf-8');
  });

  it('sniffs delimiters with quotes respected', () => {
    expect(sniffDelimiter('"a;b",c\n"d;e",f\n"g;h",i\n')).toBe(',');
    expect(sniffDelimiter('just one column\nanother\n')).toBeNull();
  });

  it('finds the header below title lines and rejects numeric rows', () => {
    expect(findHeaderIndex([['Export'], ['2024-01-31'], ['id', 'name', 'city'], ['1', 'Ana', 'Vigo'], ['2', 'Luis', '']])).toBe(2);
    expect(findHeaderIndex([['1', '2'], ['3', '4']])).toBe(-1);
    expect(cleanHeaders(['\uFEFFid', '', 'id', null, null], [['1', '', '2', '', '']])).toEqual(['id', 'column_2', 'id (2)']);
  });

  it('converts serials and recognises date formats', () => {
    expect(serialToIso(45322, false)).toBe('2024-01-31');
    expect(serialToIso(45322.5, false)).toBe('2024-01-31T12:00:00');
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(isDateFormat(14, undefined)).toBe(true);
    expect(isDateFormat(4, undefined)).toBe(false);
    expect(isDateFormat(164, 'yyyy-mm-dd;@')).toBe(true);
    expect(isDateFormat(165, '#,##0.00 "zł"')).toBe(false);
    expect(isDateFormat(166, '[$-415]0.00')).toBe(false);
  });

  it('maps cell references to columns', () => {
    expect([columnIndex('A1'), columnIndex('Z9'), columnIndex('AA10'), columnIndex('xfd1'), columnIndex('12')]).toEqual([0, 25, 26, 16383, -1]);
  });
});
