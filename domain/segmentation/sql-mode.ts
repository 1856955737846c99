/**
 * Admin SQL mode: one SELECT returning account_id (and optional columns: `value` for a score,
 * anything else becomes evidence), checked with the real PostgreSQL parser (libpg-query, WASM)
 * against an allowlist before it runs. The allowlist is of node types, relations and functions:
 * anything not listed is refused, so a construct the parser learns later is refused too.
 *
 * This is the first of three layers: the query then runs as the read-only role
 * `crmhub_seg_reader` (SELECT on the `seg` views only), with SET LOCAL statement_timeout and
 * search_path, over the extended protocol (one command). See activities/segmentation/sql-rule.ts.
 */
import type * as PgQuery from 'libpg-query';

// libpg-query instantiates its WASM (128 MB of reserved memory, ~10 MB RSS, measured) as soon as
// it is required; only rule checks need it, so commands that never check a rule never load it.
let parser: typeof PgQuery | null = null;

export const SEG_VIEWS = ['accounts', 'features', 'invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities', 'site_visits', 'contacts', 'context'] as const;

const FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'percentile_disc', 'percentile_cont', 'mode',
  'round', 'floor', 'ceil', 'ceiling', 'abs', 'sign', 'trunc', 'div', 'mod', 'power', 'sqrt', 'ln', 'log', 'exp',
  'date_trunc', 'date_part', 'extract', 'age', 'make_date', 'make_interval', 'to_char', 'now', 'justify_days',
  'lower', 'upper', 'length', 'btrim', 'ltrim', 'rtrim', 'substring', 'substr', 'position', 'strpos', 'starts_with', 'concat', 'left', 'right', 'replace',
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value',
]);

const TYPES = new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'int', 'bigint', 'numeric', 'decimal', 'float4', 'float8', 'real', 'text', 'varchar', 'bpchar', 'bool', 'boolean', 'date', 'timestamp', 'timestamptz', 'interval', 'uuid']);

const NODE_TYPES = new Set([
  'RawStmt', 'SelectStmt', 'ResTarget', 'ColumnRef', 'String', 'A_Const', 'Integer', 'Float', 'Boolean', 'A_Expr', 'BoolExpr', 'FuncCall',
  'RangeVar', 'JoinExpr', 'SortBy', 'A_Star', 'NullTest', 'BooleanTest', 'CaseExpr', 'CaseWhen', 'CoalesceExpr', 'MinMaxExpr', 'SubLink',
  'RangeSubselect', 'CommonTableExpr', 'TypeCast', 'TypeName', 'WindowDef', 'A_ArrayExpr', 'List', 'Alias', 'GroupingSet', 'SQLValueFunction',
]);

const SQL_VALUE_FUNCTIONS = new Set(['SVFOP_CURRENT_DATE', 'SVFOP_CURRENT_TIMESTAMP']);

export type SqlCheck = { ok: true; sql: string } | { ok: false; error: string };

let loaded: Promise<void> | null = null;
export function loadSqlParser(): Promise<void> {
  loaded ??= (async () => {
    const module = require('libpg-query') as typeof PgQuery;
    await module.loadModule();
    parser = module;
  })();
  return loaded;
}

type Json = Record<string, unknown>;
const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((n) => ((n as Json).String as Json | undefined)?.sval as string).filter((s) => s !== undefined) : []);

/** Call loadSqlParser() once before. */
export function checkSqlRule(text: string): SqlCheck {
  const cleaned = text.trim().replace(/;+\s*$/, '');
  if (!parser) throw new Error('loadSqlParser() was not awaited before checkSqlRule()');
  let tree: Json;
  try {
    tree = parser.parseSync(cleaned) as Json;
  } catch (err) {
    return { ok: false, error: `not valid SQL: ${(err as Error).message}` };
  }
  const stmts = (tree.stmts as Json[] | undefined) ?? [];
  if (stmts.length !== 1) return { ok: false, error: `exactly one statement is allowed, got ${stmts.length}` };
  const stmt = stmts[0]!.stmt as Json;
  if (!stmt || !('SelectStmt' in stmt)) return { ok: false, error: `only a SELECT is allowed, got ${Object.keys(stmt ?? {})[0] ?? 'nothing'}` };
  const ctes = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'CommonTableExpr') ctes.add(((x as Json).ctename as string).toLowerCase());
        collect(x);
      }
    }
  };
  collect(stmt);
  const problems: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Json)) {
      if (/^[A-Z]/.test(k)) {
        if (!NODE_TYPES.has(k)) {
          problems.push(k === 'RangeFunction' ? 'functions in FROM (generate_series, LATERAL calls) are not allowed' : `${k.replace(/Stmt$/, '')} is not allowed (only plain SELECT expressions)`);
          continue;
        }
        const node = x as Json;
        if (k === 'SelectStmt') {
          if (node.intoClause) problems.push('SELECT INTO is not allowed');
          if (node.lockingClause) problems.push('FOR UPDATE/SHARE is not allowed');
        } else if (k === 'RangeVar') {
          const rel = String(node.relname).toLowerCase();
          const schema = node.schemaname as string | undefined;
          if (schema !== undefined && schema !== 'seg') problems.push(`relation ${schema}.${rel} is not allowed: read the seg views (${SEG_VIEWS.join(', ')})`);
          else if (schema === undefined && !ctes.has(rel) && !(SEG_VIEWS as readonly string[]).includes(rel)) problems.push(`relation ${rel} is not allowed: read the seg views (${SEG_VIEWS.join(', ')})`);
          else if (schema === 'seg' && !(SEG_VIEWS as readonly string[]).includes(rel)) problems.push(`seg.${rel} is not a seg view`);
        } else if (k === 'FuncCall') {
          const n = names(node.funcname);
          const fn = n.at(-1)!.toLowerCase();
          if (n.length > 1 && n[0] !== 'pg_catalog') problems.push(`function ${n.join('.')} is not allowed (schema-qualified)`);
          else if (!FUNCTIONS.has(fn)) problems.push(`function ${fn}() is not allowed`);
        } else if (k === 'TypeName') {
          checkType(node, problems);
        } else if (k === 'TypeCast') {
          checkType(node.typeName as Json, problems);
        } else if (k === 'SQLValueFunction' && !SQL_VALUE_FUNCTIONS.has(String(node.op))) {
          problems.push(`${String(node.op).replace('SVFOP_', '').toLowerCase()} is not allowed`);
        } else if (k === 'CommonTableExpr') {
          const q = node.ctequery as Json;
          if (!q || !('SelectStmt' in q)) problems.push('a WITH query must be a SELECT');
        }
        visit(x);
      } else {
        visit(x);
      }
    }
  };
  visit(stmt);
  if (problems.length) return { ok: false, error: [...new Set(problems)].join('; ') };
  return { ok: true, sql: cleaned };
}

function checkType(t: Json | undefined, problems: string[]): void {
  if (!t) return;
  const n = names(t.names);
  const name = n.at(-1)?.toLowerCase() ?? '';
  if ((n.length > 1 && n[0] !== 'pg_catalog') || !TYPES.has(name)) problems.push(`cast to ${n.join('.')} is not allowed`);
  if (t.arrayBounds) problems.push('array casts are not allowed');
}
