/**
 * What rules may talk about: account attributes and precomputed features (alias `a` = accounts,
 * `f` = segment_account_features), and facts an aggregate or exists node counts (alias `x`).
 * Keys are what users write; the SQL beside them is constant text of this file. Money is integer
 * minor units; money literals in rules are major units of the rule's currency (2 decimals).
 */
import { raw, sql, type Sql } from './sql-fragment';

export type FieldType = 'text' | 'number' | 'money' | 'date' | 'bool';

export interface EvalContext {
  asOf: string; timezone: string; currency: string;
  /** What the features table was computed for: nodes it answers read it (feature-nodes.ts). */
  features?: { asOf: string; timezone: string; currency: string };
}

export interface FieldDef { type: FieldType; label: string; expr: (ctx: EvalContext) => Sql; lookup?: string }

const col = (text: string) => () => raw(text);

export const ACCOUNT_FIELDS: Record<string, FieldDef> = {
  'account.name': { type: 'text', label: 'name', expr: col('a.name') },
  'account.country': { type: 'text', label: 'country', expr: col('a.country_code') },
  'account.city': { type: 'text', label: 'city', expr: col('a.city') },
  'account.category': { type: 'text', label: 'category', expr: col('a.category_code'), lookup: 'account_categories' },
  'account.zone': { type: 'text', label: 'zone', expr: col('a.zone_code'), lookup: 'zones' },
  'account.industry': { type: 'text', label: 'industry', expr: col('a.industry_code'), lookup: 'industries' },
  'account.relationship_type': { type: 'text', label: 'relationship type', expr: col('a.relationship_type_code'), lookup: 'relationship_types' },
  'account.status_tier': { type: 'text', label: 'status tier', expr: col('a.status_tier_code'), lookup: 'status_tiers' },
  'account.manager': { type: 'text', label: 'account manager (e-mail)', expr: col('(SELECT u.email FROM users u WHERE u.id = a.account_manager_id)') },
  'category.target_visits_per_year': { type: 'number', label: 'planned visits per year', expr: col('(SELECT c.target_visits_per_year FROM account_categories c WHERE c.code = a.category_code)') },
  // Features: computed once per run for the dirty set (activities/segmentation/features.ts).
  'feature.turnover_12m': { type: 'money', label: 'turnover 12m', expr: col('f.turnover_12m_minor') },
  'feature.turnover_36m': { type: 'money', label: 'turnover 36m', expr: col('f.turnover_36m_minor') },
  'feature.invoice_days_12m': { type: 'number', label: 'invoice days 12m', expr: col('f.invoice_days_12m') },
  'feature.invoice_days_36m': { type: 'number', label: 'invoice days 36m', expr: col('f.invoice_days_36m') },
  'feature.first_invoice_on': { type: 'date', label: 'first invoice', expr: col('f.first_invoice_on') },
  'feature.last_invoice_on': { type: 'date', label: 'last invoice', expr: col('f.last_invoice_on') },
  'feature.days_since_last_invoice': { type: 'number', label: 'days since last invoice', expr: (c) => sql`(${c.asOf}::date - f.last_invoice_on)` },
  'feature.orders_12m': { type: 'number', label: 'orders 12m', expr: col('f.orders_12m') },
  'feature.visits_12m': { type: 'number', label: 'visits 12m', expr: col('f.visits_12m') },
  'feature.activities_90d': { type: 'number', label: 'activities 90d', expr: col('f.activities_90d') },
  'feature.site_visits_90d': { type: 'number', label: 'site visits 90d', expr: col('f.site_visits_90d') },
  'feature.open_receivables': { type: 'money', label: 'open receivables', expr: col('f.open_receivables_minor') },
  'feature.overdue_60': { type: 'money', label: 'receivables overdue > 60 days', expr: col('f.overdue_60_minor') },
};

/**
 * A hash of every account column the fields above read (alias `a`), kept with the features: an
 * account whose hash differs is re-evaluated at the next pass, whatever path edited it. A field
 * added above must add its column here.
 */
export const ACCOUNT_INPUTS_HASH = `hashtext(row(a.name, a.country_code, a.city, a.category_code, a.zone_code, a.industry_code,
  a.relationship_type_code, a.status_tier_code, a.account_manager_id, a.deleted_at, a.merged_into_id)::text)`;

