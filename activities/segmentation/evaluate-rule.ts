/**
 * One rule in one pass: candidates into a temp table (one set-based INSERT … SELECT), the tier
 * policy on the few members the data would demote, then the membership diff in a handful of
 * statements, all in one transaction with the run's counts. Only counts leave this function.
 *
 * A failure marks the run failed (status, error) in its own transaction and rethrows: the
 * workflow goes on with the other rules.
 */
import type { Knex } from 'knex';
import { compileRule, paretoCutoffsOf, type CompiledRule, type ParetoCutoffs } from '../../domain/segmentation/compile-rule';
import type { EvalContext } from '../../domain/segmentation/catalogue';
import type { AstRule, Rule } from '../../domain/segmentation/rule-schema';
import { raw, sql, Sql } from '../../domain/segmentation/sql-fragment';
import { checkSqlRule, loadSqlParser } from '../../domain/segmentation/sql-mode';
import { decideTier } from '../../domain/segmentation/tier-policy';
import { markCrmhubWriter } from '../../db/crmhub-writer';
import { analyzeIfStale } from '../pipeline/fresh-statistics';
import { SEG_READER_ROLE } from '../../migrations/011_segmentation';
import { ACCOUNT_INPUTS_HASH } from '../../domain/segmentation/catalogue';
import { featureState, joinByIndexOnly, RULE_FEATURE_COLUMNS, SEGMENT_WORK_MEM, type FeatureState } from './features';
import { BadRuleError, loadRuleById, ruleContext, STATUS_COLUMNS } from './rule-store';
import { segmentationSettings } from './settings';

export type RunTrigger = 'schedule' | 'manual' | 'definition_change' | 'backfill';

/** Up to this many membership or score changes, a rule's writes go by index lookups (see below). */
const FEW_CHANGES = 50_000;

export interface RuleRunSummary {
  runId: number; rule: string; version: number; status: 'succeeded' | 'failed';
  candidates: number; entered: number; left: number; kept: number; changed: number; promoted: number; demoted: number;
  timings: Record<string, number>; error?: string;
  /** `incremental`: only the accounts whose inputs changed since the rule's last run were evaluated (`evaluated` of them). */
  mode?: 'full' | 'incremental'; evaluated?: number;
}

/** Codes in rank order (best first) when the rule's values are ordered, else null. */
export function rankedValues(rule: Rule): string[] | null {
  const o = rule.output;
  if (o.kind === 'tier') return o.tiers.map((t) => t.code);
  if (o.kind === 'score' && rule.mode === 'ast' && (rule as AstRule).output.kind === 'score') {
    const s = (rule as AstRule).output;
    if (s.kind === 'score' && s.score.method === 'pareto') return ['A', 'B', 'C'];
  }
  if (o.kind === 'score' && o.bands?.length) return o.bands.map((b) => b.code);
  return null;
}

/**
 * How one rule is evaluated tonight. `scoped`: only the accounts in temp table seg_scope (the
 * changed accounts); `ctx`: the compile context, with the features it may read instead of facts.
 */
export interface EvaluationPlan {
  ctx?: EvalContext; scoped?: boolean; lazyEvidence?: boolean;
  /** Already compiled (ABC: with tonight's cut-offs in place of the ranking). */
  compiled?: CompiledRule;
  /** A status rule's account column: each candidate also says whether the field differs from its value. */
  statusColumn?: string;
}

