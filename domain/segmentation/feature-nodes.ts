/**
 * Aggregate and exists nodes that a precomputed feature already answers: the compiler reads the
 * feature column instead of grouping the fact table again. At a million accounts a grouped scan
 * of ten million invoice lines costs seconds per node and per rule; the feature pass computes
 * them once per night, for the dirty accounts only.
 *
 * A node maps only when it means exactly what the feature means: same fact, same conditions, same
 * window, and features computed as of the rule's date, in its zone and currency (EvalContext
 * .features). Anything else keeps its grouped subquery. The feature SQL is
 * activities/segmentation/features.ts; the integration test's hand-computed members hold both ways.
 */
import type { EvalContext } from './catalogue';
import type { Expr, FactCond, Window } from './rule-schema';
import { raw, sql, type Sql } from './sql-fragment';

type AggNode = Extract<Expr, { agg: string }>;
type ExistsNode = Extract<Expr, { exists: string }> | Extract<Expr, { notExists: string }>;

const key = (where: FactCond[] | undefined, window: Window | undefined) =>
  JSON.stringify({ where: [...(where ?? [])].sort((a, b) => a.field.localeCompare(b.field)).map((c) => [c.field, c.op, c.value]), window: window ?? null });

const LAST_12M: Window = { last: { n: 12, unit: 'month' } };
const LAST_36M: Window = { last: { n: 36, unit: 'month' } };
const LAST_90D: Window = { last: { n: 90, unit: 'day' } };

/** `${fact}|${agg}|${measure}|${where and window}` → feature column (counts and sums are 0 without facts). */
const AGGREGATES: Record<string, string> = {
  [`invoice_lines|sum|amount|${key(undefined, LAST_12M)}`]: 'turnover_12m_minor',
  [`invoice_lines|sum|amount|${key(undefined, LAST_36M)}`]: 'turnover_36m_minor',
  [`invoice_lines|count_distinct_days||${key(undefined, LAST_12M)}`]: 'invoice_days_12m',
  [`invoice_lines|count_distinct_days||${key(undefined, LAST_36M)}`]: 'invoice_days_36m',
  [`orders|count||${key(undefined, LAST_12M)}`]: 'orders_12m',
  [`activities|count||${key([{ field: 'kind', op: '=', value: 'visit' }], LAST_12M)}`]: 'visits_12m',
  [`activities|count||${key(undefined, LAST_90D)}`]: 'activities_90d',
  [`site_visits|count||${key(undefined, LAST_90D)}`]: 'site_visits_90d',
  [`receivables|sum|amount|${key([{ field: 'status', op: '=', value: 'open' }], undefined)}`]: 'open_receivables_minor',
  [`receivables|sum|amount|${key([{ field: 'status', op: '=', value: 'open' }, { field: 'days_overdue', op: '>', value: 60 }], undefined)}`]: 'overdue_60_minor',
};

function featuresFit(ctx: EvalContext): boolean {
  const f = ctx.features;
  return Boolean(f && f.asOf === ctx.asOf && f.timezone === ctx.timezone && f.currency === ctx.currency);
}

/** The feature operand of an aggregate node, or null when no feature means the same. */
export function aggregateFeature(e: AggNode, ctx: EvalContext): Sql | null {
  if (!featuresFit(ctx)) return null;
  const column = AGGREGATES[`${e.fact}|${e.agg}|${e.measure ?? ''}|${key(e.where, e.window)}`];
  return column ? raw(`coalesce(f.${column}, 0)`) : null;
}

/**
 * Whether the account has invoice lines of the families (ever, or in the last 12 months): the
 * `has` operand of an exists node, or null when no feature means the same.
 */
export function existsFeature(e: ExistsNode, ctx: EvalContext): Sql | null {
  if (!featuresFit(ctx)) return null;
  const fact = 'exists' in e ? e.exists : e.notExists;
  if (fact !== 'invoice_lines' || e.where?.length !== 1) return null;
  const c = e.where[0]!;
  if (c.field !== 'product_family') return null;
  const column = e.window === undefined ? 'families_all' : key(undefined, e.window) === key(undefined, LAST_12M) ? 'families_12m' : null;
  if (!column) return null;
  const families = c.op === '=' && typeof c.value === 'string' ? [c.value]
    : c.op === 'in' && Array.isArray(c.value) && c.value.every((v) => typeof v === 'string') ? (c.value as string[]) : null;
  if (!families) return null;
  return sql`coalesce(f.${raw(column)} && ${families}::text[], false)`;
}
