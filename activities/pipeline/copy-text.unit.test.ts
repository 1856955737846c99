import { describe, expect, it } from 'vitest';
import { copyRow, copyText, copyTextArray, copyValue } from './copy-text';

describe('COPY text encoding', () => {
  it.each([
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak', 'line\\nbreak'],
    ['cr\rlf', 'cr\\rlf'],
    ['back\\slash', 'back\\\\slash'],
    ['Pérez «Ромашка»', 'Pérez «Ромашка»'],
  ])('escapes %j', (input, expected) => {
    expect(copyText(input)).toBe(expected);
  });

  it('encodes NULL, booleans, numbers and JSON', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(12.5)).toBe('12.5');
    expect(copyValue({ json: { a: 'x\ty' } })).toBe('{"a":"x\\\\ty"}');
  });

  it('encodes text arrays with quotes, commas and backslashes', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['+34912345678', 'a,b', 'say "hi"', 'c\\d'])).toBe('{"+34912345678","a,b","say \\\\"hi\\\\"","c\\\\\\\\d"}');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyRow(['a', null, 1, ['x']])).toBe('a\t\\N\t1\t{"x"}\n');
  });
});
