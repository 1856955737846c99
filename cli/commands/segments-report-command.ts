/**
 * `crmhub report segments [--as-of date] [--csv|--json]`: members per tag and tier as of a date
 * (read from the SCD-2 history, so any past date works), entered and left in the last run up to
 * that date, tier transitions since the previous run as a from × to matrix, and turnover 12m per
 * tier. `crmhub segment export <rule> --csv`: the members with key fields and evidence, written for
 * spreadsheets (cells that would run as formulas are neutralised).
 */
import type { Knex } from 'knex';
import { loadRule, ruleContext } from '../../activities/segmentation/rule-store';
import { segmentationSettings } from '../../activities/segmentation/settings';
import { compileRule, type CompiledNode } from '../../domain/segmentation/compile-rule';
import { describeEvidence, formatMoneyMinor } from '../../domain/segmentation/evidence';
import { localDate } from '../../domain/segmentation/windows';
import { csvLine } from '../csv-export';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { UserError } from '../user-error';

const NONE = '(none)';

async function report(db: Knex, asOf: string) {
  const members = (await db.raw(`SELECT r.code AS rule, r.kind, coalesce(m.value, '') AS value, count(*)::int AS members
      FROM segment_memberships m JOIN segment_rules r ON r.id = m.rule_id
     WHERE m.entered_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) AND r.kind IN ('tag','tier','score','status')
     GROUP BY 1, 2, 3 ORDER BY 1, 3`, [asOf, asOf])).rows as { rule: string; kind: string; value: string; members: number }[];
  const lastRuns = (await db.raw(`SELECT DISTINCT ON (r.code) r.code AS rule, s.id AS run, s.as_of::text AS as_of, s.status, s.entered_count AS entered, s.left_count AS left, s.promoted_count AS promoted, s.demoted_count AS demoted,
        (SELECT max(p.as_of)::text FROM segment_runs p WHERE p.rule_id = r.id AND p.status = 'succeeded' AND p.as_of < s.as_of) AS previous_as_of
      FROM segment_runs s JOIN segment_rules r ON r.id = s.rule_id WHERE s.as_of <= ? AND s.status = 'succeeded' ORDER BY r.code, s.as_of DESC, s.id DESC`, [asOf])).rows as Record<string, unknown>[];
  const transitions: { rule: string; from: string; to: string; accounts: number }[] = [];
  for (const r of lastRuns) {
    const rule = await db('segment_rules').where({ code: r.rule }).first('id', 'kind');
    if (rule.kind !== 'tier' || !r.previous_as_of) continue;
    const rows = (await db.raw(`WITH before AS (SELECT account_id, value FROM segment_memberships WHERE rule_id = ? AND entered_on <= ? AND (left_on IS NULL OR left_on > ?)),
                                      after AS (SELECT account_id, value FROM segment_memberships WHERE rule_id = ? AND entered_on <= ? AND (left_on IS NULL OR left_on > ?))
        SELECT coalesce(b.value, ?) AS "from", coalesce(a.value, ?) AS "to", count(*)::int AS accounts
          FROM before b FULL JOIN after a ON a.account_id = b.account_id GROUP BY 1, 2 ORDER BY 1, 2`,
    [rule.id, r.previous_as_of, r.previous_as_of, rule.id, asOf, asOf, NONE, NONE])).rows;
    for (const x of rows) transitions.push({ rule: r.rule as string, ...x });
  }
  const turnover = (await db.raw(`SELECT r.code AS rule, m.value AS tier, count(*)::int AS accounts, coalesce(sum(f.turnover_12m_minor), 0)::bigint AS turnover_12m_minor
      FROM segment_memberships m JOIN segment_rules r ON r.id = m.rule_id LEFT JOIN segment_account_features f ON f.account_id = m.account_id
     WHERE r.kind = 'tier' AND m.entered_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) GROUP BY 1, 2 ORDER BY 1, 4 DESC`, [asOf, asOf])).rows as { rule: string; tier: string; accounts: number; turnover_12m_minor: string }[];
  return { asOf, members, lastRuns, transitions, turnover: turnover.map((t) => ({ ...t, turnover_12m_minor: Number(t.turnover_12m_minor) })) };
}

