import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-export';

describe('CSV export safe against formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+34 912 345 678', "'+34 912 345 678"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['Pérez; S.L.', '"Pérez; S.L."'],
  ])('%j → %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes empty cells for null and JSON for objects', () => {
    expect(csvLine([null, 1, { a: 1 }])).toBe(',1,"{""a"":1}"\r\n');
  });
});
