import type { LookupTable } from '../canonical/fields';
import type { LookupIndex } from '../canonical/lookup-index';
import type { Cell } from './compile-mapping';

/** Share of the non-empty sample values that must resolve before a column is proposed for a lookup field. */
export const LOOKUP_AGREEMENT = 0.8;

export interface LookupAgreement {
  /** Non-empty sample values. */
  total: number;
  /** Of those, values the lookup resolves (by code, label or synonym, folded). */
  known: number;
  /** Up to three distinct values it does not resolve, for the explanation. */
  unknown: string[];
}

/** How many of a column's sample values the lookup table knows. */
export function lookupAgreement(samples: readonly (Cell | undefined)[], table: LookupTable, lookups: LookupIndex): LookupAgreement {
  let total = 0;
  let known = 0;
  const unknown = new Set<string>();
  for (const cell of samples) {
    const text = cell === null || cell === undefined ? '' : String(cell).trim();
    if (text === '') continue;
    total++;
    if (lookups.resolve(table, text) !== undefined) known++;
    else if (unknown.size < 3) unknown.add(text);
  }
  return { total, known, unknown: [...unknown] };
}

export function describeAgreement({ total, known, unknown }: LookupAgreement, table: LookupTable): string {
  const examples = unknown.length > 0 ? ` (unknown: ${unknown.map((value) => JSON.stringify(value)).join(', ')})` : '';
  return `${known} of ${total} sample values are known ${table}${known < total ? examples : ''}`;
}
