/**
 * Resolves a lookup value from a file ("Cliente", "CLIENT", "client", "Клиент") to its code.
 * Built once per import from the lookup tables; matching folds case, accents and spacing.
 */
import { createHash } from 'node:crypto';
import { foldText } from '../normalize';
import type { LookupTable } from './fields';

export interface LookupEntry { code: string; label: string; synonyms: string[]; is_active: boolean }

export class LookupIndex {
  private readonly byKey = new Map<string, Map<string, string>>();
  private readonly codes = new Map<string, string[]>();
  /** A hash of the tables it was built from: rows read with other lookups become other records. */
  readonly digest: string;

  constructor(tables: Partial<Record<LookupTable, LookupEntry[]>>) {
    this.digest = createHash('sha256').update(JSON.stringify(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b)))).digest('base64url');
    for (const [table, entries] of Object.entries(tables)) {
      const index = new Map<string, string>();
      const active = (entries ?? []).filter((e) => e.is_active);
      for (const e of active) {
        for (const key of [...e.synonyms, e.label]) {
          const folded = foldText(key);
          if (folded) index.set(folded, e.code);
        }
      }
      // Codes last, so a code always wins over another entry's label or synonym.
      for (const e of active) index.set(foldText(e.code) || e.code, e.code);
      this.byKey.set(table, index);
      this.codes.set(table, active.map((e) => e.code));
    }
  }

  resolve(table: LookupTable, raw: string): string | undefined {
    const folded = foldText(raw);
    return folded ? this.byKey.get(table)?.get(folded) : undefined;
  }

  knownCodes(table: LookupTable): string[] {
    return this.codes.get(table) ?? [];
  }
}
