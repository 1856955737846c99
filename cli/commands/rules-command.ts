/**
 * `crmhub rules list|show|add|preview|run|explain|history|schedule|catalogue` (issue 10). Rules are
 * JSON files (templates in domain/segmentation/templates/). `run` and `schedule` go through
 * Temporal (workflow `segment-rules`, never two at once); preview and explain only read, inside a
 * READ ONLY transaction under a statement timeout.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ScheduleNotFoundError, WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { fillCandidates } from '../../activities/segmentation/evaluate-rule';
import { BadRuleError, loadRule, ruleContext, saveRule } from '../../activities/segmentation/rule-store';
import { segmentationSettings } from '../../activities/segmentation/settings';
import { describeCatalogue } from '../../domain/segmentation/catalogue';
import { compileRule, explainQuery, nodeCountsQuery, type CompiledNode } from '../../domain/segmentation/compile-rule';
import { describeEvidence, describeLeaf, formatMoneyMinor } from '../../domain/segmentation/evidence';
import { parseRule, type AstRule, type Rule } from '../../domain/segmentation/rule-schema';
import { TEMPLATES_DIR, templateFiles } from '../../domain/segmentation/templates';
import { localDate } from '../../domain/segmentation/windows';
import { TASK_QUEUE } from '../../temporal/config';
import { SEGMENT_RULES_SCHEDULE_ID, SEGMENT_RULES_WORKFLOW_ID } from '../../workflows/sync-ids';
import type { SegmentRulesReport } from '../../workflows/segment-rules';
import { withDatabase } from '../database';
import { note, printJson, printLine, table } from '../output';
import { withTemporal } from '../temporal-session';
import { UserError } from '../user-error';

const STALE_HOURS = 26;
const PREVIEW_TIMEOUT_MS = 15_000;

function readRuleFile(file: string): unknown {
  const path = /^[a-z_]+$/.test(file) && !file.endsWith('.json') ? join(TEMPLATES_DIR, `${file}.json`) : file;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read rule ${file}: ${(err as Error).message} (templates: ${templateFiles().map((f) => basename(f, '.json')).join(', ')})`);
  }
}

function userErrors<T>(p: Promise<T>): Promise<T> {
  return p.catch((err) => {
    if (err instanceof BadRuleError) throw new UserError(err.message);
    throw err;
  });
}

function today(): string {
  return localDate(new Date(), segmentationSettings().timezone);
}

export async function rulesListCommand(o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const rows = (await db.raw(`SELECT r.code, r.name, r.kind, r.is_enabled, r.current_version AS version,
        l.as_of::text AS last_as_of, l.status AS last_status, l.error AS last_error, l.finished_at AS last_finished_at,
        s.finished_at AS last_success_at,
        (SELECT count(*)::int FROM segment_memberships m WHERE m.rule_id = r.id AND m.left_at IS NULL) AS members
      FROM segment_rules r
      LEFT JOIN LATERAL (SELECT * FROM segment_runs x WHERE x.rule_id = r.id ORDER BY x.id DESC LIMIT 1) l ON true
      LEFT JOIN LATERAL (SELECT finished_at FROM segment_runs x WHERE x.rule_id = r.id AND x.status = 'succeeded' ORDER BY x.id DESC LIMIT 1) s ON true
      ORDER BY r.code`)).rows as Record<string, unknown>[];
    const now = Date.now();
    const out = rows.map((r) => {
      const ageHours = r.last_success_at ? (now - new Date(r.last_success_at as string).getTime()) / 3_600_000 : null;
      return {
        code: r.code, name: r.name, kind: r.kind, enabled: r.is_enabled, version: r.version, members: r.members,
        lastAsOf: r.last_as_of ?? null, lastStatus: r.last_status ?? 'never run', lastError: r.last_error ?? null,
        lastSuccessAt: r.last_success_at ? new Date(r.last_success_at as string).toISOString() : null,
        ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
        stale: Boolean(r.is_enabled) && (ageHours === null || ageHours > STALE_HOURS),
      };
    });
    if (o.json) printJson({ rules: out, staleAfterHours: STALE_HOURS });
    else if (!out.length) printLine(`No rules yet: crmhub rules add <file.json> (templates: ${templateFiles().map((f) => basename(f, '.json')).join(', ')})`);
    else {
      printLine(table(out.map((r) => ({ ...r, flag: r.stale ? `STALE (> ${STALE_HOURS} h)` : r.lastStatus === 'failed' ? 'FAILED' : '', age: r.ageHours === null ? '' : `${r.ageHours} h`, error: r.lastError ? String(r.lastError).slice(0, 60) : '' })),
        ['code', 'kind', 'enabled', 'version', 'members', 'lastAsOf', 'lastStatus', 'age', 'flag', 'error']));
    }
    return out.some((r) => r.stale || r.lastStatus === 'failed') ? 2 : 0;
  });
}

export async function rulesShowCommand(code: string, o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const rule = await loadRule(db, code);
    if (!rule) throw new UserError(`no rule ${code}: crmhub rules list`);
    const versions = await db('segment_rule_versions').where({ rule_id: rule.id }).orderBy('version').select('version', 'mode', 'sql_hash', 'created_by', 'created_at');
    const runs = await db('segment_runs').where({ rule_id: rule.id }).orderBy('id', 'desc').limit(10)
      .select('id', 'as_of', 'rule_version', 'trigger', 'status', 'candidates_count', 'entered_count', 'left_count', 'kept_count', 'changed_count', 'promoted_count', 'demoted_count', 'error', 'timings');
    const current = await db('segment_rule_versions').where({ rule_id: rule.id, version: rule.version }).first('compiled_sql');
    if (o.json) printJson({ code, name: rule.name, kind: rule.kind, enabled: rule.isEnabled, version: rule.version, definition: rule.definition, compiledSql: current?.compiled_sql, versions, runs });
    else {
      printLine(`${rule.code} — ${rule.name} (${rule.kind}, v${rule.version}${rule.isEnabled ? '' : ', disabled'})`);
      printLine(JSON.stringify(rule.definition, null, 2));
      printLine('\nVersions:');
      printLine(table(versions.map((v) => ({ ...v, created_at: new Date(v.created_at).toISOString(), sql_hash: String(v.sql_hash).slice(0, 12) })), ['version', 'mode', 'sql_hash', 'created_by', 'created_at']));
      printLine('\nLast runs:');
      printLine(table(runs.map((r) => ({ run: r.id, as_of: r.as_of, v: r.rule_version, trigger: r.trigger, status: r.status, candidates: r.candidates_count, entered: r.entered_count, left: r.left_count, kept: r.kept_count, moved: r.changed_count, error: r.error ?? '' })),
        ['run', 'as_of', 'v', 'trigger', 'status', 'candidates', 'entered', 'left', 'kept', 'moved', 'error']));
    }
    return 0;
  });
}

export async function rulesCatalogueCommand(o: { json?: boolean }): Promise<number> {
  const c = describeCatalogue();
  if (o.json) printJson(c);
  else {
    printLine(table(c.fields, ['key', 'type', 'label']));
    printLine('');
    printLine(table(c.facts.map((f) => ({ ...f, measures: f.measures.join(', '), fields: f.fields.join(', '), window: f.window ? 'yes' : 'no' })), ['key', 'measures', 'fields', 'window']));
  }
  return 0;
}

async function startPass(db: Knex, args: { trigger: 'manual' | 'definition_change'; rules?: string[]; asOf?: string; full?: boolean }, quiet?: boolean): Promise<SegmentRulesReport> {
  return withTemporal(db, async (t) => {
    const handle = await t.client.workflow.start('segmentRules', {
      taskQueue: t.taskQueue, workflowId: SEGMENT_RULES_WORKFLOW_ID, args: [args], workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    }).catch((err: Error) => {
      if (/already started|already running/i.test(err.message)) throw new UserError('a segmentation pass is running (the schedule\'s or another terminal\'s): wait for it, it will be in `crmhub rules list`');
      throw err;
    });
    try {
      return (await handle.result()) as SegmentRulesReport;
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new UserError(`segmentation pass failed: ${(err.cause?.cause as Error | undefined)?.message ?? err.cause?.message ?? err.message}`);
      throw err;
    }
  }, { quiet });
}

function printPass(r: SegmentRulesReport): void {
  printLine(`Pass ${r.passId} as of ${r.asOf}: ${r.status}. Features: ${r.features.mode}, ${r.features.accounts} accounts, ${r.features.ms} ms.`);
  printLine(table(r.rules.map((x) => ({ ...x, ms: x.timings ? Object.values(x.timings).reduce((a, b) => a + b, 0) : '', error: x.error ?? '' })),
    ['rule', 'status', 'mode', 'evaluated', 'candidates', 'entered', 'left', 'kept', 'changed', 'promoted', 'demoted', 'ms', 'error']));
}

export async function rulesAddCommand(file: string, o: { json?: boolean; run?: boolean; by?: string }): Promise<number> {
  const def = readRuleFile(file);
  return withDatabase(async (db) => {
    const saved = await userErrors(saveRule(db, def, { by: o.by ?? process.env.USER }));
    let pass: SegmentRulesReport | null = null;
    // A new version starts a run of that rule: members that no longer match leave with rule_changed.
    if (!saved.unchanged && o.run !== false) pass = await startPass(db, { trigger: 'definition_change', rules: [saved.code] }, o.json);
    if (o.json) printJson({ ...saved, pass });
    else {
      printLine(saved.unchanged ? `Rule ${saved.code} unchanged (v${saved.version}).` : `Rule ${saved.code} saved as v${saved.version}${saved.created ? ' (new rule)' : ''}.`);
      if (pass) printPass(pass);
    }
    return pass?.status === 'failed' ? 1 : 0;
  });
}

export async function rulesRunCommand(o: { rule?: string[]; asOf?: string; full?: boolean; json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const r = await startPass(db, { trigger: 'manual', rules: o.rule, asOf: o.asOf, full: o.full }, o.json);
    if (o.json) printJson(r);
    else printPass(r);
    return r.status === 'succeeded' ? 0 : 1;
  });
}

/** Counts per node, would-enter/leave against current members and 20 samples; writes nothing. */
export async function rulesPreviewCommand(file: string, o: { json?: boolean; asOf?: string }): Promise<number> {
  const parsed = parseRule(readRuleFile(file));
  if (!parsed.ok) throw new UserError(`invalid rule: ${parsed.errors.join('; ')}`);
  const rule = parsed.rule;
  const asOf = o.asOf ?? today();
  return withDatabase(async (db) => {
    const trx = await db.transaction();
    try {
      // Rolled back at the end: nothing persists (a READ ONLY transaction would refuse the temp table).
      await trx.raw(`SET LOCAL statement_timeout = ${PREVIEW_TIMEOUT_MS}`);
      const featuresAsOf = (await trx('segment_feature_state').where({ id: 1 }).first('as_of'))?.as_of ?? null;
      let nodes: (CompiledNode & { count?: number })[] = [];
      let accounts: number | null = null;
      if (rule.mode === 'ast') {
        if (rule.output.kind === 'score' && rule.output.score.method === 'rfm' && !rule.output.score.breakpoints) throw new UserError('preview of an RFM rule needs its breakpoints (add it, then rules show prints the frozen ones)');
        const compiled = userCompile(rule, asOf);
        const q = nodeCountsQuery(compiled);
        const row = (await trx.raw(q.text, q.values as Knex.RawBinding[])).rows[0];
        accounts = Number(row.accounts);
        nodes = compiled.nodes.map((n) => ({ ...n, count: Number(row[n.id]) }));
      }
      // Temp tables are allowed in a read-only transaction: the candidates, then the diff.
      await userErrors(fillCandidates(trx, rule, asOf));
      await trx.raw(`SET LOCAL statement_timeout = ${PREVIEW_TIMEOUT_MS}`);
      const existing = await loadRule(trx, rule.code);
      const member = rule.output.kind === 'tag' ? 'true' : 'c.value IS NOT NULL';
      const [{ matched }] = (await trx.raw(`SELECT count(*)::int AS matched FROM pg_temp.seg_cand c WHERE ${member}`)).rows;
      let wouldEnter = matched;
      let wouldLeave = 0;
      if (existing) {
        wouldEnter = (await trx.raw(`SELECT count(*)::int AS n FROM pg_temp.seg_cand c WHERE ${member} AND NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m.rule_id = ? AND m.account_id = c.account_id AND m.left_at IS NULL AND m.value IS NOT DISTINCT FROM c.value)`, [existing.id])).rows[0].n;
        wouldLeave = (await trx.raw(`SELECT count(*)::int AS n FROM segment_memberships m WHERE m.rule_id = ? AND m.left_at IS NULL AND NOT EXISTS (SELECT 1 FROM pg_temp.seg_cand c WHERE c.account_id = m.account_id AND ${member} AND c.value IS NOT DISTINCT FROM m.value)`, [existing.id])).rows[0].n;
      }
      const sample = (await trx.raw(`SELECT a.id, a.name, c.value, c.score, c.evidence FROM pg_temp.seg_cand c JOIN accounts a ON a.id = c.account_id WHERE ${member} ORDER BY c.score DESC NULLS LAST, a.name LIMIT 20`)).rows as { id: string; name: string; value: string | null; score: string | null; evidence: Record<string, unknown> }[];
      const out = {
        rule: rule.code, asOf, featuresAsOf, accounts, matched, wouldEnter, wouldLeave,
        nodes: nodes.map((n) => ({ id: n.id, path: n.path, kind: n.kind, label: n.label, count: n.count })),
        sample: sample.map((s) => ({ id: s.id, name: s.name, value: s.value, score: s.score === null ? null : Number(s.score), evidence: describeEvidence(nodes, s.evidence, rule.currency) })),
      };
      if (o.json) printJson(out);
      else {
        printLine(`Preview of ${rule.code} as of ${asOf} (features as of ${featuresAsOf ?? 'never computed: crmhub rules run'}); nothing written.`);
        printLine(`Matched ${matched}${accounts !== null ? ` of ${accounts} accounts` : ''}; would enter ${wouldEnter}, would leave ${wouldLeave}.`);
        if (nodes.length) printLine(table(out.nodes.map((n) => ({ ...n, label: `${'  '.repeat(n.path.split('.').length - 1)}${n.label}` })), ['id', 'label', 'count']));
        printLine('\nSample:');
        for (const s of out.sample) printLine(`  ${s.name}${s.value ? ` [${s.value}]` : ''}${s.score !== null ? ` score ${s.score}` : ''}: ${s.evidence.join('; ')}`);
      }
      return 0;
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw new UserError(`preview cancelled after ${PREVIEW_TIMEOUT_MS / 1000} s: narrow the rule or run it`);
      throw err;
    } finally {
      await trx.rollback().catch(() => undefined);
    }
  });
}

