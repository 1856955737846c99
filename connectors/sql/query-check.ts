/**
 * Is a stream's query one SELECT? A lexical check, dialect-aware for strings and comments, run
 * before anything reaches the server. It is the first of three guards: the reader also wraps the
 * query as a derived table (`SELECT … FROM (<query>) q`, where only a query expression parses) and
 * reads in a read-only session.
 *
 * Why not a full SQL parser: node-sql-parser 5.4 weighs 89 MB unpacked and rejects valid
 * PostgreSQL (E'…' strings) that ERP queries use; the server parses the wrapped query anyway.
 */
import type { SqlClient } from './config';

export type QueryCheck = { ok: true; sql: string } | { ok: false; message: string };

/** Returns the query without a trailing `;`, or why it is not a single SELECT. */
export function checkSingleSelect(query: string, client: SqlClient): QueryCheck {
  const scan = scanTopLevel(query, client);
  if ('error' in scan) return { ok: false, message: scan.error };
  const { semicolons, firstWord } = scan;
  let sql = query;
  if (semicolons.length) {
    const last = semicolons[semicolons.length - 1]!;
    const rest = query.slice(last + 1);
    if (semicolons.length > 1 || !isOnlyTrivia(rest, client)) {
      return { ok: false, message: `must be a single SELECT: found ";" followed by another statement at character ${last + 1}` };
    }
    sql = query.slice(0, last);
  }
  if (!firstWord) return { ok: false, message: 'is empty (only comments)' };
  const word = firstWord.toUpperCase();
  if (word !== 'SELECT' && word !== 'WITH' && word !== '(') {
    return { ok: false, message: `must be a single SELECT, but starts with ${word}` };
  }
  return { ok: true, sql: sql.trimEnd() };
}

interface Scan { semicolons: number[]; firstWord: string | null }

/** Walks the text once, skipping strings, quoted identifiers and comments. */
function scanTopLevel(q: string, client: SqlClient): Scan | { error: string } {
  const semicolons: number[] = [];
  let firstWord: string | null = null;
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    const next = q[i + 1];
    if (c === '-' && next === '-') { i = endOfLine(q, i); continue; }
    if (c === '#' && client === 'mysql') { i = endOfLine(q, i); continue; }
    if (c === '/' && next === '*') {
      const end = client === 'pg' ? endOfNestedComment(q, i) : q.indexOf('*/', i + 2);
      if (end < 0) return { error: 'has an unterminated /* comment' };
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"' || (c === '`' && client === 'mysql')) {
      // PostgreSQL E'…' strings and MySQL strings treat backslash as an escape.
      const backslash = client === 'mysql' ? c !== '`' : c === "'" && /[eE]$/.test(q.slice(Math.max(0, i - 1), i)) && !/[\w$]/.test(q[i - 2] ?? '');
      const end = endOfQuoted(q, i, c, backslash);
      if (end < 0) return { error: `has an unterminated ${c} quote starting at character ${i + 1}` };
      firstWord ??= c;
      i = end + 1;
      continue;
    }
    if (c === '$' && client === 'pg') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(q.slice(i));
      if (tag && !/[\w$]/.test(q[i - 1] ?? '')) {
        const end = q.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return { error: `has an unterminated ${tag[0]} string starting at character ${i + 1}` };
        i = end + tag[0].length;
        continue;
      }
    }
    if (c === ';') semicolons.push(i);
    else if (firstWord === null && c === '(') firstWord = '(';
    else if (firstWord === null && /[A-Za-z_]/.test(c)) firstWord = /^[A-Za-z_]\w*/.exec(q.slice(i))![0];
    else if (firstWord === null && !/\s/.test(c)) firstWord = c;
    i++;
  }
  return { semicolons, firstWord };
}

function endOfLine(q: string, i: number): number {
  const nl = q.indexOf('\n', i);
  return nl < 0 ? q.length : nl + 1;
}

function endOfNestedComment(q: string, start: number): number {
  let depth = 0;
  for (let i = start; i < q.length - 1; i++) {
    if (q[i] === '/' && q[i + 1] === '*') { depth++; i++; } else if (q[i] === '*' && q[i + 1] === '/') {
      depth--;
      if (depth === 0) return i;
      i++;
    }
  }
  return -1;
}

/** Index of the closing quote; a doubled quote is an escaped one. */
function endOfQuoted(q: string, start: number, quote: string, backslash: boolean): number {
  for (let i = start + 1; i < q.length; i++) {
    const c = q[i];
    if (backslash && c === '\\') { i++; continue; }
    if (c === quote) {
      if (q[i + 1] === quote) { i++; continue; }
      return i;
    }
  }
  return -1;
}

function isOnlyTrivia(s: string, client: SqlClient): boolean {
  const scan = scanTopLevel(s, client);
  return !('error' in scan) && scan.firstWord === null && scan.semicolons.length === 0;
}
