import { ENTITY_FIELDS, type FieldSpec, type TargetEntity } from '../canonical/fields';
import type { LookupIndex } from '../canonical/lookup-index';
import type { Cell } from './compile-mapping';
import { editDistance } from './edit-distance';
import { compactHeader, foldHeader } from './fold-text';
import { uniqueHeaderKeys } from './header-keys';
import type { HeaderLanguage } from './header-synonyms';
import { describeAgreement, LOOKUP_AGREEMENT, lookupAgreement } from './lookup-evidence';
import type { Mapping } from './mapping-schema';
import { valueHint, type ValueHint } from './sample-value-hints';
import { synonymIndex, type SynonymEntry } from './synonym-index';

export interface SuggestOptions {
  /** A few data rows (same column order as headers): their values break ties between headers. */
  sampleRows?: readonly (readonly Cell[])[];
  /**
   * The lookup tables as the CRM has them. When given (with sample rows), a column is proposed for
   * a lookup field (category, zone, industry…) only when at least 80 % of its non-empty sample
   * values resolve; otherwise it stays an extra and its reason says how many did. Without it,
   * lookup fields are proposed from headers alone.
   */
  lookups?: LookupIndex;
}

export interface HeaderSuggestion {
  field: string | null;
  /** 0–1: 1 is a known spelling, ~0.85 a typo, ~0.6–0.8 a header containing a known spelling. */
  score: number;
  reason: string;
}

export interface MappingSuggestion {
  mapping: Mapping;
  /** Per header (made unique like extras keys: "Teléfono (2)"); a null-prototype object. */
  confidence: Record<string, HeaderSuggestion>;
}

/** Below this a match is more likely wrong than right: the column is left as an extra. */
const MIN_SCORE = 0.6;
/** A candidate whose languages the rest of the header row does not use ("Nom": ca or fr?). */
const OTHER_LANGUAGE_PENALTY = 0.1;
/** Score of a field suggested by values alone (a column of e-mails under an unknown header). */
const VALUES_ONLY_SCORE = 0.6;

interface Candidate {
  column: number;
  field: string;
  score: number;
  /** Sample values agree with the field's kind: wins ties. */
  evidence: boolean;
  rank: number;
  reason: string;
  languages: readonly HeaderLanguage[];
}

/**
 * Proposes a mapping for a header row. Each column gets at most one field and each field at most
 * one column: the best-scoring pairs are taken first, the losers stay extras.
 */
export function suggestMapping(headers: readonly string[], entity: TargetEntity, options: SuggestOptions = {}): MappingSuggestion {
  const index = synonymIndex(entity);
  const folded = headers.map(foldHeader);
  const firstColumnOf = new Map<string, number>();
  folded.forEach((name, column) => {
    if (name !== '' && !firstColumnOf.has(name)) firstColumnOf.set(name, column);
  });
  const isMatchable = (column: number) => folded[column] !== '' && firstColumnOf.get(folded[column] ?? '') === column;

  const perColumn = headers.map((_, column) => (isMatchable(column) ? headerCandidates(folded[column] ?? '', column, index.entries, index.byCompact) : []));
  const votes = languageVotes(perColumn);
  const candidates = perColumn.flatMap((list) => preferRowLanguage(list, votes));
  addValueEvidence(candidates, headers, entity, options.sampleRows, isMatchable);
  const lookupRefusals = checkLookupValues(candidates, entity, options.sampleRows, options.lookups);

  candidates.sort((a, b) => b.score - a.score || Number(b.evidence) - Number(a.evidence) || a.rank - b.rank || a.column - b.column);
  const fieldOf = new Map<number, Candidate>();
  const columnOfField = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate.score < MIN_SCORE || fieldOf.has(candidate.column) || columnOfField.has(candidate.field)) continue;
    fieldOf.set(candidate.column, candidate);
    columnOfField.set(candidate.field, candidate.column);
  }

  const keys = uniqueHeaderKeys(headers);
  const columns: Mapping['columns'] = {};
  const confidence: Record<string, HeaderSuggestion> = Object.create(null);
  headers.forEach((header, column) => {
    const chosen = fieldOf.get(column);
    const key = keys[column] ?? header;
    if (chosen && header.trim() !== '__proto__') {
      columns[header.trim()] = chosen.field;
      confidence[key] = { field: chosen.field, score: round(chosen.score), reason: chosen.reason };
      return;
    }
    confidence[key] = { field: null, score: 0, reason: lookupRefusals.get(column) ?? whyUnmapped(column, headers, folded, firstColumnOf, candidates, columnOfField) };
  });
  return { mapping: { version: 1, entity, columns }, confidence };
}

