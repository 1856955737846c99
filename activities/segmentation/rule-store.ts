/**
 * Rules and their immutable versions. Saving a definition that differs from the current version
 * makes a new version (the next run leaves non-matching members with `rule_changed`); saving the
 * same definition again changes nothing. Thresholds that must not drift (RFM breakpoints) are
 * computed now and frozen into the stored definition.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { compileRule, RuleCompileError } from '../../domain/segmentation/compile-rule';
import { parseRule, type AstRule, type Rule } from '../../domain/segmentation/rule-schema';
import { checkSqlRule, loadSqlParser } from '../../domain/segmentation/sql-mode';
import { localDate } from '../../domain/segmentation/windows';
import { BadConfigurationError } from '../errors';
import { refreshFeatures } from './features';
import { segmentationSettings } from './settings';

/** A rule that cannot be saved or cannot run: non-retryable (BadConfiguration). */
export class BadRuleError extends BadConfigurationError {
  constructor(message: string) {
    super(message);
    this.name = 'BadRuleError';
  }
}

export interface StoredRule { id: number; code: string; name: string; kind: string; isEnabled: boolean; version: number; definition: Rule; mode: 'ast' | 'sql' }

const STATUS_LOOKUPS = { relationship_type: 'relationship_types', category: 'account_categories', status_tier: 'status_tiers' } as const;
export const STATUS_COLUMNS = { relationship_type: 'relationship_type_code', category: 'category_code', status_tier: 'status_tier_code' } as const;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function withoutBreakpoints(def: Rule): Rule {
  const copy = JSON.parse(JSON.stringify(def)) as Rule;
  if (copy.mode === 'ast' && copy.output.kind === 'score' && copy.output.score.method === 'rfm') delete copy.output.score.breakpoints;
  return copy;
}

export function ruleContext(rule: Rule, asOf: string) {
  const s = segmentationSettings();
  return { asOf, timezone: rule.timezone ?? s.timezone, currency: rule.currency };
}

/** Quintile cut points of recency, frequency and monetary over today's features. */
async function rfmBreakpoints(db: Knex, asOf: string): Promise<{ recencyDays: [number, number, number, number]; frequency: [number, number, number, number]; monetary: [number, number, number, number] }> {
  const s = segmentationSettings();
  const [{ n }] = (await db.raw('SELECT count(*)::int AS n FROM segment_account_features')).rows;
  if (n === 0) await refreshFeatures(db, { asOf, timezone: s.timezone, currency: s.currency, full: true });
  const q = await db.raw(`SELECT percentile_disc(ARRAY[0.2,0.4,0.6,0.8]) WITHIN GROUP (ORDER BY ?::date - last_invoice_on) AS r,
                                 percentile_disc(ARRAY[0.2,0.4,0.6,0.8]) WITHIN GROUP (ORDER BY invoice_days_36m) AS f,
                                 percentile_disc(ARRAY[0.2,0.4,0.6,0.8]) WITHIN GROUP (ORDER BY turnover_36m_minor) AS m
                            FROM segment_account_features WHERE invoice_days_36m > 0`, [asOf]);
  const row = q.rows[0] as { r: number[] | null; f: number[] | null; m: string[] | null };
  const four = (a: (number | string)[] | null, scale = 1) => (a ?? [0, 0, 0, 0]).map((x) => Number(x) / scale) as [number, number, number, number];
  return { recencyDays: four(row.r), frequency: four(row.f), monetary: four(row.m, 100) };
}