/** The lookup rows the fields above read (planned visits, managers' e-mails): an edit re-evaluates every account. */
export const LOOKUPS_HASH = `md5(coalesce((SELECT string_agg(row(c.code, c.target_visits_per_year)::text, ',' ORDER BY c.code) FROM account_categories c), '')
  || coalesce((SELECT string_agg(row(u.id, u.email)::text, ',' ORDER BY u.id) FROM users u), ''))`;

export interface FactField { type: FieldType; expr: (ctx: EvalContext) => Sql }

export interface FactDef {
  table: string;
  label: string;
  /** Always applied (live rows only). */
  base?: string;
  /** The column a window filters on: a business date or an instant. */
  when?: { column: string; kind: 'date' | 'instant' };
  currencyColumn?: string;
  measures: Record<string, FactField>;
  fields: Record<string, FactField>;
}

const f = (type: FieldType, text: string): FactField => ({ type, expr: () => raw(text) });

export const FACTS: Record<string, FactDef> = {
  invoice_lines: {
    table: 'invoice_lines', label: 'invoice lines', when: { column: 'issue_date', kind: 'date' }, currencyColumn: 'currency',
    measures: { amount: f('money', 'x.net_minor'), quantity: f('number', 'x.quantity') },
    fields: { product_family: f('text', 'x.product_family'), product_code: f('text', 'x.product_code') },
  },
  invoices: {
    table: 'invoices', label: 'invoices', base: "x.status <> 'cancelled'", when: { column: 'issue_date', kind: 'date' }, currencyColumn: 'currency',
    measures: { amount: f('money', 'x.total_gross_minor') },
    fields: { kind: f('text', 'x.kind'), status: f('text', 'x.status') },
  },
  receivables: {
    table: 'receivables', label: 'receivables', when: { column: 'due_date', kind: 'date' }, currencyColumn: 'currency',
    measures: { amount: f('money', 'x.amount_due_minor') },
    fields: {
      status: f('text', 'x.status'),
      days_overdue: { type: 'number', expr: (c) => sql`(${c.asOf}::date - x.due_date)` },
    },
  },
  orders: {
    table: 'orders', label: 'orders', when: { column: 'ordered_at', kind: 'instant' }, currencyColumn: 'currency',
    measures: { amount: f('money', 'x.total_gross_minor') },
    fields: { channel: f('text', 'x.channel'), status: f('text', 'x.status') },
  },
  order_lines: {
    table: 'order_lines', label: 'order lines', currencyColumn: 'currency',
    measures: { amount: f('money', 'x.net_minor'), quantity: f('number', 'x.quantity') },
    fields: { product_family: f('text', 'x.product_family'), product_code: f('text', 'x.product_code') },
  },
  shipments: {
    table: 'shipments', label: 'shipments', when: { column: 'shipped_at', kind: 'instant' },
    measures: {},
    fields: { carrier: f('text', 'x.carrier'), status: f('text', 'x.status') },
  },
  activities: {
    table: 'activities', label: 'activities', when: { column: 'occurred_at', kind: 'instant' },
    measures: {},
    fields: { kind: f('text', 'x.kind'), outcome: f('text', 'x.outcome') },
  },
  site_visits: {
    table: 'site_visits', label: 'site visits', when: { column: 'visited_at', kind: 'instant' },
    measures: { duration_seconds: f('number', 'x.duration_seconds'), page_views: f('number', 'x.page_views') },
    fields: { url: f('text', 'x.url') },
  },
  contacts: {
    table: 'contacts', label: 'contacts', base: 'x.deleted_at IS NULL',
    measures: {},
    fields: { role: f('text', 'x.role_code'), department: f('text', 'x.department_code'), email_opt_in: f('bool', 'x.email_opt_in'), is_active: f('bool', 'x.is_active') },
  },
};

/** For `crmhub rules show --catalogue` and the docs. */
export function describeCatalogue(): { fields: { key: string; type: FieldType; label: string }[]; facts: { key: string; measures: string[]; fields: string[]; window: boolean }[] } {
  return {
    fields: Object.entries(ACCOUNT_FIELDS).map(([key, d]) => ({ key, type: d.type, label: d.label })),
    facts: Object.entries(FACTS).map(([key, d]) => ({ key, measures: Object.keys(d.measures), fields: Object.keys(d.fields), window: Boolean(d.when) })),
  };
}
