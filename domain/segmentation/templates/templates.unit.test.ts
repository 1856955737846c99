import { describe, expect, it } from 'vitest';
import { compileRule } from '../compile-rule';
import { Rule } from '../rule-schema';
import { loadTemplates } from './index';

describe('shipped templates', () => {
  const templates = loadTemplates();
  it('ships the eight templates of issue 10', () => {
    expect(templates.map((t) => (t as { code: string }).code).sort()).toEqual(['a_under_visited', 'abc', 'buys_chairs_not_tables', 'clv', 'credit_hold', 'relationship_type', 'rfm', 'turnover_tier']);
  });
  it.each(templates.map((t) => [(t as { code: string }).code, t]))('%s validates and compiles', (_code, t) => {
    const rule = Rule.parse(t);
    if (rule.mode !== 'ast') throw new Error('templates are AST rules');
    if (rule.output.kind === 'score' && rule.output.score.method === 'rfm') {
      rule.output.score.breakpoints = { recencyDays: [30, 90, 180, 365], frequency: [1, 2, 4, 8], monetary: [100, 500, 2000, 10000] };
    }
    const c = compileRule(rule, { asOf: '2026-12-03', timezone: 'Europe/Madrid', currency: 'EUR' });
    expect(c.candidates.text).toMatch(/^SELECT /);
    expect(c.candidates.text.split('?').length - 1).toBe(c.candidates.values.length);
  });
});
