import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lineAndColumn, loadMappingFile, parseJsonText } from './load-mapping-file';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('loadMappingFile', () => {
  it('loads a valid file', async () => {
    const mapping = await loadMappingFile(fixture('erp-es-accounts.json'));
    expect(mapping.source).toBe('erp_es');
  });

  it('names line and column of a JSON syntax error', async () => {
    const path = fixture('syntax-error.json');
    await expect(loadMappingFile(path)).rejects.toThrow(`${path}: line 6, column 5: invalid JSON: `); // the reason's wording varies across Node versions
  });

  it('prefixes schema issues with the file path', async () => {
    const path = fixture('invalid-fields.json');
    await expect(loadMappingFile(path)).rejects.toThrow(`${path}: columns["Razon"].field: "nmae" is not a field of accounts (did you mean "name"?)`);
  });
});

describe('parseJsonText', () => {
  it.each([
    ['\uFEFF{"a": 1}', { a: 1 }],
    ['[]', []],
  ])('parses %j', (text, expected) => {
    expect(parseJsonText(text, 'x')).toEqual(expected);
  });

  it('reports a truncated file at its end', () => {
    expect(() => parseJsonText('{\n  "a": ', 'x.json')).toThrow('x.json: line 2, column 8: invalid JSON: Unexpected end of JSON input');
  });
});

describe('lineAndColumn', () => {
  it.each([
    ['abc', 0, { line: 1, column: 1 }],
    ['abc', 2, { line: 1, column: 3 }],
    ['a\nbc', 3, { line: 2, column: 2 }],
  ])('%j at %i', (text, offset, expected) => {
    expect(lineAndColumn(text, offset)).toEqual(expected);
  });
});