function userCompile(rule: AstRule, asOf: string) {
  try {
    return compileRule(rule, ruleContext(rule, asOf));
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

async function findAccount(db: Knex, ref: string): Promise<{ id: string; name: string }> {
  const uuid = /^[0-9a-f-]{36}$/i.test(ref);
  const rows = await db('accounts').whereNull('deleted_at').where(uuid ? { id: ref } : { name: ref }).limit(2).select('id', 'name');
  if (!rows.length) throw new UserError(`no account ${ref} (give its id or exact name)`);
  if (rows.length > 1) throw new UserError(`several accounts are named ${ref}: give the id`);
  return rows[0];
}

/** Why an account is in or out of a rule, node by node, as of a date. */
export async function rulesExplainCommand(code: string, accountRef: string, o: { json?: boolean; asOf?: string }): Promise<number> {
  return withDatabase(async (db) => {
    const stored = await loadRule(db, code);
    if (!stored) throw new UserError(`no rule ${code}: crmhub rules list`);
    const account = await findAccount(db, accountRef);
    const asOf = o.asOf ?? today();
    const membership = await db('segment_memberships').where({ rule_id: stored.id, account_id: account.id }).whereNull('left_at').first();
    const rule = stored.definition;
    let result: { matched: boolean; value: string | null; score: number | null; nodes: { id: string; path: string; label: string; ok: boolean; detail: string }[] };
    if (rule.mode === 'ast') {
      const compiled = userCompile(rule as AstRule, asOf);
      const q = explainQuery(compiled, account.id);
      const row = (await db.raw(q.text, q.values as Knex.RawBinding[])).rows[0];
      result = {
        matched: Boolean(row.matched), value: row.value, score: row.score === null ? null : Number(row.score),
        nodes: compiled.nodes.map((n) => ({ id: n.id, path: n.path, label: n.label, ok: Boolean(row[n.id]), detail: n.operand ? describeLeaf(n, row[`v_${n.id}`], rule.currency, row[`r_${n.id}`] ?? undefined) : n.label })),
      };
      if (compiled.pareto && result.matched) {
        // ABC: the class from the share of turnover ranked before the account (what the cut-offs stand for).
        const p = compiled.pareto;
        const sq = p.shareQuery(account.id);
        const s = (await db.raw(sq.text, sq.values as Knex.RawBinding[])).rows[0] as { turnover: string | null; before: string; total: string; share_before: string | null; cls: string | null };
        result.value = s.cls;
        result.score = s.turnover === null ? null : Number(s.turnover);
        result.nodes.push({ id: 'pareto', path: 'pareto', label: 'ABC', ok: s.cls !== null,
          detail: `turnover 12m = ${formatMoneyMinor(Number(s.turnover ?? 0), rule.currency)}; ranked before it ${formatMoneyMinor(Number(s.before), rule.currency)} of ${formatMoneyMinor(Number(s.total), rule.currency)} (share ${s.share_before}): A while < ${p.a}, B while < ${p.b}` });
      }
    } else {
      const row = (await db.transaction(async (trx) => {
        await fillCandidates(trx, rule, asOf);
        return (await trx.raw('SELECT value, score, evidence FROM pg_temp.seg_cand WHERE account_id = ?', [account.id])).rows[0];
      })) as { value: string | null; score: string | null; evidence: Record<string, unknown> } | undefined;
      result = { matched: Boolean(row), value: row?.value ?? null, score: row?.score ? Number(row.score) : null, nodes: [{ id: 'sql', path: 'sql', label: 'admin SQL', ok: Boolean(row), detail: row ? JSON.stringify(row.evidence) : 'not returned by the query' }] };
    }
    const out = { rule: code, version: stored.version, account, asOf, ...result, member: membership ? { value: membership.value, since: membership.entered_on, evidence: membership.evidence } : null };
    if (o.json) printJson(out);
    else {
      printLine(`${account.name} is ${result.matched ? 'IN' : 'OUT of'} ${code} v${stored.version} as of ${asOf}${result.value ? ` (${result.value})` : ''}${result.score !== null ? `, score ${result.score}` : ''}.`);
      if (membership) printLine(`Member since ${membership.entered_on} (run ${membership.entered_run_id}, v${membership.rule_version})${membership.value ? ` as ${membership.value}` : ''}.`);
      for (const n of result.nodes) printLine(`  ${n.ok ? '✓' : '✗'} ${'  '.repeat(n.path.split('.').length - 1)}${n.detail}`);
    }
    return 0;
  });
}

export async function rulesHistoryCommand(accountRef: string, o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const account = await findAccount(db, accountRef);
    const rows = await db('segment_memberships as m').join('segment_rules as r', 'r.id', 'm.rule_id').where('m.account_id', account.id)
      .orderBy([{ column: 'm.entered_on' }, { column: 'm.id' }])
      .select('r.code', 'm.value', 'm.rule_version', 'm.entered_on', 'm.entered_run_id', 'm.previous_value', 'm.transition', 'm.left_on', 'm.left_reason', 'm.evidence', 'm.rule_id');
    const nodesByRule = new Map<number, { nodes: CompiledNode[]; currency: string }>();
    const out = [];
    for (const r of rows) {
      if (!nodesByRule.has(r.rule_id)) {
        const v = await db('segment_rule_versions').where({ rule_id: r.rule_id, version: r.rule_version }).first('definition');
        const def = v.definition as Rule;
        let nodes: CompiledNode[] = [];
        try {
          if (def.mode === 'ast' && !(def.output.kind === 'score' && def.output.score.method === 'rfm' && !def.output.score.breakpoints)) nodes = compileRule(def, ruleContext(def, r.entered_on)).nodes;
        } catch {
          nodes = [];
        }
        nodesByRule.set(r.rule_id, { nodes, currency: def.currency });
      }
      const c = nodesByRule.get(r.rule_id)!;
      out.push({ rule: r.code, value: r.value, version: r.rule_version, entered: r.entered_on, run: r.entered_run_id, from: r.previous_value, transition: r.transition, left: r.left_on, reason: r.left_reason, evidence: describeEvidence(c.nodes, r.evidence, c.currency) });
    }
    if (o.json) printJson({ account, history: out });
    else {
      printLine(`${account.name}: ${out.length} membership rows.`);
      printLine(table(out.map((h) => ({ ...h, value: h.value ?? '', move: h.transition ? `${h.transition} from ${h.from}` : '', evidence: h.evidence.join('; ') })),
        ['rule', 'value', 'version', 'entered', 'left', 'reason', 'move', 'evidence']));
    }
    return 0;
  });
}

