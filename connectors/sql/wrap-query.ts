/**
 * The SQL the reader sends: the user's query wrapped as a derived table, read in keyset order.
 *
 * external_id is compared as the bytes of its UTF-8 text in both dialects, so the same order holds
 * for numeric and text ids, whatever the column's collation:
 * - MariaDB/MySQL: CAST(CONVERT(x USING utf8mb4) AS BINARY) — binary comparison, no PAD SPACE, no
 *   case folding, and a latin1 column compares by the same bytes the cursor holds;
 * - PostgreSQL: x::text COLLATE "C" (byte order of the database encoding, UTF-8).
 * The reader returns that text as the record's external_id and keeps it in the cursor.
 *
 * Rows whose external_id (or, incremental, updated_at) is NULL cannot be placed in the order and
 * are not read; `test()` counts them (keyCountsSql).
 */
import type { SqlClient, SqlStreamMode } from './config';
import type { SqlCursor } from './cursor';

export const DERIVED_ALIAS = 'crmhub_q';
/** Extra column the reader adds: the text key of external_id. A query may not use this alias. */
export const KEY_COLUMN = 'crmhub_key';

export function quoteIdent(client: SqlClient, name: string): string {
  return client === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

function col(client: SqlClient, name: string): string {
  return `${quoteIdent(client, DERIVED_ALIAS)}.${quoteIdent(client, name)}`;
}

function keyExpr(client: SqlClient): string {
  const id = col(client, 'external_id');
  return client === 'mysql' ? `CAST(CONVERT(${id} USING utf8mb4) AS BINARY)` : `(${id})::text COLLATE "C"`;
}

/** The newlines keep a trailing `-- comment` in the user's query from swallowing the parenthesis. */
function derived(client: SqlClient, query: string): string {
  return `(\n${query}\n) AS ${quoteIdent(client, DERIVED_ALIAS)}`;
}

/** Zero rows, all the column metadata: how the reader learns a query's columns and types. */
export function probeSql(client: SqlClient, query: string): string {
  return `SELECT * FROM ${derived(client, query)} LIMIT 0`;
}

export interface PageQuery { sql: string; params: string[] }

/**
 * All rows after `cursor` in keyset order, without LIMIT: the reader streams them and hands them
 * out a page at a time (one sort per run instead of one per page), and starts a new query from the
 * last cursor whenever it has to (a new reader, an error, another stream).
 */
export function pageSql(client: SqlClient, query: string, mode: SqlStreamMode, cursor: SqlCursor | null): PageQuery {
  const p = (n: number) => (client === 'mysql' ? '?' : `$${n}`);
  const key = keyExpr(client);
  const where = [`${col(client, 'external_id')} IS NOT NULL`];
  const params: string[] = [];
  let order: string;
  if (mode === 'incremental') {
    const u = col(client, 'updated_at');
    where.push(`${u} IS NOT NULL`);
    if (cursor?.mode === 'incremental') {
      if (cursor.externalId === null) {
        where.push(`${u} >= ${p(1)}`);
        params.push(cursor.updatedAt);
      } else if (client === 'mysql') {
        // Expanded (a, b) > (x, y) with a leading range on a: sargable in both optimizers.
        where.push(`${u} >= ? AND (${u} > ? OR ${key} > ?)`);
        params.push(cursor.updatedAt, cursor.updatedAt, cursor.externalId);
      } else {
        where.push(`${u} >= $1 AND (${u} > $1 OR ${key} > $2)`);
        params.push(cursor.updatedAt, cursor.externalId);
      }
    }
    order = `${u}, ${quoteIdent(client, KEY_COLUMN)}`;
  } else {
    if (cursor && cursor.mode !== 'incremental') {
      where.push(`${key} > ${p(1)}`);
      params.push(cursor.externalId);
    }
    order = quoteIdent(client, KEY_COLUMN);
  }
  const sql = `SELECT ${quoteIdent(client, DERIVED_ALIAS)}.*, ${key} AS ${quoteIdent(client, KEY_COLUMN)}\nFROM ${derived(client, query)}\nWHERE ${where.join(' AND ')}\nORDER BY ${order}`;
  return { sql, params };
}

/** For `test()`: how many rows the stream has, and how many the keyset order cannot read or tells apart. */
export function keyCountsSql(client: SqlClient, query: string, mode: SqlStreamMode): string {
  const id = col(client, 'external_id');
  const nullUpdated = mode === 'incremental' ? `SUM(CASE WHEN ${col(client, 'updated_at')} IS NULL THEN 1 ELSE 0 END)` : '0';
  return `SELECT COUNT(*) AS total, COUNT(*) - COUNT(${id}) AS null_ids, ${nullUpdated} AS null_updated, COUNT(${id}) - COUNT(DISTINCT ${keyExpr(client)}) AS duplicate_ids\nFROM ${derived(client, query)}`;
}
