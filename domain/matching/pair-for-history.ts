/**
 * How a merge keeps the scored pairs behind it (merge_history.scores): the pair, its weight,
 * probability and evidence, and each field's contribution as one line of text ("name: exact
 * (term frequency -1.7): +15.25"), strongest first, fields that weighed nothing left out.
 *
 * Why not the ScoredPair itself: a dedupe of 853k accounts writes 194k merges, and their pairs'
 * contributions as objects were 1.8 KB of jsonb a merge: 60 small objects for PostgreSQL to
 * parse, and 40% of the history insert's time (measured on a 100k-account dedupe, 2026-12-05).
 * As lines they read the same to a person and cost a quarter of the values. The review queue keeps
 * whole ScoredPairs: the console explains them field by field.
 */
import type { PairEvidence, ScoredPair } from './score-pair';

export interface PairForHistory {
  a: string;
  b: string;
  weight: number;
  probability: number;
  evidence: PairEvidence;
  /** "<comparison>: <level>: <±weight>", strongest first; zero-weight levels (a value missing) left out. */
  contributions: string[];
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function contributionLine(c: { comparison: string; level: string; weight: number }): string {
  return `${c.comparison}: ${c.level}: ${c.weight >= 0 ? '+' : '-'}${Math.abs(c.weight).toFixed(2)}`;
}

export function pairForHistory(p: ScoredPair): PairForHistory {
  const contributions = p.contributions.filter((c) => c.weight !== 0)
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight)).map(contributionLine);
  return { a: p.a, b: p.b, weight: round(p.weight, 3), probability: p.probability, evidence: p.evidence, contributions };
}

const isScoredPair = (x: unknown): x is ScoredPair => typeof x === 'object' && x !== null && Array.isArray((x as ScoredPair).contributions)
  && (x as ScoredPair).contributions.every((c) => typeof c === 'object' && c !== null && typeof c.level === 'string');

/** Either form, as history keeps it. */
export function toPairForHistory(p: ScoredPair | PairForHistory): PairForHistory {
  return isScoredPair(p) ? pairForHistory(p) : p;
}

/** A merge request's evidence as history keeps it: ScoredPairs become PairForHistory, anything else is kept as given. */
export function evidenceForHistory(scores: readonly unknown[]): unknown[] {
  return scores.map((s) => (isScoredPair(s) ? pairForHistory(s) : s));
}