/** Validates, freezes, compiles and stores a rule. Returns the version it is at. */
export async function saveRule(db: Knex, input: unknown, opts: { by?: string; asOf?: string } = {}): Promise<{ code: string; version: number; created: boolean; unchanged: boolean; sql: string }> {
  const parsed = parseRule(input);
  if (!parsed.ok) throw new BadRuleError(`invalid rule: ${parsed.errors.join('; ')}`);
  const rule = parsed.rule;
  const asOf = opts.asOf ?? localDate(new Date(), ruleContext(rule, '2000-01-01').timezone);
  // An RFM rule saved again without breakpoints keeps the frozen ones (re-adding a template is not an edit).
  const unfrozen = rule.mode === 'ast' && rule.output.kind === 'score' && rule.output.score.method === 'rfm' && !rule.output.score.breakpoints;
  const current = await loadRule(db, rule.code);
  if (unfrozen && current && canonical(withoutBreakpoints(current.definition)) === canonical(rule)) {
    return { code: rule.code, version: current.version, created: false, unchanged: true, sql: '' };
  }
  let compiledSql: string;
  if (rule.mode === 'sql') {
    await loadSqlParser();
    const check = checkSqlRule(rule.sql);
    if (!check.ok) throw new BadRuleError(`rule ${rule.code}: ${check.error}`);
    compiledSql = check.sql;
  } else {
    const out = rule.output;
    if (out.kind === 'score' && out.score.method === 'rfm' && !out.score.breakpoints) out.score.breakpoints = await rfmBreakpoints(db, asOf);
    if (out.kind === 'status') {
      const known = new Set((await db(STATUS_LOOKUPS[out.field]).select('code')).map((r: { code: string }) => r.code));
      const unknown = out.cases.map((c) => c.value).filter((v) => !known.has(v));
      if (unknown.length) throw new BadRuleError(`rule ${rule.code}: ${out.field} has no code ${unknown.join(', ')} (see the ${STATUS_LOOKUPS[out.field]} lookup)`);
    }
    try {
      compiledSql = compileRule(rule as AstRule, ruleContext(rule, asOf)).candidates.text;
    } catch (err) {
      if (err instanceof RuleCompileError) throw new BadRuleError(`rule ${rule.code}: ${err.message}`);
      throw err;
    }
  }
  const kind = rule.output.kind;
  return db.transaction(async (trx) => {
    const existing = await trx('segment_rules').where({ code: rule.code }).forUpdate().first();
    if (existing) {
      const current = await trx('segment_rule_versions').where({ rule_id: existing.id, version: existing.current_version }).first();
      if (current && canonical(current.definition) === canonical(rule)) {
        if (!existing.is_enabled) await trx('segment_rules').where({ id: existing.id }).update({ is_enabled: true, updated_at: trx.fn.now() });
        return { code: rule.code, version: existing.current_version as number, created: false, unchanged: true, sql: compiledSql };
      }
    }
    let id: number = existing?.id;
    const version = existing ? (existing.current_version as number) + 1 : 1;
    if (!existing) {
      [{ id }] = await trx('segment_rules').insert({ code: rule.code, name: rule.name, kind, current_version: version }).returning('id');
    } else {
      await trx('segment_rules').where({ id }).update({ name: rule.name, kind, current_version: version, is_enabled: true, updated_at: trx.fn.now() });
    }
    await trx('segment_rule_versions').insert({
      rule_id: id, version, mode: rule.mode, definition: JSON.stringify(rule), compiled_sql: compiledSql,
      sql_hash: createHash('sha256').update(compiledSql).digest('hex'), created_by: opts.by ?? null,
    });
    return { code: rule.code, version, created: !existing, unchanged: false, sql: compiledSql };
  });
}

export async function loadRule(db: Knex, code: string): Promise<StoredRule | null> {
  const r = await db('segment_rules as r').join('segment_rule_versions as v', function () {
    this.on('v.rule_id', 'r.id').andOn('v.version', 'r.current_version');
  }).where('r.code', code).first('r.id', 'r.code', 'r.name', 'r.kind', 'r.is_enabled', 'r.current_version', 'v.definition', 'v.mode');
  if (!r) return null;
  return { id: r.id, code: r.code, name: r.name, kind: r.kind, isEnabled: r.is_enabled, version: r.current_version, definition: r.definition as Rule, mode: r.mode };
}

export async function loadRuleById(db: Knex, id: number): Promise<StoredRule> {
  const r = await db('segment_rules').where({ id }).first('code');
  const rule = r ? await loadRule(db, r.code) : null;
  if (!rule) throw new BadRuleError(`no rule ${id}`);
  return rule;
}
