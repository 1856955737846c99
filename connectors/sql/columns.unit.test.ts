import { describe, expect, it } from 'vitest';
import { mysqlColumn, pgColumn } from './columns';

describe('column type families', () => {
  it.each([
    [{ columnType: 5, characterSet: 63 }, { family: 'float', dbType: 'DOUBLE' }],
    [{ columnType: 4, characterSet: 63 }, { family: 'float', dbType: 'FLOAT' }],
    [{ columnType: 246, characterSet: 63, decimals: 8, columnLength: 26 }, { family: 'decimal', dbType: 'DECIMAL(24,8)', scale: 8 }],
    [{ columnType: 246, characterSet: 63, decimals: 0, columnLength: 10, flags: 32 }, { family: 'decimal', dbType: 'DECIMAL(10,0)', scale: 0 }],
    [{ columnType: 8, characterSet: 63, flags: 32 }, { family: 'integer', dbType: 'BIGINT UNSIGNED' }],
    [{ columnType: 3, characterSet: 63 }, { family: 'integer', dbType: 'INT' }],
    [{ columnType: 12, characterSet: 63 }, { family: 'timestamp', dbType: 'DATETIME', zoned: false }],
    [{ columnType: 7, characterSet: 63 }, { family: 'timestamp', dbType: 'TIMESTAMP', zoned: true }],
    [{ columnType: 10, characterSet: 63 }, { family: 'date', dbType: 'DATE' }],
    [{ columnType: 253, characterSet: 224 }, { family: 'text', dbType: 'VARCHAR' }],
    [{ columnType: 253, characterSet: 63 }, { family: 'binary', dbType: 'VARBINARY' }],
    [{ columnType: 252, characterSet: 224 }, { family: 'text', dbType: 'TEXT' }],
    [{ columnType: 252, characterSet: 63 }, { family: 'binary', dbType: 'BLOB' }],
  ])('MariaDB/MySQL %j', (field, expected) => {
    expect(mysqlColumn({ name: 'c', ...field })).toEqual({ name: 'c', ...expected });
  });

  it.each([
    [{ dataTypeID: 701 }, { family: 'float', dbType: 'double precision' }],
    [{ dataTypeID: 1700, dataTypeModifier: ((24 << 16) | 8) + 4 }, { family: 'decimal', dbType: 'numeric(24,8)', scale: 8 }],
    [{ dataTypeID: 1700, dataTypeModifier: -1 }, { family: 'decimal', dbType: 'numeric' }],
    [{ dataTypeID: 20 }, { family: 'integer', dbType: 'bigint' }],
    [{ dataTypeID: 1082 }, { family: 'date', dbType: 'date' }],
    [{ dataTypeID: 1114 }, { family: 'timestamp', dbType: 'timestamp without time zone', zoned: false }],
    [{ dataTypeID: 1184 }, { family: 'timestamp', dbType: 'timestamp with time zone', zoned: true }],
    [{ dataTypeID: 790 }, { family: 'decimal', dbType: 'money', scale: 2 }],
    [{ dataTypeID: 2950 }, { family: 'text', dbType: 'uuid' }],
    [{ dataTypeID: 99999 }, { family: 'other', dbType: 'oid 99999' }],
  ])('PostgreSQL %j', (field, expected) => {
    expect(pgColumn({ name: 'c', ...field })).toEqual({ name: 'c', ...expected });
  });
});
