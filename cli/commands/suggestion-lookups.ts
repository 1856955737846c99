/**
 * The lookup tables `suggest-mapping` checks sample values against (a column becomes `category`
 * only when most of its values are categories): the CRM's own when its database is reachable and
 * migrated, else the values migrations/003_seed_lookups.ts seeds, so it also works before `migrate`.
 */
import { loadLookups } from '../../activities/pipeline/row-context-loader';
import { LOOKUP_TABLES, type LookupTable } from '../../domain/canonical/fields';
import { LookupIndex, type LookupEntry } from '../../domain/canonical/lookup-index';
import { createDb } from '../../db/config';
import { LOOKUP_SEEDS } from '../../migrations/003_seed_lookups';

export interface SuggestionLookups {
  lookups: LookupIndex;
  from: 'database' | 'seed';
}

/** The seeded lookups (migrations/003_seed_lookups.ts), as a fresh database holds them. */
export function seedLookupIndex(): LookupIndex {
  const tables: Partial<Record<LookupTable, LookupEntry[]>> = {};
  for (const table of LOOKUP_TABLES) {
    tables[table] = (LOOKUP_SEEDS[table] ?? []).map((seed) => ({ code: seed.code, label: seed.label, synonyms: seed.synonyms, is_active: true }));
  }
  return new LookupIndex(tables);
}

/** Never fails: an unreachable or unmigrated database falls back to the seed (within ~3 s). */
export async function suggestionLookups(): Promise<SuggestionLookups> {
  const db = createDb(undefined, { min: 0, max: 1 }, { acquireConnectionTimeout: 3000 });
  try {
    const { rows } = await db.raw(`SELECT to_regclass('public.account_categories') AS t`);
    if (rows[0]?.t) return { lookups: await loadLookups(db), from: 'database' };
  } catch {
    // not reachable, not created, no permission: the seed is the best guess of what an import will find
  } finally {
    await db.destroy();
  }
  return { lookups: seedLookupIndex(), from: 'seed' };
}