function headerCandidates(folded: string, column: number, entries: readonly SynonymEntry[], byCompact: ReadonlyMap<string, readonly SynonymEntry[]>): Candidate[] {
  const compact = compactHeader(folded);
  const candidate = (entry: SynonymEntry, score: number, how: string): Candidate => ({
    column,
    field: entry.field,
    score,
    evidence: false,
    rank: entry.rank,
    reason: `${how} "${entry.text}" (${entry.languages.join('/')})`,
    languages: entry.languages,
  });
  const exact = byCompact.get(compact);
  // Spellings that fold alike are merged ("Telefon" pl/de, "Telèfon" ca), so an exact match names
  // languages rather than one spelling.
  if (exact) {
    return exact.map((entry) => {
      const isExact = entry.folded === folded;
      const found = candidate(entry, isExact ? 1 : 0.95, 'matches');
      return isExact ? { ...found, reason: `known header (${entry.languages.join('/')})` } : { ...found, reason: `${found.reason}, spacing aside` };
    });
  }

  const tokens = folded.split(' ');
  const best = new Map<string, Candidate>();
  const keep = (next: Candidate) => {
    const previous = best.get(next.field);
    if (!previous || next.score > previous.score || (next.score === previous.score && next.rank < previous.rank)) best.set(next.field, next);
  };
  for (const entry of entries) {
    if (Math.abs(entry.compact.length - compact.length) <= 2) {
      const distance = editDistance(compact, entry.compact);
      const shorter = Math.min(compact.length, entry.compact.length);
      if (distance === 1 && shorter >= 4) keep(candidate(entry, 0.85, 'close to'));
      else if (distance === 2 && shorter >= 8) keep(candidate(entry, 0.7, 'close to'));
    }
    if (containsTokens(tokens, entry.tokens) && (entry.compact.length >= 4 || (entry.compact.length === 3 && tokens[0] === entry.tokens[0]))) {
      keep(candidate(entry, 0.55 + (0.3 * entry.compact.length) / compact.length, 'contains'));
    }
  }
  return [...best.values()];
}

/** `needle` appears as consecutive whole words in `haystack` (and is shorter than it). */
function containsTokens(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length >= haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((token, i) => haystack[start + i] === token)) return true;
  }
  return false;
}

/** Languages of the row, from its confidently recognised headers (a shared spelling splits its vote). */
function languageVotes(perColumn: readonly Candidate[][]): Map<HeaderLanguage, number> {
  const votes = new Map<HeaderLanguage, number>();
  for (const list of perColumn) {
    const languages = new Set(list.filter((c) => c.score >= 0.95).flatMap((c) => c.languages));
    for (const language of languages) votes.set(language, (votes.get(language) ?? 0) + 1 / languages.size);
  }
  return votes;
}

/** When a column's candidates disagree by language, the row's dominant language wins. */
function preferRowLanguage(list: readonly Candidate[], votes: ReadonlyMap<HeaderLanguage, number>): Candidate[] {
  const support = (c: Candidate) => Math.max(...c.languages.map((language) => votes.get(language) ?? 0));
  const fields = new Set(list.map((c) => c.field));
  if (fields.size < 2) return [...list];
  const strongest = Math.max(...list.map(support));
  if (list.every((c) => support(c) >= strongest)) return [...list];
  return list.map((c) =>
    support(c) >= strongest ? { ...c, reason: `${c.reason}, the language of the rest of the header row` } : { ...c, score: c.score - OTHER_LANGUAGE_PENALTY },
  );
}

