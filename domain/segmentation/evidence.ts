/**
 * Evidence in words: the operand each leaf projected when the member entered (or now, for
 * explain), with the comparison it met: "turnover 12m = 48,210.00 EUR ≥ 40,000.00".
 */
import type { CompiledNode } from './compile-rule';

const OPS: Record<string, string> = { '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥', in: 'in', not_in: 'not in', between: 'between', is_null: 'is empty', is_not_null: 'is set' };

export function formatMoneyMinor(minor: number | string, currency: string): string {
  const n = Number(minor) / 100;
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

function fmt(v: unknown, type: string | undefined, currency: string, minor: boolean): string {
  if (v === null || v === undefined) return 'none';
  if (type === 'money' && (typeof v === 'number' || typeof v === 'string')) return minor ? formatMoneyMinor(v, currency) : formatMoneyMinor(Math.round(Number(v) * 100), currency);
  if (Array.isArray(v)) return `[${v.map((x) => fmt(x, type, currency, minor)).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return String(v);
}

export function describeLeaf(n: CompiledNode, value: unknown, currency: string, refValue?: unknown): string {
  if (n.kind === 'exists' || n.kind === 'notExists') return `${n.label}: ${value === true ? 'yes' : 'no'}`;
  const t = n.threshold as { ref?: string; times?: number } | undefined;
  const threshold = n.op === 'is_null' || n.op === 'is_not_null' ? ''
    : t && typeof t === 'object' && !Array.isArray(t) && t.ref
      ? ` ${t.ref}${t.times !== undefined ? ` × ${t.times}` : ''}${refValue !== undefined ? ` (${fmt(refValue, n.type, currency, true)})` : ''}`
      : ` ${fmt(n.threshold, n.type, currency, false)}`;
  return `${n.label} = ${fmt(value, n.type, currency, true)} ${n.negated ? 'not ' : ''}${OPS[n.op ?? '='] ?? n.op}${threshold}`;
}

/** One line per leaf present in the evidence object. */
export function describeEvidence(nodes: CompiledNode[], evidence: Record<string, unknown> | null, currency: string): string[] {
  if (!evidence) return [];
  const out: string[] = [];
  for (const n of nodes) if (n.operand && n.id in evidence) out.push(describeLeaf(n, evidence[n.id], currency, evidence[`${n.id}_ref`]));
  for (const [k, v] of Object.entries(evidence)) if (!/^n\d+(_ref)?$/.test(k)) out.push(`${k.replace(/_/g, ' ')} = ${fmt(v, k.startsWith('turnover') ? 'money' : undefined, currency, true)}`);
  return out;
}