/** The SELECT (account_id, value, score, evidence) of a rule as of a date. */
export async function candidateQuery(rule: Rule, asOf: string, plan: EvaluationPlan = {}): Promise<{ query: Sql; sqlMode: boolean }> {
  if (rule.mode === 'sql') {
    await loadSqlParser();
    const check = checkSqlRule(rule.sql);
    if (!check.ok) throw new BadRuleError(`rule ${rule.code}: ${check.error}`);
    const bands = rule.output.kind === 'score' ? rule.output.bands : undefined;
    const score = rule.output.kind === 'score' ? raw(`(to_jsonb(q) ->> 'value')::numeric`) : raw('NULL::numeric');
    const value = bands?.length
      ? sql`CASE ${raw(bands.map(() => `WHEN ${score.text} >= ?::numeric THEN ?::text`).join(' '))} END`
      : raw('NULL::text');
    const bound = new Sql(value.text, bands?.length ? bands.flatMap((b) => [b.min, b.code]) : []);
    // The admin's SELECT, validated above, is the only text not written here: it runs as a subquery.
    const text = `SELECT DISTINCT ON (q.account_id) q.account_id::uuid AS account_id, ${bound.text} AS value, ${score.text} AS score, to_jsonb(q) - 'account_id' AS evidence FROM (\n${check.sql}\n) q WHERE q.account_id IS NOT NULL`;
    return { query: new Sql(text, bound.values), sqlMode: true };
  }
  const compiled = plan.compiled ?? compileRule(rule as AstRule, plan.ctx ?? ruleContext(rule, asOf));
  if (!plan.scoped && !plan.lazyEvidence && !plan.statusColumn) return { query: compiled.candidates, sqlMode: false };
  // The same SELECT as compiled.candidates (ABC: classes from cut-offs, no ranking), on the changed
  // accounts, or without evidence (filled in later for the rows that need it: fillEvidence).
  const evidence = plan.lazyEvidence ? raw('NULL::jsonb') : compiled.evidence;
  const scope = plan.scoped ? raw(' AND a.id IN (SELECT account_id FROM pg_temp.seg_scope)') : raw('');
  const differs = plan.statusColumn ? sql`, a.${raw(plan.statusColumn)} IS DISTINCT FROM (${compiled.value}) AS differs` : raw('');
  const query = sql`SELECT a.id AS account_id, ${compiled.value} AS value, ${compiled.score ?? raw('NULL::numeric')} AS score, ${evidence} AS evidence${differs}
    ${compiled.from} WHERE ${compiled.base} AND ${compiled.match}${scope}`;
  return { query, sqlMode: false };
}

/** Fills temp table seg_cand; for SQL rules as the read-only role under a timeout it cannot lift. */
export async function fillCandidates(trx: Knex.Transaction, rule: Rule, asOf: string, plan: EvaluationPlan = {}): Promise<number> {
  const s = segmentationSettings();
  // differs: status rules only, whether the account's field differs from the value.
  await trx.raw('CREATE TEMP TABLE seg_cand (account_id uuid PRIMARY KEY, value text, score numeric, evidence jsonb, held boolean NOT NULL DEFAULT false, differs boolean) ON COMMIT DROP');
  const { query, sqlMode } = await candidateQuery(rule, asOf, plan);
  const differs = !sqlMode && plan.statusColumn ? ', differs' : '';
  const insert = `INSERT INTO pg_temp.seg_cand (account_id, value, score, evidence${differs}) SELECT account_id, value, score, evidence${differs} FROM (${query.text}) c`;
  if (!sqlMode) {
    const r = await trx.raw(insert, query.values as Knex.RawBinding[]);
    return r.rowCount ?? 0;
  }
  await trx.raw(`GRANT INSERT ON pg_temp.seg_cand TO ${SEG_READER_ROLE}`);
  await trx.raw(`SELECT set_config('crmhub.as_of', ?, true)`, [asOf]);
  await trx.raw(`SET LOCAL statement_timeout = ${Math.floor(s.sqlRuleTimeoutMs)}`);
  await trx.raw('SET LOCAL search_path = seg');
  await trx.raw(`SET LOCAL ROLE ${SEG_READER_ROLE}`);
  let n: number;
  try {
    n = (await trx.raw(insert, query.values as Knex.RawBinding[])).rowCount ?? 0;
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === '57014') throw new BadRuleError(`rule ${rule.code}: cancelled after ${s.sqlRuleTimeoutMs} ms (statement timeout)`);
    throw new BadRuleError(`rule ${rule.code}: ${e.message}`);
  }
  await trx.raw('RESET ROLE');
  await trx.raw('SET LOCAL search_path = public');
  await trx.raw(`SET LOCAL statement_timeout = ${Math.floor(s.statementTimeoutMs)}`);
  return n;
}

