/**
 * Driver values → record values. The drivers are told to hand over dates, timestamps, DECIMAL and
 * BIGINT as the server's text, so nothing is lost to JavaScript numbers or to the driver's idea of
 * the local zone; this is where that text becomes a record value.
 */
import type { ColumnInfo } from './columns';
import { toIsoInstant } from './zoned-time';

/** A record as the query returns it: column aliases as keys (canonical field names). */
export type RawRecord = Record<string, unknown>;

const ZERO_DATE = /^0000-00-00/;

/**
 * - DATE → `YYYY-MM-DD`; DATETIME/timestamp (no zone) → the instant in `timezone`; TIMESTAMP/timestamptz → its instant; both as ISO `…Z`.
 * - MySQL zero dates (`0000-00-00`) → null: MySQL's way of writing "no date".
 * - DECIMAL/NUMERIC and BIGINT stay strings; DOUBLE/FLOAT stay numbers (the column says which).
 * - A value the conversion cannot read is passed through unchanged, for the pipeline to reject with the column named.
 */
export function convertValue(value: unknown, column: ColumnInfo, timezone: string): unknown {
  if (value === null || value === undefined) return null;
  if (column.family === 'date' || column.family === 'timestamp') {
    const text = value instanceof Date ? value.toISOString() : String(value);
    if (ZERO_DATE.test(text)) return null;
    if (column.family === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : value;
    return toIsoInstant(text, column.zoned ? 'UTC' : timezone) ?? value;
  }
  if (column.family === 'integer' && typeof value === 'bigint') return value.toString();
  return value;
}

/** Builds the record for one row; `key` is the database's own text of external_id (see wrap-query.ts). */
export function toRecord(row: Record<string, unknown>, columns: readonly ColumnInfo[], timezone: string, key: string): RawRecord {
  const record: RawRecord = {};
  for (const c of columns) {
    const value = c.name === 'external_id' ? key : convertValue(row[c.name], c, timezone);
    // An assignment to `__proto__` would set the prototype: a column of that name stays a plain field.
    if (c.name === '__proto__') Object.defineProperty(record, c.name, { value, enumerable: true, writable: true, configurable: true });
    else record[c.name] = value;
  }
  return record;
}