export async function rulesScheduleCommand(o: { cron?: string; timezone?: string; delete?: boolean; show?: boolean; json?: boolean }): Promise<number> {
  return withDatabase((db) => withTemporal(db, async (t) => {
    if (t.serverKind === 'ephemeral') throw new UserError('schedules live on a Temporal server that stays up: run `crmhub dev` (or set TEMPORAL_ADDRESS with `crmhub worker`s) and try again');
    const handle = t.client.schedule.getHandle(SEGMENT_RULES_SCHEDULE_ID);
    if (o.delete) {
      await handle.delete().catch((err) => {
        if (err instanceof ScheduleNotFoundError) throw new UserError('no rules schedule');
        throw err;
      });
      if (o.json) printJson({ deleted: true });
      else printLine('Rules schedule deleted.');
      return 0;
    }
    if (!o.cron) {
      const d = await handle.describe().catch((err) => {
        if (err instanceof ScheduleNotFoundError) throw new UserError('no rules schedule: crmhub rules schedule --cron "0 3 * * *" --timezone Europe/Madrid');
        throw err;
      });
      const out = { scheduleId: SEGMENT_RULES_SCHEDULE_ID, paused: d.state.paused, spec: d.spec, next: d.info.nextActionTimes[0]?.toISOString() ?? null };
      if (o.json) printJson(out);
      else printLine(`Rules schedule: ${JSON.stringify(d.spec.calendars ?? d.spec)}; next ${out.next}.`);
      return 0;
    }
    if (o.timezone && !Intl.supportedValuesOf('timeZone').includes(o.timezone) && o.timezone !== 'UTC') throw new UserError(`unknown time zone "${o.timezone}" (an IANA name such as Europe/Madrid)`);
    const options = {
      spec: { cronExpressions: [o.cron], ...(o.timezone ? { timezone: o.timezone } : {}) },
      action: { type: 'startWorkflow' as const, workflowType: 'scheduledSegmentRules', args: [{}], taskQueue: TASK_QUEUE, workflowId: `scheduled-${SEGMENT_RULES_SCHEDULE_ID}` },
      // SKIP: a pass still running when the next one is due is not joined by a second.
      policies: { overlap: 'SKIP' as const, catchupWindow: '6 hours' },
    };
    let created = true;
    await t.client.schedule.create({ scheduleId: SEGMENT_RULES_SCHEDULE_ID, ...options }).catch(async (err: Error) => {
      if (!/already (exists|running)/i.test(err.message)) throw err;
      created = false;
      await handle.update((prev) => ({ ...prev, spec: options.spec, policies: { ...prev.policies, overlap: 'SKIP' } }));
    });
    if (o.json) printJson({ scheduleId: SEGMENT_RULES_SCHEDULE_ID, cron: o.cron, timezone: o.timezone ?? null, created });
    else {
      printLine(`Rules schedule ${created ? 'created' : 'updated'}: cron "${o.cron}"${o.timezone ? ` (${o.timezone})` : ''}, overlap SKIP. Put it after the night's syncs.`);
      note('Runs need a worker: crmhub dev, or crmhub worker.');
    }
    return 0;
  }, { quiet: o.json }));
}
