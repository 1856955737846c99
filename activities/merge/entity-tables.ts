/**
 * What a merge must know about an entity's tables, read from the catalog rather than hard-coded:
 * every foreign key that points at the entity (contacts, potentials, future fact tables) is
 * re-pointed by a merge, so a table added later cannot keep pointing at an absorbed record.
 */
import type { Knex } from 'knex';

export type MergeEntity = 'accounts' | 'contacts';

/** The identity map and the import ledger use the singular. */
export const SOURCE_ENTITY_TYPE: Record<MergeEntity, 'account' | 'contact'> = { accounts: 'account', contacts: 'contact' };

export function assertEntity(e: string): asserts e is MergeEntity {
  if (e !== 'accounts' && e !== 'contacts') throw new Error(`entity must be accounts or contacts, got "${e}"`);
}

export interface Reference { table: string; column: string }

/**
 * Catalog answers are remembered for the life of one transaction (a bulk apply merges thousands
 * of clusters in one): never longer, so a migration is seen by the next transaction.
 */
const perTransaction = new WeakMap<object, Map<string, Promise<unknown>>>();
function memo<T>(db: Knex | Knex.Transaction, key: string, load: () => Promise<T>): Promise<T> {
  if (!(db as Knex.Transaction).isTransaction) return load();
  let m = perTransaction.get(db);
  if (!m) perTransaction.set(db, (m = new Map()));
  if (!m.has(key)) m.set(key, load());
  return m.get(key) as Promise<T>;
}

/** Single-column foreign keys to `<entity>(id)`, except the merge tombstone itself. */
export async function referencesTo(db: Knex | Knex.Transaction, entity: MergeEntity): Promise<Reference[]> {
  return memo(db, `refs:${entity}`, async () => loadReferences(db, entity));
}

async function loadReferences(db: Knex | Knex.Transaction, entity: MergeEntity): Promise<Reference[]> {
  const { rows } = await db.raw<{ rows: Reference[] }>(
    `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = ?::regclass AND cardinality(c.conkey) = 1
        AND NOT (c.conrelid = c.confrelid AND a.attname = 'merged_into_id')
      ORDER BY 1, 2`,
    [entity],
  );
  return rows;
}

/** Primary-key columns of a table, in key order. */
export async function primaryKey(db: Knex | Knex.Transaction, table: string): Promise<string[]> {
  return memo(db, `pk:${table}`, async () => loadPrimaryKey(db, table));
}

async function loadPrimaryKey(db: Knex | Knex.Transaction, table: string): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { column: string }[] }>(
    `SELECT a.attname AS column FROM pg_index i
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY k.n`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} has no primary key: a merge cannot record its rows`);
  return rows.map((r) => r.column);
}

export async function columnsOf(db: Knex | Knex.Transaction, table: string): Promise<string[]> {
  return memo(db, `cols:${table}`, async () => {
    const { rows } = await db.raw<{ rows: { column: string }[] }>(
      `SELECT attname AS column FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [table],
    );
    return rows.map((r) => r.column);
  });
}

/** SQL identifier quoting for names read from the catalog. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