async function applyTierPolicy(trx: Knex.Transaction, rule: Rule, ruleId: number, asOf: string, scoped: boolean): Promise<number> {
  if (rule.output.kind !== 'tier') return 0;
  const out = rule.output;
  const tiers = out.tiers.map((t) => t.code);
  // Only members the data would move down (or out): few per night.
  const rows = (await trx.raw(`SELECT m.account_id, m.value, m.entered_on::text AS entered_on, coalesce(m.last_qualified_on, m.entered_on)::text AS last_qualified_on, c.value AS cand
      FROM segment_memberships m LEFT JOIN pg_temp.seg_cand c ON c.account_id = m.account_id
     WHERE m.rule_id = ? AND m.left_at IS NULL AND array_position(?::text[], m.value) IS NOT NULL${scoped ? ' AND m.account_id IN (SELECT account_id FROM pg_temp.seg_scope)' : ''}
       AND (c.value IS NULL OR array_position(?::text[], c.value) > array_position(?::text[], m.value))`, [ruleId, tiers, tiers, tiers])).rows as { account_id: string; value: string; entered_on: string; last_qualified_on: string; cand: string | null }[];
  const ids: string[] = [];
  const values: string[] = [];
  for (const r of rows) {
    const candIdx = r.cand === null ? null : tiers.indexOf(r.cand);
    const keep = decideTier({
      tierCount: tiers.length, currentIdx: tiers.indexOf(r.value), candidateIdx: candIdx, enteredOn: r.entered_on, lastQualifiedOn: r.last_qualified_on,
      asOf, policy: out.downgrade, period: out.period, minTenureDays: out.minTenureDays,
    });
    if (keep !== null && keep !== candIdx) {
      ids.push(r.account_id);
      values.push(tiers[keep]!);
    }
  }
  if (ids.length) {
    await trx.raw(`INSERT INTO pg_temp.seg_cand (account_id, value, evidence, held)
                   SELECT id, v, jsonb_build_object('held_by', ?::text), true FROM unnest(?::uuid[], ?::text[]) AS u(id, v)
                   ON CONFLICT (account_id) DO UPDATE SET value = excluded.value, held = true, evidence = seg_cand.evidence || excluded.evidence`,
    [out.downgrade + (out.minTenureDays ? ` (min tenure ${out.minTenureDays} d)` : ''), ids, values]);
  }
  return ids.length;
}

/** The feature columns a compiled rule reads (`f.<column>` in its SQL): its share of the changed set. */
export function featureColumnsRead(compiled: CompiledRule | null): string[] {
  if (!compiled) return [...RULE_FEATURE_COLUMNS];
  const text = [compiled.candidates.text, compiled.value.text, compiled.match.text, compiled.evidence.text, compiled.score?.text ?? ''].join('\n');
  return RULE_FEATURE_COLUMNS.filter((c) => new RegExp(`\\bf\\.${c}\\b`).test(text));
}

/**
 * Features are UNLOGGED (migration 017): a crash recovery empties them, and a rule run before the
 * next refresh would see no account qualify and close every membership. It fails instead.
 */
async function assertFeaturesPresent(db: Knex): Promise<void> {
  const [{ lost }] = (await db.raw(`SELECT NOT EXISTS (SELECT 1 FROM segment_account_features)
      AND EXISTS (SELECT 1 FROM accounts WHERE deleted_at IS NULL) AS lost`)).rows;
  if (lost) throw new BadRuleError('the account features are empty (emptied by a database crash recovery?): run the pass again; its refresh recomputes them in full');
}

/**
 * Full or incremental: a rule re-evaluates only the changed accounts when nothing else can have
 * moved its result since its last run, i.e. that run succeeded with the same version on the
 * previous features generation, this generation was a dirty refresh for this date with no lookup
 * edit, and the rule's result depends on the account's features and fields alone (compile-rule's
 * `incremental`: no window over facts the features do not hold; ABC adds the accounts between two
 * nights' cut-offs).
 */