function matrix(rows: { from: string; to: string; accounts: number }[]): string {
  const labels = [...new Set(rows.flatMap((r) => [r.from, r.to]))].sort((a, b) => (a === NONE ? 1 : b === NONE ? -1 : a.localeCompare(b)));
  const grid = labels.map((f) => ({ 'from \\ to': f, ...Object.fromEntries(labels.map((t) => [t, rows.find((r) => r.from === f && r.to === t)?.accounts ?? 0])) }));
  return table(grid, ['from \\ to', ...labels]);
}

export async function reportSegmentsCommand(o: { asOf?: string; csv?: boolean; json?: boolean }): Promise<number> {
  const asOf = o.asOf ?? localDate(new Date(), segmentationSettings().timezone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UserError(`--as-of takes a date YYYY-MM-DD, got ${asOf}`);
  return withDatabase(async (db) => {
    const r = await report(db, asOf);
    if (o.json) printJson(r);
    else if (o.csv) {
      process.stdout.write(csvLine(['section', 'rule', 'value', 'from', 'to', 'count', 'amount_minor']));
      for (const m of r.members) process.stdout.write(csvLine(['members', m.rule, m.value, '', '', m.members, '']));
      for (const l of r.lastRuns) {
        process.stdout.write(csvLine(['entered', l.rule, '', l.previous_as_of, l.as_of, l.entered, '']));
        process.stdout.write(csvLine(['left', l.rule, '', l.previous_as_of, l.as_of, l.left, '']));
      }
      for (const t of r.transitions) process.stdout.write(csvLine(['transition', t.rule, '', t.from, t.to, t.accounts, '']));
      for (const t of r.turnover) process.stdout.write(csvLine(['turnover_12m', t.rule, t.tier, '', '', t.accounts, t.turnover_12m_minor]));
    } else {
      printLine(`Segments as of ${asOf}`);
      printLine('\nMembers:');
      printLine(table(r.members.map((m) => ({ ...m, value: m.value || '(tag)' })), ['rule', 'kind', 'value', 'members']));
      printLine('\nLast run up to that date (entered / left since the previous run):');
      printLine(table(r.lastRuns, ['rule', 'as_of', 'previous_as_of', 'entered', 'left', 'promoted', 'demoted']));
      for (const rule of [...new Set(r.transitions.map((t) => t.rule))]) {
        printLine(`\nTier transitions of ${rule} since the previous run:`);
        printLine(matrix(r.transitions.filter((t) => t.rule === rule)));
      }
      printLine('\nTurnover 12m per tier:');
      printLine(table(r.turnover.map((t) => ({ ...t, turnover: formatMoneyMinor(t.turnover_12m_minor, segmentationSettings().currency) })), ['rule', 'tier', 'accounts', 'turnover']));
    }
    return 0;
  });
}

export async function segmentExportCommand(code: string, o: { csv?: boolean; json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const stored = await loadRule(db, code);
    if (!stored) throw new UserError(`no rule ${code}: crmhub rules list`);
    const def = stored.definition;
    let nodes: CompiledNode[] = [];
    if (def.mode === 'ast') {
      try {
        nodes = compileRule(def, ruleContext(def, '2000-01-01')).nodes;
      } catch {
        nodes = [];
      }
    }
    const rows = await db('segment_memberships as m').join('accounts as a', 'a.id', 'm.account_id').where('m.rule_id', stored.id).whereNull('m.left_at').orderBy('a.name')
      .select('a.id', 'a.name', 'a.tax_id', 'a.country_code', 'a.city', 'a.category_code', 'a.relationship_type_code', 'm.value', 'm.entered_on', 'm.rule_version', 'm.evidence');
    const out = rows.map((r) => ({ ...r, evidence: describeEvidence(nodes, r.evidence, def.currency).join('; ') }));
    if (o.json) printJson({ rule: code, version: stored.version, members: out });
    else {
      // CSV (the default): RFC 4180, formula-injection safe (cli/csv-export.ts).
      const cols = ['id', 'name', 'tax_id', 'country_code', 'city', 'category_code', 'relationship_type_code', 'value', 'entered_on', 'rule_version', 'evidence'] as const;
      process.stdout.write(csvLine(cols));
      for (const r of out) process.stdout.write(csvLine(cols.map((c) => (r as Record<string, unknown>)[c])));
    }
    return 0;
  });
}
