import { describe, expect, it } from 'vitest';
import { exactNameKey, exactNameLines } from './exact-name-baseline';

describe('exact-name baseline', () => {
  it.each([
    ['legal form split off, case and accents folded', { name: 'Distribuciones Pérez, S.L.' }, 'distribuciones perez'],
    ['the same company in capitals', { name: 'DISTRIBUCIONES PEREZ SL' }, 'distribuciones perez'],
    ['a lower-case undotted form stays: the baseline does what every tool does, no more', { name: 'distribuciones perez sl' }, 'distribuciones perez sl'],
    ['no name: alone', { name: '  ' }, null],
  ])('accounts: %s', (_label, values, key) => {
    expect(exactNameKey('accounts', values)).toBe(key);
  });

  it.each([
    ['first and last name folded', { first_name: 'José', last_name: 'GARCÍA' }, 'jose|garcia'],
    ['a missing first name leaves the record alone', { first_name: null, last_name: 'Smith' }, null],
  ])('contacts: %s', (_label, values, key) => {
    expect(exactNameKey('contacts', values)).toBe(key);
  });

  it('writes one line per record, records without a name alone', () => {
    expect(exactNameLines(['perez', null, 'perez'], ['a', 'b', 'c'])).toEqual([
      { id: 'a', cluster: 'name:perez', decision: 'exact-name' },
      { id: 'b', cluster: 'alone:1', decision: 'exact-name' },
      { id: 'c', cluster: 'name:perez', decision: 'exact-name' },
    ]);
  });
});
