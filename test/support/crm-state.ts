/**
 * The CRM's content as comparable text, for tests that check two runs end in the same state (a
 * sync with a crash against one without). Ids (random uuids, sequences), timestamps set by the
 * clock, run ids and where a row was last read (page numbers restart after a resume) legitimately
 * differ and are left out; every reference to another record is replaced by that record's
 * identity in the sources (source code and external ids), so a wrong parent still shows.
 */
import type { Knex } from 'knex';

export const COMPARED_TABLES = ['accounts', 'contacts', 'invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities', 'source_records', 'sync_cursors'] as const;
const FACT_TABLES = ['invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities'];
const LEFT_OUT = new Set(['id', 'created_at', 'updated_at', 'first_run_id', 'last_run_id', 'last_place', 'as_of', 'settled_at', 'first_seen_at', 'last_seen_at']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function identities(db: Knex): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const [table, entity] of [['accounts', 'account'], ['contacts', 'contact']] as const) {
    const rows = (await db.raw(`SELECT t.id, string_agg(sr.source_system_code || ':' || sr.external_id, ',' ORDER BY sr.source_system_code, sr.external_id) AS k
                                  FROM ${table} t LEFT JOIN source_records sr ON sr.crm_id = t.id AND sr.entity_type = ? GROUP BY t.id`, [entity])).rows as { id: string; k: string | null }[];
    for (const r of rows) map.set(r.id, `${entity}:${r.k ?? '(no source record)'}`);
  }
  for (const table of FACT_TABLES) {
    const rows = await db(table).select('id', 'source_system_code', 'external_id') as { id: string; source_system_code: string; external_id: string }[];
    for (const r of rows) map.set(r.id, `${table}:${r.source_system_code}:${r.external_id}`);
  }
  for (const r of await db('users').select('id', 'email') as { id: string; email: string }[]) map.set(r.id, `user:${r.email}`);
  return map;
}

function stable(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string' && UUID.test(value)) return ids.get(value) ?? `unknown uuid`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => stable(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k], ids)]));
  }
  return value;
}

/** Per table, its rows as sorted JSON lines. */
export async function crmState(db: Knex, tables: readonly string[] = COMPARED_TABLES): Promise<Record<string, string[]>> {
  const ids = await identities(db);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db(table).select('*') as Record<string, unknown>[];
    out[table] = rows.map((row) => JSON.stringify(stable(Object.fromEntries(Object.entries(row).filter(([k]) => !LEFT_OUT.has(k))), ids))).sort();
  }
  return out;
}
