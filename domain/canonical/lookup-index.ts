/**
 * Resolves a lookup value from a file ("Cliente", "CLIENT", "client", "Клиент") to its code.
 * Built once per import from the lookup tables; matching folds case, accents and spacing.
 */
import { foldText } from '../normalize';
import type { LookupTable } from './fields';

export interface LookupEntry { code: string; label: string; synonyms: string[]; is_active: boolean }

export class LookupIndex {
  private readonly byKey = new Map<string, Map<string, string>>();
  private readonly codes = new Map<string, string[]>();

  constructor(tables: Partial<Record<LookupTable, LookupEntry[]>>) {
    for (const [table, entries] of Object.entries(tables)) {
      const index = new Map<string, string>();
      for (const e of entries ?? []) {
        if (!e.is_active) continue;
        // Codes first: a code always wins over another entry's synonym.
        for (const key of [...e.synonyms, e.label, e.code]) {
          const folded = foldText(key);
          if (folded) index.set(folded, e.code);
        }
      }
      for (const e of entries ?? []) if (e.is_active) index.set(foldText(e.code) ?? e.code, e.code);
      this.byKey.set(table, index);
      this.codes.set(table, (entries ?? []).filter((e) => e.is_active).map((e) => e.code));
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
