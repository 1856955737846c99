import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from './columns';
import { convertValue, toRecord } from './values';

const col = (family: ColumnInfo['family'], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ name: 'x', family, dbType: family, ...extra });

describe('convertValue', () => {
  it.each([
    [col('date'), '2024-07-01', '2024-07-01'],
    [col('date'), '0000-00-00', null],
    [col('timestamp', { zoned: false }), '2024-07-01 10:00:00', '2024-07-01T08:00:00Z'],
    [col('timestamp', { zoned: false }), '0000-00-00 00:00:00', null],
    [col('timestamp', { zoned: true }), '2024-07-01 10:00:00', '2024-07-01T10:00:00Z'],
    [col('timestamp', { zoned: true }), 'infinity', 'infinity'],
    [col('decimal'), '1234.56000000', '1234.56000000'],
    [col('float'), 0.30000000000000004, 0.30000000000000004],
    [col('integer'), 9007199254740993n, '9007199254740993'],
    [col('integer'), '9007199254740993', '9007199254740993'],
    [col('text'), undefined, null],
  ])('case %#: %s', (column, value, expected) => {
    expect(convertValue(value, column, 'Europe/Madrid')).toEqual(expected);
  });

  it('keys the record by column alias, external_id being the database text of the id', () => {
    const columns: ColumnInfo[] = [
      { name: 'external_id', family: 'text', dbType: 'INT' },
      { name: '__proto__', family: 'text', dbType: 'VARCHAR' },
      { name: 'total_gross', family: 'float', dbType: 'DOUBLE' },
    ];
    const row = Object.fromEntries([['external_id', 7], ['__proto__', 'x'], ['total_gross', 12.5], ['crmhub_key', Buffer.from('7')]]);
    const record = toRecord(row, columns, 'UTC', '7');
    expect(Object.keys(record)).toEqual(['external_id', '__proto__', 'total_gross']);
    expect(record.external_id).toBe('7');
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});
