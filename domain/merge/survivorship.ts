/**
 * Survivorship: the golden values of one CRM record from the source records that feed it, with
 * the lineage of every field (which source record it came from, by which rule). Pure: the caller
 * reads the source records and the CRM row; nothing here touches a clock or a database.
 *
 * Precedence: a field a person edited in the CRM keeps the CRM value; otherwise the field's rule
 * (survivorship-rules.ts) picks a source; when no source has a value, the CRM value stays (a merge
 * or a recompute never blanks a field).
 */
import { z } from 'zod';
import { SOURCE_PRIORITY, SourceKind, SURVIVORSHIP_RULES, type FieldRule, type SurvivorshipEntity } from './survivorship-rules';

/**
 * A plain object, checked and passed on as it is. z.record would copy every payload on each call:
 * a dedupe's merges recompute 194k survivors from 466k source records, and those copies were most
 * of survivorship's time and garbage (CPU profile of a 1M dedupe's apply, 2026-12-05).
 */
const PlainObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');

export const SurvivorshipSource = z.object({
  sourceSystem: z.string().min(1),
  externalId: z.string(),
  kind: SourceKind,
  /** ISO 8601 instant: when this source last said these values. */
  lastSeenAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 instant'),
  /** Canonical column values, as in source_records.payload. */
  payload: PlainObject,
});
export type SurvivorshipSource = z.infer<typeof SurvivorshipSource>;

export const SurvivorshipInput = z.object({
  entity: z.enum(['accounts', 'contacts']),
  sources: z.array(SurvivorshipSource),
  crm: PlainObject,
  userEditedFields: z.array(z.string()),
});
export type SurvivorshipInput = z.infer<typeof SurvivorshipInput>;

export type FieldLineage =
  | { from: 'source'; rule: FieldRule['rule']; sourceSystem: string; externalId: string }
  | { from: 'union'; sources: { sourceSystem: string; externalId: string }[] }
  | { from: 'crm'; reason: 'user_edited' | 'no_source_value' };

export interface SurvivorshipResult {
  values: Record<string, unknown>;
  lineage: Record<string, FieldLineage>;
}

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

const rank = (k: SourceKind) => SOURCE_PRIORITY.indexOf(k);
const byIdentity = (a: SurvivorshipSource, b: SurvivorshipSource) =>
  a.sourceSystem < b.sourceSystem ? -1 : a.sourceSystem > b.sourceSystem ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;

/** A source with its trust rank and last-seen instant read once per call, not once per comparison. */
interface Ranked { source: SurvivorshipSource; rank: number; seen: number }
type Ordering = (fields: readonly string[]) => (a: Ranked, b: Ranked) => number;

/** Orderings, best first; every one ends on the source's identity so the result never depends on input order. */
const ORDER: Record<Exclude<FieldRule['rule'], 'union'>, Ordering> = {
  priority: () => (a, b) => a.rank - b.rank || b.seen - a.seen || byIdentity(a.source, b.source),
  recent: () => (a, b) => b.seen - a.seen || a.rank - b.rank || byIdentity(a.source, b.source),
  complete: (fields) => (a, b) =>
    filled(b.source, fields) - filled(a.source, fields) || length(b.source, fields) - length(a.source, fields) || b.seen - a.seen || a.rank - b.rank
    || byIdentity(a.source, b.source),
};

/** The best of `sources` by `order` (the first of equals, as a stable sort would put it). */
function best(sources: readonly Ranked[], order: (a: Ranked, b: Ranked) => number): Ranked | undefined {
  let top: Ranked | undefined;
  for (const s of sources) if (top === undefined || order(s, top) < 0) top = s;
  return top;
}

/** The rules of an entity, scalars apart from unions (the unions run second). */
const splitRules = (rules: readonly FieldRule[]) => ({ scalars: rules.filter((r) => r.rule !== 'union'), unions: rules.filter((r) => r.rule === 'union') });
const RULES_BY_KIND: Record<SurvivorshipEntity, ReturnType<typeof splitRules>> = {
  accounts: splitRules(SURVIVORSHIP_RULES.accounts),
  contacts: splitRules(SURVIVORSHIP_RULES.contacts),
};

function filled(s: SurvivorshipSource, fields: readonly string[]): number {
  return fields.filter((f) => !isEmptyValue(s.payload[f])).length;
}

function length(s: SurvivorshipSource, fields: readonly string[]): number {
  return fields.reduce((n, f) => n + String(s.payload[f] ?? '').length, 0);
}

function present(values: Record<string, unknown>, rule: FieldRule): boolean {
  return (rule.presence ?? rule.fields).some((f) => !isEmptyValue(values[f]));
}

function asList(v: unknown): unknown[] {
  if (isEmptyValue(v)) return [];
  return Array.isArray(v) ? v : [v];
}

export function surviveRecord(input: SurvivorshipInput): SurvivorshipResult {
  const { entity, sources, crm } = SurvivorshipInput.parse(input);
  const edited = new Set(input.userEditedFields);
  const rules = RULES_BY_KIND[entity as SurvivorshipEntity];
  const ranked: Ranked[] = sources.map((source) => ({ source, rank: rank(source.kind), seen: Date.parse(source.lastSeenAt) }));
  const values: Record<string, unknown> = {};
  const lineage: Record<string, FieldLineage> = {};
  const keepCrm = (rule: FieldRule, reason: 'user_edited' | 'no_source_value') => {
    for (const f of rule.fields) {
      values[f] = crm[f] ?? (rule.rule === 'union' ? [] : null);
      if (!isEmptyValue(values[f])) lineage[f] = { from: 'crm', reason };
    }
  };

  // Scalars first: the unions remove the primary values these rules chose.
  for (const rule of rules.scalars) {
    if (rule.fields.some((f) => edited.has(f))) {
      keepCrm(rule, 'user_edited'); // the whole group: a person's address is not mixed with a source's
      continue;
    }
    const winner = best(ranked.filter((s) => present(s.source.payload, rule)), ORDER[rule.rule as Exclude<FieldRule['rule'], 'union'>](rule.fields))?.source;
    if (!winner) {
      keepCrm(rule, 'no_source_value');
      continue;
    }
    for (const f of rule.fields) {
      values[f] = isEmptyValue(winner.payload[f]) ? null : winner.payload[f];
      if (values[f] !== null) lineage[f] = { from: 'source', rule: rule.rule, sourceSystem: winner.sourceSystem, externalId: winner.externalId };
    }
  }

  for (const rule of rules.unions) {
    const field = rule.fields[0]!;
    if (edited.has(field)) {
      keepCrm(rule, 'user_edited');
      continue;
    }
    const primaries = new Set((rule.minus ?? []).map((f) => values[f]).filter((v) => !isEmptyValue(v)));
    const all = new Set<string>();
    const contributors: { sourceSystem: string; externalId: string }[] = [];
    const feed = (record: Record<string, unknown>) => {
      let gave = false;
      for (const v of [...asList(record[field]), ...(rule.alsoFrom ?? []).flatMap((f) => asList(record[f]))]) {
        if (typeof v === 'string' && !primaries.has(v)) {
          all.add(v);
          gave = true;
        }
      }
      return gave;
    };
    for (const s of [...sources].sort(byIdentity)) if (feed(s.payload)) contributors.push({ sourceSystem: s.sourceSystem, externalId: s.externalId });
    feed(crm); // nothing a merge absorbs is lost, the CRM's own values included
    values[field] = [...all].sort();
    if (all.size > 0) lineage[field] = { from: 'union', sources: contributors };
  }
  return { values, lineage };
}