/** Sample values: break ties (evidence), and name columns whose header says nothing. */
function addValueEvidence(
  candidates: Candidate[],
  headers: readonly string[],
  entity: TargetEntity,
  sampleRows: SuggestOptions['sampleRows'],
  isMatchable: (column: number) => boolean,
): void {
  if (!sampleRows || sampleRows.length === 0) return;
  const kinds: Record<string, { kind: string }> = ENTITY_FIELDS[entity];
  const fieldFor: Record<ValueHint, string> = { email: 'email', tax_id: entity === 'accounts' ? 'tax_id' : 'account_tax_id' };
  const matchesHint = (field: string, hint: ValueHint) => {
    const kind = kinds[field]?.kind;
    return hint === 'email' ? kind === 'email' || kind === 'emails' : kind === 'tax_id';
  };
  headers.forEach((_, column) => {
    if (!isMatchable(column)) return;
    const hint = valueHint(sampleRows.map((row) => row[column]));
    if (hint === null) return;
    const description = hint === 'email' ? 'values look like e-mail addresses' : 'values are valid tax ids';
    const own = candidates.filter((c) => c.column === column);
    for (const c of own) {
      if (matchesHint(c.field, hint)) {
        c.evidence = true;
        c.reason += `; ${description}`;
      }
    }
    if (own.length === 0) {
      candidates.push({ column, field: fieldFor[hint], score: VALUES_ONLY_SCORE, evidence: true, rank: 0, reason: description, languages: [] });
    }
  });
}

/**
 * Lookup candidates meet the sample values: a column whose values the lookup does not know (IPC
 * patent classes under "Class", offered to `category`) would have every value refused. Such
 * candidates are removed (in place), and the best refused one per column gives that column's
 * reason, unless another field takes the column. Kept candidates get the agreement as evidence.
 */
function checkLookupValues(
  candidates: Candidate[],
  entity: TargetEntity,
  sampleRows: SuggestOptions['sampleRows'],
  lookups: LookupIndex | undefined,
): Map<number, string> {
  const refusals = new Map<number, string>();
  if (!lookups || !sampleRows || sampleRows.length === 0) return refusals;
  const specs: Record<string, FieldSpec> = ENTITY_FIELDS[entity];
  const kept: Candidate[] = [];
  const byScore = [...candidates].sort((a, b) => b.score - a.score);
  for (const candidate of byScore) {
    const table = specs[candidate.field]?.lookup;
    if (!table) {
      kept.push(candidate);
      continue;
    }
    const agreement = lookupAgreement(sampleRows.map((row) => row[candidate.column]), table, lookups);
    if (agreement.total === 0 || agreement.known >= LOOKUP_AGREEMENT * agreement.total) {
      if (agreement.total > 0) {
        candidate.evidence = true;
        candidate.reason += `; ${describeAgreement(agreement, table)}`;
      }
      kept.push(candidate);
    } else if (!refusals.has(candidate.column) && candidate.score >= MIN_SCORE) {
      refusals.set(candidate.column, `would be ${candidate.field} (${candidate.reason}) but only ${describeAgreement(agreement, table)}; kept as an extra`);
    }
  }
  const keptSet = new Set(kept);
  for (let i = candidates.length - 1; i >= 0; i--) if (!keptSet.has(candidates[i]!)) candidates.splice(i, 1);
  return refusals;
}

function whyUnmapped(
  column: number,
  headers: readonly string[],
  folded: readonly string[],
  firstColumnOf: ReadonlyMap<string, number>,
  candidates: readonly Candidate[],
  columnOfField: ReadonlyMap<string, number>,
): string {
  const name = folded[column] ?? '';
  if (name === '') return 'empty header; kept as an extra';
  if ((headers[column] ?? '').trim() === '__proto__') return 'reserved name; kept as an extra';
  const first = firstColumnOf.get(name);
  if (first !== undefined && first !== column) return `repeats column "${headers[first]}"; only the first is mapped, this one is kept as an extra`;
  const best = candidates.find((c) => c.column === column && c.score >= MIN_SCORE);
  if (best) {
    const winner = columnOfField.get(best.field);
    return `would be ${best.field} (${best.reason}) but "${winner === undefined ? '?' : headers[winner]}" matched it better; kept as an extra`;
  }
  const weak = candidates.find((c) => c.column === column);
  if (weak) return `only a weak match (${weak.reason}, ${round(weak.score)}); kept as an extra`;
  return 'no known header; kept as an extra';
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}
