/**
 * Small pure helpers shared by merges, unmerges and the review queue.
 */

/** A pair stored once: match_decisions and review_queue keep record_a < record_b (uuid order). */
export function orderedPair(x: string, y: string): [a: string, b: string] {
  if (x === y) throw new Error(`a pair needs two different records, got ${x} twice`);
  // PostgreSQL orders uuids by their bytes, which for the canonical lower-case text form is the
  // same as string order.
  const [a, b] = [x.toLowerCase(), y.toLowerCase()];
  return a < b ? [a, b] : [b, a];
}

export interface SurvivorCandidate { id: string; createdAt: string | Date }

/** The record that survives a merge unless a person says otherwise: the oldest (created_at, then id). */
export function chooseSurvivor(records: readonly SurvivorCandidate[]): string {
  if (records.length === 0) throw new Error('chooseSurvivor: no records');
  const t = (r: SurvivorCandidate) => new Date(r.createdAt).getTime();
  return [...records].sort((x, y) => t(x) - t(y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))[0]!.id;
}
