/**
 * Restoring before-images (captured by merge-many.ts as to_jsonb rows) inside PostgreSQL: rows
 * never pass through Node, where a bigint (money in micro units) or a timestamptz with
 * microseconds would lose precision. `jsonb_populate_recordset(NULL::<table>, …)` gives every
 * column back its own type and value.
 */
import type { Knex } from 'knex';
import { ident, primaryKey } from './entity-tables';

export interface RestoreOptions {
  /** Only these columns are put back (default: every column the image has). */
  columns?: readonly string[];
  /** Extra condition on the current row `x` for the UPDATE (e.g. it still points where the merge put it). */
  guard?: { sql: string; bindings: readonly unknown[] };
  /** Re-insert image rows that no longer exist (default true). */
  insertMissing?: boolean;
  /** Only re-insert the rows with these primary keys (as text): the ones the merge deleted. */
  insertKeys?: readonly string[];
}

/**
 * Puts back the rows of one table from `source` (a SQL expression without bindings yielding a
 * jsonb array of rows): rows that still exist get the captured columns back, rows that were
 * deleted are inserted again. Returns how many rows were updated and inserted.
 */
export async function restoreRows(trx: Knex.Transaction, table: string, source: string, o: RestoreOptions = {}): Promise<{ updated: number; inserted: number }> {
  const pk = await primaryKey(trx, table);
  const { rows: keyRows } = await trx.raw<{ rows: { k: string }[] }>(`SELECT DISTINCT jsonb_object_keys(e) AS k FROM jsonb_array_elements(${source}) e`);
  // Only the columns the image has: a column added after the merge keeps its current value.
  const imageCols = keyRows.map((r) => r.k).filter((c) => !pk.includes(c));
  const cols = o.columns ? imageCols.filter((c) => o.columns!.includes(c)) : imageCols;
  const t = ident(table);
  const match = pk.map((c) => `x.${ident(c)} = r.${ident(c)}`).join(' AND ');
  const recordset = `jsonb_populate_recordset(NULL::${t}, ${source})`;
  const upd = cols.length === 0 ? { rowCount: 0 } : await trx.raw(
    `UPDATE ${t} x SET ${cols.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ')} FROM ${recordset} r
      WHERE ${match}${o.guard ? ` AND (${o.guard.sql})` : ''}`,
    (o.guard?.bindings ?? []) as Knex.RawBinding[],
  );
  if (o.insertMissing === false) return { updated: upd.rowCount ?? 0, inserted: 0 };
  if (o.insertKeys && o.insertKeys.length === 0) return { updated: upd.rowCount ?? 0, inserted: 0 };
  const all = [...pk, ...imageCols];
  const only = o.insertKeys ? ` AND r.${ident(pk[0]!)}::text = ANY(?::text[])` : '';
  const ins = await trx.raw(
    `INSERT INTO ${t} (${all.map(ident).join(', ')}) SELECT ${all.map((c) => `r.${ident(c)}`).join(', ')} FROM ${recordset} r
      WHERE NOT EXISTS (SELECT 1 FROM ${t} x WHERE ${match})${only}`,
    o.insertKeys ? [[...o.insertKeys]] : [],
  );
  return { updated: upd.rowCount ?? 0, inserted: ins.rowCount ?? 0 };
}