async function choosePlan(db: Knex, rule: Rule, ruleId: number, version: number, asOf: string, fs: FeatureState | null): Promise<{ plan: EvaluationPlan; reason: string; crossing?: (previousAsOf: string) => Sql; compiled?: CompiledRule; paretoPrevious?: ParetoCutoffs; previousOpen?: number }> {
  if (rule.mode === 'sql') return { plan: {}, reason: 'admin SQL' };
  const base = ruleContext(rule, asOf);
  const ctx: EvalContext = fs && fs.asOf === asOf ? { ...base, features: { asOf: fs.asOf, timezone: fs.timezone, currency: fs.currency } } : base;
  const compiled = compileRule(rule as AstRule, ctx);
  // Evidence (a jsonb per candidate) is wanted only for the rows that enter, move or change a
  // score: computed after the diff when that is cheap, i.e. the rule reads accounts and features
  // only. Tiers keep it inline (the downgrade policy merges into it; few candidates anyway).
  const out = rule.output;
  const lazyEvidence = compiled.factJoins === 0 && (compiled.nodes.some((n) => n.operand) || Boolean(compiled.pareto)) && out.kind !== 'tier';
  const full = (reason: string) => ({ plan: { ctx, lazyEvidence }, reason, compiled });
  if (!compiled.incremental.eligible) return full(compiled.incremental.reason);
  if (!fs || fs.asOf !== asOf || fs.mode !== 'dirty') return full('features refreshed in full');
  if (fs.lookupsChanged) return full('lookups changed');
  const last = await db('segment_runs').where({ rule_id: ruleId, status: 'succeeded' }).orderBy('id', 'desc').first('rule_version', 'features_generation', 'as_of', 'pareto_cutoffs', 'kept_count', 'entered_count', 'changed_count');
  if (!last || last.rule_version !== version || Number(last.features_generation) !== fs.generation - 1 || String(last.as_of) !== fs.previousAsOf) {
    return full('not evaluated at the previous generation');
  }
  if (compiled.pareto && !last.pareto_cutoffs) return full('no cut-offs from the previous run');
  return { plan: { ctx, scoped: true, lazyEvidence }, reason: 'changed accounts', crossing: compiled.incremental.crossing, compiled, paretoPrevious: last.pareto_cutoffs ?? undefined,
    previousOpen: [last.kept_count, last.entered_count, last.changed_count].every((n) => n !== null && n !== undefined) ? Number(last.kept_count) + Number(last.entered_count) + Number(last.changed_count) : undefined };
}

