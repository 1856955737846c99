/**
 * Why a matcher erred on the names-only company set: a wrong pair of records whose names agree
 * after normalization and that contradict each other on nothing (their legal forms agree or one
 * is missing) cannot be told apart from one company's two records by anything in the file. The
 * rest could. Computed from the record ids and the generator alone; it tells where to look.
 */
import { accountContradiction, accountMatchRecord, sameAccountName, type AccountMatchRecord } from '../domain/matching';
import { companyNameRows, type CompanyNamesOptions } from './generators/company-names';
import { companyEntityOfRecordId } from './generators/companies-rows';

export interface NamesErrorBreakdown {
  /** Wrong pairs [all proposed clusters, automatic merges] that nothing in the file tells apart. */
  indistinguishable: [number, number];
  /** Wrong pairs the names (or their legal forms) do tell apart. */
  distinguishable: [number, number];
}

export function companyNamesErrorBreakdown(set: CompanyNamesOptions, lines: readonly { id: string; cluster: string; decision: string }[]): NamesErrorBreakdown {
  const records = new Map<string, AccountMatchRecord>();
  for (const r of companyNameRows(set)) records.set(r.record_id, accountMatchRecord(r.record_id, { name: r.name, country_code: 'ES' }));
  const clusters = new Map<string, { ids: string[]; auto: boolean }>();
  for (const l of lines) {
    const c = clusters.get(l.cluster) ?? { ids: [], auto: l.decision === 'auto' };
    c.ids.push(l.id);
    clusters.set(l.cluster, c);
  }
  const out: NamesErrorBreakdown = { indistinguishable: [0, 0], distinguishable: [0, 0] };
  for (const c of clusters.values()) {
    for (let x = 0; x < c.ids.length; x++) {
      for (let y = x + 1; y < c.ids.length; y++) {
        const a = c.ids[x] as string;
        const b = c.ids[y] as string;
        if (companyEntityOfRecordId(a) === companyEntityOfRecordId(b)) continue;
        const ra = records.get(a);
        const rb = records.get(b);
        const same = ra !== undefined && rb !== undefined && sameAccountName(ra, rb) && accountContradiction(ra, rb) === null;
        const slot = same ? out.indistinguishable : out.distinguishable;
        slot[0]++;
        if (c.auto) slot[1]++;
      }
    }
  }
  return out;
}

export function formatNamesErrorBreakdown(b: NamesErrorBreakdown): string {
  return `wrong pairs (all/auto): ${b.indistinguishable[0]}/${b.indistinguishable[1]} same name and nothing contradicting (nothing in the file tells them apart), ${b.distinguishable[0]}/${b.distinguishable[1]} other`;
}
