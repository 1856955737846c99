/**
 * What a stream's query returns, checked before any row is read: its columns (from a LIMIT 0
 * probe) and the mode it is read in. Every refusal is one line naming the stream.
 */
import type { ColumnInfo } from './columns';
import type { SqlStreamConfig, SqlStreamMode } from './config';
import { SqlSourceError } from './errors';
import { KEY_COLUMN } from './wrap-query';

export interface StreamShape {
  mode: SqlStreamMode;
  /** The record's columns; external_id is always text (the database's own text of the id). */
  columns: ColumnInfo[];
}

export function streamShape(stream: string, config: SqlStreamConfig, probed: readonly ColumnInfo[]): StreamShape {
  const names = probed.map((c) => c.name);
  const fail = (kind: 'config' | 'query', message: string) => new SqlSourceError(kind, `stream ${stream}: ${message}`, stream);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw fail('query', `the query returns the column "${dup}" twice: give each column its own alias`);
  if (names.includes(KEY_COLUMN)) throw fail('query', `the alias "${KEY_COLUMN}" is reserved for crmhub: rename that column`);
  const id = probed.find((c) => c.name === 'external_id');
  if (!id) {
    const near = names.find((n) => n.toLowerCase() === 'external_id');
    throw fail('query', near
      ? `the query returns "${near}"; the alias must be spelled external_id (lower case)`
      : `the query returns no external_id column (it returns ${listNames(names)}): alias the source's record id AS external_id`);
  }
  const updated = probed.find((c) => c.name === 'updated_at');
  const mode = config.mode ?? (updated ? 'incremental' : 'full');
  if (mode === 'incremental') {
    if (!updated) throw fail('config', 'mode "incremental" needs an updated_at column (alias the row\'s last-change timestamp AS updated_at), or use mode "full"');
    if (updated.family !== 'timestamp' && updated.family !== 'date') {
      throw fail('query', `updated_at is ${updated.dbType}; incremental reading needs a DATE, DATETIME or TIMESTAMP (cast it, or use mode "full")`);
    }
  }
  const columns = probed.map((c) => (c.name === 'external_id' ? { ...c, family: 'text' as const } : c));
  return { mode, columns };
}

function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'no columns';
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown}, … (${names.length} columns)` : shown;
}
