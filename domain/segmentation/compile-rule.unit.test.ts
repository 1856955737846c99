import { describe, expect, it } from 'vitest';
import { compileRule, explainQuery, nodeCountsQuery, paretoCutoffsOf, RuleCompileError } from './compile-rule';
import { AstRule, type Expr } from './rule-schema';

const ctx = { asOf: '2026-03-29', timezone: 'Europe/Madrid', currency: 'EUR' };
const tag = (where: Expr) => AstRule.parse({ schemaVersion: 1, code: 't', name: 'T', where, output: { kind: 'tag' } });
const compile = (where: Expr) => compileRule(tag(where), ctx);
const EVIL = "x'); DROP TABLE accounts; --";

describe('compileRule: every node kind', () => {
  it('field comparison: catalogue column, bound value, null is false', () => {
    const c = compile({ field: 'account.category', op: '=', value: 'A' });
    expect(c.nodes[0]).toMatchObject({ id: 'n1', kind: 'field', label: 'category' });
    expect(c.match.text).toBe('coalesce(a.category_code = ?::text, false)');
    expect(c.match.values).toEqual(['A']);
  });
  it('money literals are major units bound as integer minor units; ties are exact', () => {
    const c = compile({ field: 'feature.turnover_12m', op: '>=', value: 40000 });
    expect(c.match.text).toBe('coalesce(f.turnover_12m_minor >= ?::bigint, false)');
    expect(c.match.values).toEqual([4_000_000]);
    expect(compile({ field: 'feature.turnover_12m', op: '>=', value: 0.29 }).match.values).toEqual([29]); // not 28.999…
  });
  it('in / not_in / between / is_null', () => {
    expect(compile({ field: 'account.zone', op: 'in', value: ['N', 'S'] }).match.text).toBe('coalesce(a.zone_code IN (?::text, ?::text), false)');
    expect(compile({ field: 'account.zone', op: 'not_in', value: ['N'] }).match.text).toBe('coalesce(a.zone_code NOT IN (?::text), false)');
    expect(compile({ field: 'feature.visits_12m', op: 'between', value: [1, 3] }).match.values).toEqual([1, 3]);
    expect(compile({ field: 'account.manager', op: 'is_null' }).match.text).toBe('((SELECT u.email FROM users u WHERE u.id = a.account_manager_id) IS NULL)');
  });
  it('ref: compares with another catalogue value times a factor', () => {
    const c = compile({ field: 'feature.visits_12m', op: '<', value: { ref: 'category.target_visits_per_year', times: 0.5 } });
    expect(c.match.text).toContain('f.visits_12m < ((SELECT c.target_visits_per_year FROM account_categories c WHERE c.code = a.category_code) * ?::numeric)');
    expect(c.match.values).toEqual([0.5]);
  });
  it('relative dates resolve against as-of, month-end clamped', () => {
    const c = compileRule(tag({ field: 'feature.last_invoice_on', op: '<', value: { relative: { n: 1, unit: 'month', direction: 'past' } } }), { ...ctx, asOf: '2026-03-31' });
    expect(c.match.values).toEqual(['2026-02-28']);
  });
  it('and / or / not: two-valued logic, NOT is a plain NOT', () => {
    const c = compile({ and: [{ field: 'account.category', op: '=', value: 'A' }, { not: { or: [{ field: 'account.zone', op: '=', value: 'N' }, { field: 'account.zone', op: '=', value: 'S' }] } }] });
    expect(c.nodes.map((n) => n.kind)).toEqual(['and', 'field', 'not', 'or', 'field', 'field']);
    expect(c.match.text).toBe('(coalesce(a.category_code = ?::text, false) AND (NOT (coalesce(a.zone_code = ?::text, false) OR coalesce(a.zone_code = ?::text, false))))');
  });
  it('agg sum: one grouped subquery, filters and window on the same rows, currency of the rule', () => {
    const c = compile({ agg: 'sum', fact: 'invoice_lines', measure: 'amount', where: [{ field: 'product_family', op: '=', value: 'chairs' }], window: { last: { n: 12, unit: 'month' } }, op: '>', value: 1000 });
    expect(c.from.text).toContain('LEFT JOIN (SELECT x.account_id, sum(x.net_minor) AS v FROM invoice_lines x WHERE x.account_id IS NOT NULL AND x.currency = ? AND coalesce(x.product_family = ?::text, false) AND x.issue_date BETWEEN ?::date AND ?::date GROUP BY x.account_id) g1 ON g1.account_id = a.id');
    expect(c.from.values).toEqual(['EUR', 'chairs', '2025-03-30', '2026-03-29']);
    expect(c.match.text).toBe('coalesce(coalesce(g1.v, 0) > ?::bigint, false)');
    expect(c.nodes[0]!.label).toBe('sum invoice lines.amount (product_family = "chairs", last 12 months)');
  });
  it('agg count over instants uses local-midnight instants of the zone (DST day = 23 h)', () => {
    const c = compile({ agg: 'count', fact: 'activities', where: [{ field: 'kind', op: '=', value: 'visit' }], window: { last: { n: 1, unit: 'day' } }, op: '>=', value: 1 });
    expect(c.from.text).toContain('x.occurred_at >= ?::timestamptz AND x.occurred_at < ?::timestamptz');
    expect(c.from.values).toEqual(['visit', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });
  it('count_distinct_days of instants counts local dates', () => {
    const c = compile({ agg: 'count_distinct_days', fact: 'site_visits', window: { calendar: 'last_month' }, op: '>=', value: 3 });
    expect(c.from.text).toContain('count(DISTINCT (x.visited_at AT TIME ZONE ?)::date) AS v');
    expect(c.from.values[0]).toBe('Europe/Madrid');
  });
  it('receivables overdue more than N days: days_overdue counts from as-of', () => {
    const c = compile({ agg: 'sum', fact: 'receivables', measure: 'amount', where: [{ field: 'status', op: '=', value: 'open' }, { field: 'days_overdue', op: '>', value: 60 }], op: '>', value: 0 });
    expect(c.from.text).toContain('coalesce((?::date - x.due_date) > ?::numeric, false)');
    expect(c.from.values).toEqual(['EUR', 'open', '2026-03-29', 60]);
  });
  it('exists / notExists ("buys X but not Y")', () => {
    const c = compile({ and: [{ exists: 'invoice_lines', where: [{ field: 'product_family', op: '=', value: 'X' }] }, { notExists: 'invoice_lines', where: [{ field: 'product_family', op: '=', value: 'Y' }] }] });
    expect(c.from.text).toContain('LEFT JOIN (SELECT DISTINCT x.account_id FROM invoice_lines x WHERE x.account_id IS NOT NULL AND coalesce(x.product_family = ?::text, false)) g1 ON g1.account_id = a.id');
    expect(c.match.text).toBe('((g1.account_id IS NOT NULL) AND (NOT (g2.account_id IS NOT NULL)))');
    expect(c.nodes.map((n) => n.kind)).toEqual(['and', 'exists', 'notExists']);
  });
  it('contact attributes through the contacts fact', () => {
    const c = compile({ exists: 'contacts', where: [{ field: 'role', op: '=', value: 'decision_maker' }, { field: 'department', op: 'in', value: ['management', 'sales'] }] });
    expect(c.from.text).toContain('FROM contacts x WHERE x.account_id IS NOT NULL AND x.deleted_at IS NULL AND coalesce(x.role_code = ?::text, false) AND coalesce(x.department_code IN (?::text, ?::text), false)');
  });
  it('never puts rule text into SQL text: hostile values stay bindings', () => {
    const c = compile({ or: [{ field: 'account.name', op: '=', value: EVIL }, { exists: 'invoice_lines', where: [{ field: 'product_family', op: 'in', value: [EVIL] }] }] });
    for (const s of [c.candidates, c.from, c.match]) expect(s.text).not.toContain('DROP');
    expect(c.candidates.values).toContain(EVIL);
  });
  it('refuses unknown fields, facts, measures and wrong value types with a path', () => {
    expect(() => compile({ field: 'account.password', op: '=', value: 'x' })).toThrow(RuleCompileError);
    expect(() => compile({ field: 'a.id; drop', op: '=', value: 'x' })).toThrow(/unknown field/);
    expect(() => compile({ agg: 'sum', fact: 'pg_authid', op: '>', value: 1 })).toThrow(/unknown fact/);
    expect(() => compile({ agg: 'sum', fact: 'activities', op: '>', value: 1 })).toThrow(/needs a measure/);
    expect(() => compile({ field: 'feature.turnover_12m', op: '>', value: 'lots' })).toThrow(/where: expects a number/);
    expect(() => compile({ exists: 'contacts', window: { last: { n: 1, unit: 'day' } } })).toThrow(/no window/);
  });
  it('limits depth', () => {
    let e: Expr = { field: 'account.category', op: '=', value: 'A' };
    for (let i = 0; i < 9; i++) e = { not: e };
    expect(() => compile(e)).toThrow(/deeper than/);
  });
});

describe('compileRule: kinds', () => {
  it('tier: first matching band wins, value is a CASE', () => {
    const rule = AstRule.parse({ schemaVersion: 1, code: 'tier', name: 'Tier', output: { kind: 'tier', tiers: [
      { code: 'platinum', when: { field: 'feature.turnover_12m', op: '>=', value: 100000 } },
      { code: 'gold', when: { field: 'feature.turnover_12m', op: '>=', value: 40000 } },
    ] } });
    const c = compileRule(rule, ctx);
    expect(c.value.text).toBe('CASE WHEN coalesce(f.turnover_12m_minor >= ?::bigint, false) THEN ?::text WHEN coalesce(f.turnover_12m_minor >= ?::bigint, false) THEN ?::text END');
    expect(c.value.values).toEqual([10_000_000, 'platinum', 4_000_000, 'gold']);
    expect(rule.output).toMatchObject({ downgrade: 'immediate', minTenureDays: 0 });
  });
  it('score points: sum of matching terms; bands on the score', () => {
    const rule = AstRule.parse({ schemaVersion: 1, code: 'lead', name: 'Lead', output: { kind: 'score', score: { method: 'points', terms: [
      { code: 'fit', when: { field: 'account.industry', op: '=', value: 'retail' }, points: 20 },
      { code: 'web', when: { field: 'feature.site_visits_90d', op: '>=', value: 3 }, points: 15 },
    ] }, bands: [{ code: 'hot', min: 30 }] } });
    const c = compileRule(rule, ctx);
    expect(c.score!.text).toBe('(CASE WHEN coalesce(a.industry_code = ?::text, false) THEN ?::numeric ELSE 0 END + CASE WHEN coalesce(f.site_visits_90d >= ?::numeric, false) THEN ?::numeric ELSE 0 END)');
    expect(c.value.text.startsWith('CASE WHEN (CASE WHEN')).toBe(true);
  });
  it('score rfm needs frozen breakpoints and scores ties into one bin', () => {
    const def = { schemaVersion: 1, code: 'rfm', name: 'RFM', output: { kind: 'score', score: { method: 'rfm' } } };
    expect(() => compileRule(AstRule.parse(def), ctx)).toThrow(/breakpoints/);
    const c = compileRule(AstRule.parse({ ...def, output: { kind: 'score', score: { method: 'rfm', breakpoints: { recencyDays: [30, 90, 180, 365], frequency: [1, 2, 4, 8], monetary: [100, 500, 2000, 10000] } } } }), ctx);
    expect(c.score!.text).toContain('(5 - (((?::date - f.last_invoice_on) > ?::numeric)::int');
    expect(c.score!.values).toContain(1_000_000); // monetary breakpoints in minor units
  });
  it('status: writes the first matching value', () => {
    const rule = AstRule.parse({ schemaVersion: 1, code: 'rel', name: 'Rel', output: { kind: 'status', field: 'relationship_type', cases: [
      { value: 'client', when: { field: 'feature.invoice_days_12m', op: '>', value: 0 } },
      { value: 'prospect', when: { field: 'feature.first_invoice_on', op: 'is_null' } },
    ] } });
    const c = compileRule(rule, ctx);
    expect(c.match.text).toContain('IS NOT NULL');
    expect(c.value.values).toEqual([0, 'client', 'prospect']);
  });
  it('pareto ranks by turnover with a stable tie-break', () => {
    const c = compileRule(AstRule.parse({ schemaVersion: 1, code: 'abc', name: 'ABC', output: { kind: 'score', score: { method: 'pareto' } } }), ctx);
    expect(c.candidates.text).toContain('ORDER BY f.turnover_12m_minor DESC, a.id ROWS UNBOUNDED PRECEDING');
    expect(c.candidates.values.slice(0, 2)).toEqual([0.8, 0.95]);
  });
  it('pareto classes come from the cut-offs: the key (turnover, id) against the last A and the last B', () => {
    const c = compileRule(AstRule.parse({ schemaVersion: 1, code: 'abc', name: 'ABC', output: { kind: 'score', score: { method: 'pareto' } } }), ctx);
    const p = c.pareto!;
    // One running sum: a row is its class's last when (before + t) no longer qualifies for the class.
    expect(p.cutoffsQuery.text).toContain('sum(f.turnover_12m_minor) OVER (ORDER BY f.turnover_12m_minor DESC, a.id ROWS UNBOUNDED PRECEDING)');
    expect(p.cutoffsQuery.text).toContain("WHEN (before + t) < ?::numeric * total THEN 'A'");
    expect(p.cutoffsQuery.text).not.toContain('lead(');
    // Ranked rows need features: a strict condition lets the planner join features as an inner join.
    expect(c.match.text).toContain('f.account_id IS NOT NULL');
    const lastA = { turnover: '6000000', accountId: '00000000-0000-0000-0000-00000000000a' };
    const lastB = { turnover: '3999999', accountId: '00000000-0000-0000-0000-00000000000c' };
    const cut = paretoCutoffsOf(0.8, 0.95, [
      { cls: 'A', turnover: lastA.turnover, account_id: lastA.accountId, total: '19999999' },
      { cls: 'B', turnover: lastB.turnover, account_id: lastB.accountId, total: '19999999' },
    ]);
    expect(cut).toEqual({ a: 0.8, b: 0.95, total: '19999999', lastA, lastB });
    const k = p.classify(cut);
    expect(k.value.text).toBe("CASE WHEN (f.turnover_12m_minor > ?::bigint OR (f.turnover_12m_minor = ?::bigint AND a.id <= ?::uuid)) THEN 'A' WHEN (f.turnover_12m_minor > ?::bigint OR (f.turnover_12m_minor = ?::bigint AND a.id <= ?::uuid)) THEN 'B' ELSE 'C' END");
    expect(k.value.values).toEqual(['6000000', '6000000', lastA.accountId, '3999999', '3999999', lastB.accountId]);
    // No B account: B ends where A does.
    expect(paretoCutoffsOf(0.8, 0.95, [{ cls: 'A', turnover: '5', account_id: lastA.accountId, total: '5' }]).lastB).toEqual({ turnover: '5', accountId: lastA.accountId });
    // Between two nights: the accounts whose turnover lies between an old and a new cut-off.
    const moved = p.between(cut, { ...cut, lastA: { turnover: '5000000', accountId: lastA.accountId } });
    expect(moved.text).toContain('BETWEEN LEAST(?::bigint, ?::bigint) AND GREATEST(?::bigint, ?::bigint)');
    expect(moved.values.slice(0, 4)).toEqual(['6000000', '5000000', '6000000', '5000000']);
  });
  it('explain and preview project every node', () => {
    const c = compile({ and: [{ field: 'account.category', op: '=', value: 'A' }, { exists: 'activities' }] });
    const e = explainQuery(c, '00000000-0000-0000-0000-000000000001');
    expect(e.text).toContain('AS "n1"');
    expect(e.text).toContain('AS "v_n2"');
    expect(e.values.at(-1)).toBe('00000000-0000-0000-0000-000000000001');
    expect(nodeCountsQuery(c).text).toContain('count(*) FILTER (WHERE coalesce(a.category_code = ?::text, false)) AS "n2"');
    // A rule without leaves (ABC): no node columns, and no dangling comma before FROM.
    const abc = compileRule(AstRule.parse({ schemaVersion: 1, code: 'abc', name: 'ABC', output: { kind: 'score', score: { method: 'pareto' } } }), ctx);
    expect(explainQuery(abc, '00000000-0000-0000-0000-000000000001').text).toMatch(/AS score FROM accounts a/);
  });
});
