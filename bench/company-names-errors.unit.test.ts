import { describe, expect, it } from 'vitest';
import { accountMatchRecord, sameAccountName } from '../domain/matching';
import { companyNamesErrorBreakdown, formatNamesErrorBreakdown } from './company-names-errors';
import { companyNameRows } from './generators/company-names';
import { companyEntityOfRecordId } from './generators/companies-rows';

describe('names-only error breakdown', () => {
  const set = { records: 3000, seed: 20261201 };
  const rows = [...companyNameRows(set)];
  const rec = (id: string) => accountMatchRecord(id, { name: rows.find((r) => r.record_id === id)?.name ?? null });
  // Two records of different companies with one name and no legal form between them to tell them apart.
  const twins = rows.flatMap((a) => rows.filter((b) => b.record_id > a.record_id && companyEntityOfRecordId(a.record_id) !== companyEntityOfRecordId(b.record_id)
    && sameAccountName(rec(a.record_id), rec(b.record_id)) && (rec(a.record_id).form === null || rec(a.record_id).form === rec(b.record_id).form)).map((b) => [a.record_id, b.record_id] as const)).slice(0, 1);

  it('tells wrong pairs nothing in the file separates from the others', () => {
    expect(twins).toHaveLength(1);
    const [a, b] = twins[0] as readonly [string, string];
    // Two other companies with different names, proposed together for review.
    const c = rows.find((r) => !sameAccountName(rec(r.record_id), rec(a)))?.record_id as string;
    const d = rows.find((r) => companyEntityOfRecordId(r.record_id) !== companyEntityOfRecordId(c) && !sameAccountName(rec(r.record_id), rec(c)) && r.record_id !== a && r.record_id !== b)?.record_id as string;
    const breakdown = companyNamesErrorBreakdown(set, [
      { id: a, cluster: '1', decision: 'auto' },
      { id: b, cluster: '1', decision: 'auto' },
      { id: c, cluster: '2', decision: 'review' },
      { id: d, cluster: '2', decision: 'review' },
    ]);
    expect(breakdown).toEqual({ indistinguishable: [1, 1], distinguishable: [1, 0] });
    expect(formatNamesErrorBreakdown(breakdown)).toMatch(/^wrong pairs \(all\/auto\): 1\/1 same name .*, 1\/0 other$/);
  });
});
