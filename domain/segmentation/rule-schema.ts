/**
 * Segment rules as data (issue 10): a versioned JSON tree, validated here and compiled to
 * parameterised SQL by compile-rule.ts. Field and fact names are keys of the catalogue
 * (catalogue.ts), never SQL: the compiler looks them up, and every value becomes a bound parameter.
 *
 * Limits keep a rule explainable and cheap to plan: depth ≤ 8, ≤ 60 nodes.
 */
import { z } from 'zod';

export const CmpOp = z.enum(['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'is_null', 'is_not_null', 'between']);
export type CmpOp = z.infer<typeof CmpOp>;

const Scalar = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

/** A value compared with: a literal, a list (in/not_in), a pair (between), or another catalogue value times a factor. */
export const Operand = z.union([
  Scalar,
  z.array(Scalar).min(1).max(200),
  z.strictObject({ ref: z.string(), times: z.number().finite().optional() }),
  z.strictObject({ relative: z.strictObject({ n: z.number().int().min(0).max(3650), unit: z.enum(['day', 'week', 'month', 'year']), direction: z.enum(['past', 'next']) }) }),
]);
export type Operand = z.infer<typeof Operand>;

export const CalendarPeriod = z.enum(['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year']);
export type CalendarPeriod = z.infer<typeof CalendarPeriod>;

/** Rolling windows end on the run's as-of date, included: `last 90 days` = (as_of − 90 days, as_of]. */
export const Window = z.union([
  z.strictObject({ last: z.strictObject({ n: z.number().int().min(1).max(3650), unit: z.enum(['day', 'week', 'month', 'year']) }) }),
  z.strictObject({ calendar: CalendarPeriod }),
  z.strictObject({ between: z.tuple([z.iso.date(), z.iso.date()]) }),
]);
export type Window = z.infer<typeof Window>;

/** A condition on one fact row: all conditions of an aggregate apply to the same rows. */
export const FactCond = z.strictObject({ field: z.string(), op: CmpOp, value: Operand.optional() });
export type FactCond = z.infer<typeof FactCond>;

export const AggFn = z.enum(['count', 'sum', 'avg', 'min', 'max', 'count_distinct_days']);

export type Expr =
  | { and: Expr[] }
  | { or: Expr[] }
  | { not: Expr }
  | { field: string; op: CmpOp; value?: Operand }
  | { agg: z.infer<typeof AggFn>; fact: string; measure?: string; where?: FactCond[]; window?: Window; op: CmpOp; value: Operand }
  | { exists: string; where?: FactCond[]; window?: Window }
  | { notExists: string; where?: FactCond[]; window?: Window };

export const Expr: z.ZodType<Expr> = z.lazy(() => z.union([
  z.strictObject({ and: z.array(Expr).min(1).max(20) }),
  z.strictObject({ or: z.array(Expr).min(1).max(20) }),
  z.strictObject({ not: Expr }),
  z.strictObject({ field: z.string(), op: CmpOp, value: Operand.optional() }),
  z.strictObject({ agg: AggFn, fact: z.string(), measure: z.string().optional(), where: z.array(FactCond).max(10).optional(), window: Window.optional(), op: CmpOp, value: Operand }),
  z.strictObject({ exists: z.string(), where: z.array(FactCond).max(10).optional(), window: Window.optional() }),
  z.strictObject({ notExists: z.string(), where: z.array(FactCond).max(10).optional(), window: Window.optional() }),
])) as z.ZodType<Expr>;

const Code = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter');
const ValueCode = z.string().regex(/^[A-Za-z0-9_]{1,40}$/);

export const TagOutput = z.strictObject({ kind: z.literal('tag') });

export const DowngradePolicy = z.enum(['immediate', 'one_step', 'at_period_end']);
export type DowngradePolicy = z.infer<typeof DowngradePolicy>;

/** Ordered bands, best first; the first matching band wins. */
export const TierOutput = z.strictObject({
  kind: z.literal('tier'),
  tiers: z.array(z.strictObject({ code: ValueCode, when: Expr })).min(1).max(12),
  downgrade: DowngradePolicy.default('immediate'),
  period: z.enum(['month', 'quarter', 'year']).default('year'), // of at_period_end
  minTenureDays: z.number().int().min(0).max(3650).default(0),
});

/** Points per matching term (lead score: fit + engagement). */
const PointsScore = z.strictObject({
  method: z.literal('points'),
  terms: z.array(z.strictObject({ code: ValueCode, when: Expr, points: z.number().finite() })).min(1).max(30),
});
/** RFM quintiles with breakpoints frozen in the rule version (4 ascending cut points per measure). */
const Breakpoints = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const RfmScore = z.strictObject({
  method: z.literal('rfm'),
  breakpoints: z.strictObject({ recencyDays: Breakpoints, frequency: Breakpoints, monetary: Breakpoints }).optional(),
});
/** Historical CLV = average order value × orders per year × expected years × margin (minor units). */
const ClvScore = z.strictObject({
  method: z.literal('clv'),
  expectedYears: z.number().positive().max(50),
  margin: z.number().min(0).max(1),
});
/** ABC (Pareto) on turnover 12 months: A while the cumulative share before the account is < a, B < b. */
const ParetoScore = z.strictObject({ method: z.literal('pareto'), a: z.number().gt(0).lt(1).default(0.8), b: z.number().gt(0).lt(1).default(0.95) });

export const ScoreOutput = z.strictObject({
  kind: z.literal('score'),
  score: z.discriminatedUnion('method', [PointsScore, RfmScore, ClvScore, ParetoScore]),
  /** Bands recorded in membership history (volatile numbers stay on account_metrics): best first, first `min` reached wins. */
  bands: z.array(z.strictObject({ code: ValueCode, min: z.number() })).max(12).optional(),
});

export const StatusField = z.enum(['relationship_type', 'category', 'status_tier']);
export type StatusField = z.infer<typeof StatusField>;

/** Writes an account field: the first matching case wins; accounts no case matches are left alone. */
export const StatusOutput = z.strictObject({
  kind: z.literal('status'),
  field: StatusField,
  cases: z.array(z.strictObject({ value: ValueCode, when: Expr })).min(1).max(12),
});

export const RuleOutput = z.discriminatedUnion('kind', [TagOutput, TierOutput, ScoreOutput, StatusOutput]);

const Common = {
  schemaVersion: z.literal(1),
  code: Code,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  target: z.literal('account').default('account'),
  /** Zone of the business dates and windows (default: the hub's, else UTC). */
  timezone: z.string().optional(),
  /** Money sums count facts in this currency (no conversion); literals are major units. */
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
};

export const AstRule = z.strictObject({ ...Common, mode: z.literal('ast').default('ast'), where: Expr.optional(), output: RuleOutput });
/** Admin SQL mode: one SELECT over the seg views returning account_id (and value for a score). */
export const SqlRule = z.strictObject({
  ...Common,
  mode: z.literal('sql'),
  sql: z.string().min(1).max(20_000),
  output: z.discriminatedUnion('kind', [TagOutput, z.strictObject({ kind: z.literal('score'), bands: ScoreOutput.shape.bands })]),
});

export const Rule = z.union([AstRule, SqlRule]);
export type Rule = z.infer<typeof Rule>;
export type AstRule = z.infer<typeof AstRule>;
export type SqlRule = z.infer<typeof SqlRule>;
export type TierOutput = z.infer<typeof TierOutput>;
export type ScoreOutput = z.infer<typeof ScoreOutput>;
export type StatusOutput = z.infer<typeof StatusOutput>;

export const MAX_DEPTH = 8;
export const MAX_NODES = 60;

export function parseRule(input: unknown): { ok: true; rule: Rule } | { ok: false; errors: string[] } {
  const r = Rule.safeParse(input);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`) };
  return { ok: true, rule: r.data };
}
