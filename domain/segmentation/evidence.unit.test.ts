import { describe, expect, it } from 'vitest';
import { compileRule } from './compile-rule';
import { describeEvidence } from './evidence';
import { AstRule } from './rule-schema';

const ctx = { asOf: '2026-12-03', timezone: 'Europe/Madrid', currency: 'EUR' };

describe('evidence', () => {
  const rule = AstRule.parse({ schemaVersion: 1, code: 'x', name: 'x', where: { and: [
    { field: 'feature.turnover_12m', op: '>=', value: 40000 },
    { not: { field: 'account.zone', op: '=', value: 'N' } },
    { agg: 'count', fact: 'activities', where: [{ field: 'kind', op: '=', value: 'visit' }], window: { last: { n: 12, unit: 'month' } }, op: '<', value: { ref: 'category.target_visits_per_year' } },
  ] }, output: { kind: 'tag' } });
  const c = compileRule(rule, ctx);

  it('projects the leaves that made the match: true leaves, false ones under NOT, and ref values', () => {
    expect(c.evidence.text).toContain(`'n2', CASE WHEN coalesce(f.turnover_12m_minor >= ?::bigint, false) THEN to_jsonb(f.turnover_12m_minor) END`);
    expect(c.evidence.text).toContain(`'n4', CASE WHEN NOT coalesce(a.zone_code = ?::text, false) THEN to_jsonb(a.zone_code) END`);
    expect(c.evidence.text).toContain(`'n5_ref', CASE WHEN`);
    expect(c.evidence.text.startsWith('jsonb_strip_nulls(')).toBe(true);
  });

  it('reads as the issue writes it', () => {
    expect(describeEvidence(c.nodes, { n2: 4_821_000, n4: 'S', n5: 2, n5_ref: 12 }, 'EUR')).toEqual([
      'turnover 12m = 48,210.00 EUR ≥ 40,000.00 EUR',
      'zone = S not = N',
      'count activities (kind = "visit", last 12 months) = 2 < category.target_visits_per_year (12)',
    ]);
  });
});
