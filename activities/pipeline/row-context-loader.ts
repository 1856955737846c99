/** Builds the per-import RowContext: the locale profile and the lookups as they are in the CRM now. */
import type { Knex } from 'knex';
import { LOOKUP_TABLES, type LookupTable } from '../../domain/canonical/fields';
import { LookupIndex, type LookupEntry } from '../../domain/canonical/lookup-index';
import type { RowContext } from '../../domain/canonical/row-context';
import { getLocaleProfile } from '../../domain/normalize';

export async function loadLookups(db: Knex): Promise<LookupIndex> {
  return new LookupIndex(await loadLookupTables(db));
}

/** The lookup tables as plain data (a worker thread builds its own index from them). */
export async function loadLookupTables(db: Knex): Promise<Partial<Record<LookupTable, LookupEntry[]>>> {
  const tables: Partial<Record<LookupTable, LookupEntry[]>> = {};
  // In code order: the index's digest (a part of every row fingerprint, known-rows.ts) must not
  // change with the order PostgreSQL happens to return the rows in.
  for (const t of LOOKUP_TABLES) tables[t] = await db(t).select('code', 'label', 'synonyms', 'is_active').orderBy('code');
  return tables;
}

export async function loadRowContext(db: Knex, o: { locale: string; defaultCountry: string; date1904: boolean }): Promise<RowContext> {
  return { profile: getLocaleProfile(o.locale), defaultCountry: o.defaultCountry, lookups: await loadLookups(db), date1904: o.date1904 };
}
