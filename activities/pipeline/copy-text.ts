/**
 * Encoding values for PostgreSQL's COPY text format
 * (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2): columns separated by tabs,
 * rows by newlines, NULL as \N, and backslash, tab, newline and carriage return escaped.
 * Text COPY is the fastest way into PostgreSQL from Node (perf-anchors.md §1a, §3).
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal: {"a","b"} with quotes and backslashes escaped, then COPY-escaped. */
export function copyTextArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  const inner = values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',');
  return copyText(`{${inner}}`);
}

export type CopyValue = string | number | bigint | boolean | null | undefined | readonly string[] | { json: unknown };

export function copyValue(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return copyText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (typeof v === 'bigint') return v.toString(); // money in minor units
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v)) return copyTextArray(v as readonly string[]);
  return copyText(JSON.stringify((v as { json: unknown }).json));
}

export function copyRow(values: readonly CopyValue[]): string {
  // join() yields one flat string; `+=` in a loop builds a rope of many small nodes that the
  // GC then has to walk and flatten (measured: a large share of GC time on 1M-row imports).
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) cells[i] = copyValue(values[i]);
  return `${cells.join('\t')}\n`;
}