export async function evaluateRule(db: Knex, input: { passId: number; ruleId: number; trigger: RunTrigger }): Promise<RuleRunSummary> {
  const pass = await db('segment_passes').where({ id: input.passId }).first();
  if (!pass) throw new BadRuleError(`no segmentation pass ${input.passId}`);
  const asOf = typeof pass.as_of === 'string' ? pass.as_of : (pass.as_of as Date).toISOString().slice(0, 10);
  const stored = await loadRuleById(db, input.ruleId);
  const rule = stored.definition;
  const prev = await db('segment_runs').where({ rule_id: stored.id, status: 'succeeded' }).orderBy('id', 'desc').first('rule_version');
  const versionChanged = Boolean(prev && prev.rule_version !== stored.version);
  const trigger: RunTrigger = versionChanged && input.trigger !== 'backfill' ? 'definition_change' : input.trigger;
  const fs = await featureState(db);
  const [{ id: runId }] = await db('segment_runs').insert({
    pass_id: input.passId, rule_id: stored.id, rule_version: stored.version, as_of: asOf, trigger, features_generation: fs && fs.asOf === asOf ? fs.generation : null,
  }).returning('id');
  const timings: Record<string, number> = {};
  const lap = (() => {
    let t = Date.now();
    return (name: string) => {
      const now = Date.now();
      timings[name] = now - t;
      t = now;
    };
  })();
  let mode: 'full' | 'incremental' = 'full';
  try {
    // A first run writes a membership and a metric per account: the next rule's diff must not plan
    // on the statistics of an empty table (fresh-statistics.ts).
    await analyzeIfStale(db, ['segment_memberships', 'account_metrics']);
    if (fs) await assertFeaturesPresent(db);
    const { plan, crossing, compiled: compiledRule, paretoPrevious, previousOpen } = await choosePlan(db, rule, stored.id, stored.version, asOf, fs);
    let compiled = compiledRule;
    const scoped = Boolean(plan.scoped);
    mode = scoped ? 'incremental' : 'full';
    if (rule.mode !== 'sql' && rule.output.kind === 'status') plan.statusColumn = STATUS_COLUMNS[rule.output.field];
    const summary = await db.transaction(async (trx) => {
      await trx.raw(`SET LOCAL statement_timeout = ${Math.floor(segmentationSettings().statementTimeoutMs)}`);
      await trx.raw(`SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'`);
      let evaluated: number | undefined;
      let cutoffs: ParetoCutoffs | null = null;
      let evidenceOfCandidate: Sql | null = null;
      if (compiled?.pareto) {
        // ABC: tonight's cut-offs (one sort of the ranked accounts), then every class is a comparison.
        const p = compiled.pareto;
        cutoffs = paretoCutoffsOf(p.a, p.b, (await trx.raw(p.cutoffsQuery.text, p.cutoffsQuery.values as Knex.RawBinding[])).rows);
        const c = p.classify(cutoffs);
        compiled = { ...compiled, value: c.value, score: c.score, evidence: c.evidence,
          candidates: sql`SELECT a.id AS account_id, ${c.value} AS value, ${c.score} AS score, ${c.evidence} AS evidence ${compiled.from} WHERE ${compiled.base} AND ${compiled.match}` };
        plan.compiled = compiled;
        evidenceOfCandidate = c.evidenceOfCandidate;
        lap('cut-offs');
      }
      if (scoped) {
        // The changed accounts, those the calendar alone moves (RFM recency), and tier members held
        // up by the downgrade policy (one step a night until they reach what the data says).
        // Changed accounts: those whose fields changed (columns NULL) or whose changes touch a
        // feature column this rule reads.
        const parts = [sql`SELECT account_id FROM segment_changed_accounts WHERE columns IS NULL OR columns && ${featureColumnsRead(compiled ?? null)}::text[]`];
        if (crossing && fs?.previousAsOf) parts.push(sql`SELECT f.account_id FROM segment_account_features f WHERE ${crossing(fs.previousAsOf)}`);
        if (rule.output.kind === 'tier') parts.push(sql`SELECT account_id FROM segment_memberships WHERE rule_id = ${stored.id} AND left_at IS NULL AND evidence ->> 'held_by' IS NOT NULL`);
        // ABC: the accounts between last night's cut-offs and tonight's change class without changing.
        if (compiled?.pareto && paretoPrevious && cutoffs) parts.push(sql`SELECT f.account_id FROM segment_account_features f WHERE ${compiled.pareto.between(paretoPrevious, cutoffs)}`);
        const scope = sql`CREATE TEMP TABLE seg_scope ON COMMIT DROP AS ${Sql.join(parts, ' UNION ')}`;
        evaluated = (await trx.raw(scope.text, scope.values as Knex.RawBinding[])).rowCount ?? 0;
        // Indexed, so that no plan can scan the scope once per row of the other side: with a rule's
        // members estimated at one row (a rule new since the last ANALYZE: its id is not among the
        // statistics' common values), the planner chose a nested loop over 124k members × a seq
        // scan of 75k scope rows, and the diff ran into the statement timeout (measured at 1M).
        await trx.raw('CREATE UNIQUE INDEX ON pg_temp.seg_scope (account_id)');
        await trx.raw('ANALYZE pg_temp.seg_scope');
        lap('scope');
      }
      const onScope = scoped ? ' AND account_id IN (SELECT account_id FROM pg_temp.seg_scope)' : '';
      const candidates = await fillCandidates(trx, rule, asOf, plan);
      await trx.raw('ANALYZE pg_temp.seg_cand');
      lap('candidates');
      if (!versionChanged) await applyTierPolicy(trx, rule, stored.id, asOf, scoped);
      lap('policy');
      const isTag = rule.output.kind === 'tag';
      const member = isTag ? raw('true') : raw('c.value IS NOT NULL');
      const ranked = rankedValues(rule);
      const leftReason = versionChanged ? 'rule_changed' : 'no_match';
      // One pass over the open members and the candidates finds the differences (usually few);
      // every statement after it touches only those rows.
      const diffRows = (await trx.raw(`CREATE TEMP TABLE seg_diff ON COMMIT DROP AS
          SELECT coalesce(m.account_id, c.account_id) AS account_id, m.id AS membership_id, m.value AS old_value, c.account_id IS NOT NULL AS has_cand
            FROM (SELECT id, account_id, value FROM segment_memberships WHERE rule_id = ? AND left_at IS NULL${onScope}) m
            FULL JOIN (SELECT account_id, value FROM pg_temp.seg_cand c WHERE ${member.text}) c ON c.account_id = m.account_id
           WHERE m.id IS NULL OR c.account_id IS NULL OR c.value IS DISTINCT FROM m.value`, [stored.id])).rowCount ?? 0;
      await trx.raw('ANALYZE pg_temp.seg_diff');
      let scoreChanges = 0;
      if (rule.output.kind === 'score') {
        // The scores that changed and the ones that are gone, in one pass over the rule's metrics
        // (most scores hold overnight): only these rows are written or deleted.
        scoreChanges = (await trx.raw(`CREATE TEMP TABLE seg_score_changes ON COMMIT DROP AS
            SELECT coalesce(c.account_id, m.account_id) AS account_id, c.account_id IS NOT NULL AS has_score
              FROM (SELECT account_id, score FROM pg_temp.seg_cand WHERE score IS NOT NULL) c
              FULL JOIN (SELECT account_id, value FROM account_metrics WHERE rule_id = ?${onScope}) m ON m.account_id = c.account_id
             WHERE c.account_id IS NULL OR m.account_id IS NULL OR m.value IS DISTINCT FROM c.score`, [stored.id])).rowCount ?? 0;
        await trx.raw('ANALYZE pg_temp.seg_score_changes');
      }
      // The writes below touch only the differences. When they are few (a normal night), index
      // lookups beat the hash joins the planner prefers: those read every open membership or
      // metric of the rule to change a few thousand (1M rows read for 13k written; measured).
      const fewChanges = Math.max(diffRows, scoreChanges) <= FEW_CHANGES;
      if (fewChanges) await joinByIndexOnly(trx, true);
      // Lazy evidence: computed by the statements that write it, for their rows only.
      const lazy = plan.lazyEvidence && compiled ? compiled : null;
      const fromCandidate = lazy ? evidenceOfCandidate : null;
      const evidenceOf = fromCandidate ?? (lazy ? sql`coalesce(${lazy.evidence}, '{}'::jsonb)` : raw(`coalesce(c.evidence, '{}'::jsonb)`));
      const evidenceFrom = lazy && !fromCandidate ? raw(' JOIN accounts a ON a.id = c.account_id LEFT JOIN segment_account_features f ON f.account_id = a.id') : raw('');
      const left = (await trx.raw(`UPDATE segment_memberships m SET left_run_id = ?, left_on = ?, left_at = now(),
            left_reason = CASE WHEN EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id AND a.merged_into_id IS NOT NULL) THEN 'entity_merged' ELSE ? END
          FROM pg_temp.seg_diff d WHERE d.membership_id = m.id AND NOT d.has_cand`,
      [runId, asOf, leftReason])).rowCount ?? 0;
      await trx.raw(`UPDATE segment_memberships m SET left_run_id = ?, left_on = ?, left_at = now(), left_reason = 'value_changed'
          FROM pg_temp.seg_diff d WHERE d.membership_id = m.id AND d.has_cand`, [runId, asOf]);
      const transition = ranked
        ? sql`CASE WHEN array_position(${ranked}::text[], c.value) < array_position(${ranked}::text[], d.old_value) THEN 'promotion'
                   WHEN array_position(${ranked}::text[], c.value) > array_position(${ranked}::text[], d.old_value) THEN 'demotion' ELSE 'change' END`
        : raw(`'change'`);
      // Entries and value changes: a value change keeps the previous value and the move's direction.
      const opened = sql`INSERT INTO segment_memberships (rule_id, account_id, value, rule_version, entered_run_id, entered_on, evidence, previous_value, transition, last_qualified_on)
          SELECT ${stored.id}, c.account_id, c.value, ${stored.version}, ${runId}, ${asOf}::date, ${evidenceOf}, d.old_value,
                 CASE WHEN d.membership_id IS NULL THEN NULL ELSE ${transition} END, ${asOf}::date
            FROM pg_temp.seg_diff d JOIN pg_temp.seg_cand c ON c.account_id = d.account_id${evidenceFrom} WHERE d.has_cand RETURNING transition`;
      const openedRows = (await trx.raw(opened.text, opened.values as Knex.RawBinding[])).rows as { transition: string | null }[];
      const movedRows = openedRows.filter((r) => r.transition !== null);
      const entered = openedRows.length - movedRows.length;
      if (rule.output.kind === 'tier' && rule.output.downgrade === 'at_period_end') {
        // Every member that still qualifies (not only the differences): the planner chooses.
        if (fewChanges) await joinByIndexOnly(trx, false);
        await trx.raw(`UPDATE segment_memberships m SET last_qualified_on = ? FROM pg_temp.seg_cand c
            WHERE m.rule_id = ? AND m.left_at IS NULL AND c.account_id = m.account_id AND c.value = m.value AND NOT c.held AND m.last_qualified_on < ?`, [asOf, stored.id, asOf]);
        if (fewChanges) await joinByIndexOnly(trx, true);
      }
      lap('diff');
      if (rule.output.kind === 'score') {
        // ABC: the row keeps the turnover it was ranked by, not the run's cut-offs (they move nightly; segment_runs keeps them).
        const components = compiled?.pareto ? sql`(${lazy ? evidenceOf : raw('c.evidence')}) - 'turnover_last_a' - 'turnover_last_b'` : lazy ? evidenceOf : raw('c.evidence');
        const metrics = sql`INSERT INTO account_metrics (account_id, rule_id, value, components, run_id, as_of)
            SELECT c.account_id, ${stored.id}, c.score, ${components}, ${runId}, ${asOf}::date
              FROM pg_temp.seg_cand c${evidenceFrom} WHERE c.account_id IN (SELECT account_id FROM pg_temp.seg_score_changes WHERE has_score)
            ON CONFLICT (account_id, rule_id) DO UPDATE SET value = excluded.value, components = excluded.components, run_id = excluded.run_id, as_of = excluded.as_of`;
        await trx.raw(metrics.text, metrics.values as Knex.RawBinding[]);
        await trx.raw(`DELETE FROM account_metrics m USING pg_temp.seg_score_changes s WHERE m.rule_id = ? AND m.account_id = s.account_id AND NOT s.has_score`, [stored.id]);
        lap('metrics');
      }
      if (rule.output.kind === 'status') {
        const column = STATUS_COLUMNS[rule.output.field];
        // The rule is crmhub writing (re-applied every night), not a person's edit that syncs must respect.
        await markCrmhubWriter(trx);
        // The candidate query flagged the accounts whose field differs while it read them (status
        // rules are AST rules: the SQL mode has no status output), so only those are looked up.
        // The written rows' new hash and version come back from the UPDATE itself (no second read
        // of 13,000 accounts a night for the hash rows below).
        await trx.raw(`CREATE TEMP TABLE seg_written ON COMMIT DROP AS WITH w AS (UPDATE accounts a SET ${column} = c.value, updated_at = now() FROM pg_temp.seg_cand c
            WHERE c.differs AND c.account_id = a.id AND c.value IS NOT NULL AND a.${column} IS DISTINCT FROM c.value
            RETURNING a.id, ${ACCOUNT_INPUTS_HASH} AS hash, a.xmin AS row_xmin) SELECT id, hash, row_xmin FROM w`);
        if (fs && fs.asOf === asOf) {
          // The pass's own write is not an outside edit: the rules after this one (those reading the
          // field wait for it) see it as a change tonight, and tomorrow's dirty set does not count it again.
          // Accounts with features only: a hash row stands for a features row (features.ts, paired).
          await trx.raw(`INSERT INTO segment_account_hashes (account_id, hash, row_xmin) SELECT w.id, w.hash, w.row_xmin FROM pg_temp.seg_written w
              WHERE EXISTS (SELECT 1 FROM segment_account_features f WHERE f.account_id = w.id)
              ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, row_xmin = excluded.row_xmin`);
          await trx.raw('INSERT INTO segment_changed_accounts (account_id, columns) SELECT id, NULL FROM pg_temp.seg_written ON CONFLICT (account_id) DO UPDATE SET columns = NULL');
        }
        lap('status');
      }
      // Every member candidate now has exactly one open row. Incremental: members outside the
      // changed accounts kept theirs, so the open rows are the previous run's plus the entries
      // less the leaves (a value change closes one row and opens another). Only rule runs write
      // memberships, each in one transaction with its counts, and the scoped plan requires that
      // previous run to be this rule's last; counting instead reads every open row of the rule
      // (0.5 s a rule at 1M members, measured). A full run counts its candidates.
      const [{ open }] = scoped && previousOpen !== undefined
        ? [{ open: previousOpen + entered - left }]
        : scoped
          ? (await trx.raw('SELECT count(*)::int AS open FROM segment_memberships WHERE rule_id = ? AND left_at IS NULL', [stored.id])).rows
          : (await trx.raw(`SELECT count(*)::int AS open FROM pg_temp.seg_cand c WHERE ${member.text}`)).rows;
      const changed = movedRows.length;
      const counts = {
        candidates, entered, left, changed, kept: open - entered - changed,
        promoted: movedRows.filter((r) => r.transition === 'promotion').length, demoted: movedRows.filter((r) => r.transition === 'demotion').length,
      };
      await trx('segment_runs').where({ id: runId }).update({
        status: 'succeeded', candidates_count: counts.candidates, entered_count: counts.entered, left_count: counts.left, kept_count: counts.kept,
        changed_count: counts.changed, promoted_count: counts.promoted, demoted_count: counts.demoted, timings: JSON.stringify(timings), finished_at: trx.fn.now(),
        mode, evaluated_count: evaluated ?? null, pareto_cutoffs: cutoffs ? JSON.stringify(cutoffs) : null,
      });
      return { ...counts, evaluated };
    });
    // Statistics of what this run made stale, refreshed by the run that made them so (a first run
    // writes a membership or score per account, a status rule may rewrite every account): the rules
    // after it in this pass, and tomorrow's, then plan on them without paying for it themselves.
    // Timed apart from the rule's own phases.
    const t = Date.now();
    const analyzed = await analyzeIfStale(db, rule.output.kind === 'status' ? ['segment_memberships', 'account_metrics', 'accounts', 'segment_account_hashes'] : ['segment_memberships', 'account_metrics']);
    if (analyzed.length) timings.analyze = Date.now() - t;
    return { runId, rule: stored.code, version: stored.version, status: 'succeeded', ...summary, timings, mode };
  } catch (err) {
    const message = (err as Error).message;
    await db('segment_runs').where({ id: runId }).update({ status: 'failed', error: message.slice(0, 2000), finished_at: db.fn.now(), timings: JSON.stringify(timings), mode });
    // A rule whose SQL cannot run (a type error, a division by zero, a timeout) fails the same way
    // on a retry: not retryable. Lost connections and deadlocks are retried.
    const code = (err as { code?: string }).code ?? '';
    if (/^(42|22)/.test(code) || code === '57014') throw new BadRuleError(`rule ${stored.code}: ${message}`);
    throw err;
  }
}
