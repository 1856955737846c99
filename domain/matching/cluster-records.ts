/**
 * Clustering without chaining. Links are taken strongest first (hard evidence, then weight);
 * two clusters merge only if
 *  - they do not hold two different valid tax ids (two companies never share a cluster),
 *  - no pair across them was declared "not a duplicate",
 *  - the merged cluster stays under the size cap, and (link-only runs) each source appears once,
 *  - average linkage holds: the mean match weight over ALL cross pairs (scored on demand), each
 *    clamped to ±LINKAGE_WEIGHT_CAP bits, reaches the review threshold. One strong link between
 *    two otherwise different groups is a bridge, not a merge. Weights rather than probabilities,
 *    so a record that matches two members overwhelmingly and a third weakly still joins (mean
 *    probability would let the one weak pair veto), and clamped so no single pair (a shared
 *    phone worth 50 bits) can outvote the rest.
 * A cluster is 'auto' only if every pair inside it is an automatic match (isAutoPair); weak links,
 * contradicted pairs, refused strong links (bridges) and size caps send it to 'review'. Every
 * cluster says why. Pairs under the name rule (same name, nothing contradicting) link at the
 * review threshold at least, here as in matchRecords.
 */
import { accountContradiction, accountCorroboration, CONTRADICTION_TEXT, type Contradiction } from './contradictions';
import { compileModel, nameRuleWeight, pairEvidence, pairWeight, scorePair, weightToProbability, withNameRule, type ScoredPair } from './score-pair';
import type { MatchModel } from './match-model';
import type { MatchRecord } from './match-record';

export interface MatchThresholds {
  /** Probability at or above which a pair merges without review. */
  autoMerge: number;
  /** Probability at or above which a pair is a candidate for review. */
  review: number;
  /**
   * Probability at or above which an uncorroborated account pair (nothing shared beyond the name,
   * city, country and legal form: no identifier, see accountCorroboration) merges without review.
   * Its probability rests on one or two fields, where a namesake in the same town costs most.
   */
  sparseAutoMerge?: number;
}

export const DEFAULT_MATCH_THRESHOLDS: MatchThresholds = { autoMerge: 0.99, review: 0.8, sparseAutoMerge: 0.995 };

export type ClusterDecision = 'auto' | 'review';

export interface MatchCluster {
  members: string[];
  decision: ClusterDecision;
  reason: string;
  pairs: ScoredPair[];
}

export interface RefusedLink {
  pair: ScoredPair;
  reason: string;
}

export interface ClusterOptions {
  model: MatchModel;
  records: readonly MatchRecord[];
  /** Scored candidate links (record indexes), any order. */
  links: readonly { i: number; j: number; weight: number }[];
  /**
   * The links as scored pairs (parallel to links): an array if already built, or a function that
   * builds link k's on demand (matchRecords without `keepPairs`: only the pairs clustering looks
   * at are built). Either is reused, not rescored from the records.
   */
  scored?: readonly ScoredPair[] | ((k: number) => ScoredPair);
  thresholds?: MatchThresholds;
  isExcludedPair?: (a: string, b: string) => boolean;
  maxClusterSize?: number;
  sources?: ArrayLike<number>;
  /** Link-only runs: at most one record per source in a cluster (one-to-one). */
  oneToOne?: boolean;
  /** Keep each refused link with its scored pair (default true); false counts them only. */
  keepRefused?: boolean;
}

export interface ClusterResult {
  /** Clusters of two or more records; every other record is alone. */
  clusters: MatchCluster[];
  /** Empty when `keepRefused` is false. */
  refused: RefusedLink[];
  refusedLinks: number;
}

export const DEFAULT_MAX_CLUSTER_SIZE = 50;
export const LINKAGE_WEIGHT_CAP = 15;

interface Group {
  members: number[];
  tax: string | null;
  sources: Set<number>;
  weakest: number;
  notes: string[];
  bridged: boolean;
}

function taxOf(r: MatchRecord): string | null {
  return r.e === 'accounts' ? r.tax : null;
}

function contradictionOf(a: MatchRecord, b: MatchRecord): Contradiction | null {
  return a.e === 'accounts' && b.e === 'accounts' ? accountContradiction(a, b) : null;
}

/**
 * Whether a scored pair may merge without a person looking at it: hard evidence, or a probability
 * at the automatic threshold and nothing contradicting it. Another legal form always stops it (a
 * subsidiary as often as a typo); another city, postcode or domain stops it unless an identifier
 * beyond the name corroborates the pair (contradictions.ts): a namesake as often as a move.
 */
export function isAutoPair(p: ScoredPair, a: MatchRecord, b: MatchRecord, t: MatchThresholds): boolean {
  if (p.evidence === 'same_tax_id' || p.evidence === 'same_email') return true;
  if (p.evidence === 'different_tax_ids') return false;
  if (p.probability < t.autoMerge) return false;
  if (a.e !== 'accounts' || b.e !== 'accounts') return true;
  // Cheapest test first: this runs on every pair of every cluster.
  const contradiction = accountContradiction(a, b);
  if (contradiction === 'different_legal_forms') return false;
  if (contradiction === null && p.probability >= (t.sparseAutoMerge ?? t.autoMerge)) return true;
  return accountCorroboration(a, b);
}

export function clusterRecords(options: ClusterOptions): ClusterResult {
  const { model, records, thresholds = DEFAULT_MATCH_THRESHOLDS, isExcludedPair, sources, oneToOne = false, keepRefused = true } = options;
  const maxSize = options.maxClusterSize ?? DEFAULT_MAX_CLUSTER_SIZE;
  const cm = compileModel(model);
  const groupOf = new Int32Array(records.length).fill(-1);
  const groups: Group[] = [];
  const refused: RefusedLink[] = [];
  let refusedLinks = 0;
  const { links, scored } = options;
  const scoredLink = (k: number): ScoredPair | undefined => (typeof scored === 'function' ? scored(k) : scored?.[k]);
  // Adjacency of the links (CSR in typed arrays): record → (other record, link index), so cross
  // pairs that were candidates are looked up, not scored again, without a map of a million keys.
  const n = records.length;
  const offsets = new Uint32Array(n + 1);
  for (const l of links) {
    offsets[l.i + 1]! += 1;
    offsets[l.j + 1]! += 1;
  }
  for (let r = 0; r < n; r++) offsets[r + 1]! += offsets[r] as number;
  const adjOther = new Uint32Array(links.length * 2);
  const adjLink = new Uint32Array(links.length * 2);
  const fill = offsets.slice(0, n);
  links.forEach((l, k) => {
    let p = fill[l.i]!++;
    adjOther[p] = l.j;
    adjLink[p] = k;
    p = fill[l.j]!++;
    adjOther[p] = l.i;
    adjLink[p] = k;
  });
  const linkOf = (i: number, j: number): number | undefined => {
    for (let p = offsets[i] as number, end = offsets[i + 1] as number; p < end; p++) if (adjOther[p] === j) return adjLink[p];
    return undefined;
  };
  const reviewWeight = Math.log2(thresholds.review / (1 - thresholds.review));
  // Pairs that were not links are scored here, the name rule included (links carry it already).
  const weightOf = (i: number, j: number): number => {
    const k = linkOf(i, j);
    if (k !== undefined) return (links[k] as { weight: number }).weight;
    const a = records[i] as MatchRecord;
    const b = records[j] as MatchRecord;
    const w = pairWeight(cm, a, b);
    return w < reviewWeight ? nameRuleWeight(w, pairEvidence(a, b), reviewWeight) : w;
  };
  const scoredPair = (i: number, j: number): ScoredPair => {
    const k = linkOf(i, j);
    return (k !== undefined ? scoredLink(k) : undefined) ?? withNameRule(scorePair(model, records[i] as MatchRecord, records[j] as MatchRecord), reviewWeight);
  };
  const groupFor = (i: number): Group => {
    const g = groupOf[i] as number;
    if (g >= 0) return groups[g] as Group;
    const r = records[i] as MatchRecord;
    const created: Group = { members: [i], tax: taxOf(r), sources: new Set(sources ? [sources[i] as number] : []), weakest: 1, notes: [], bridged: false };
    groupOf[i] = groups.length;
    groups.push(created);
    return created;
  };
  // The links as columns: the sort and the loop below read numbers from typed arrays, not fields
  // of objects spread over the heap.
  const L = links.length;
  const li = new Uint32Array(L);
  const lj = new Uint32Array(L);
  const lw = new Float64Array(L);
  // 1: hard evidence; 2: the name rule (same name, nothing contradicting); 0: the weight alone.
  const kind = new Uint8Array(L);
  for (let k = 0; k < L; k++) {
    const l = links[k] as { i: number; j: number; weight: number };
    li[k] = l.i;
    lj[k] = l.j;
    lw[k] = l.weight;
    const e = pairEvidence(records[l.i] as MatchRecord, records[l.j] as MatchRecord);
    kind[k] = e === 'same_tax_id' || e === 'same_email' ? 1 : e === 'same_name' ? 2 : 0;
  }
  // Strongest first: hard evidence, then weight; ties by index so the order is deterministic.
  const order = new Uint32Array(L);
  for (let k = 0; k < L; k++) order[k] = k;
  order.sort((x, y) => (kind[y] === 1 ? 1 : 0) - (kind[x] === 1 ? 1 : 0) || (lw[y] as number) - (lw[x] as number) || (li[x] as number) - (li[y] as number) || (lj[x] as number) - (lj[y] as number));

  const refuse = (i: number, j: number, ga: Group, gb: Group, p: number, reason: string): void => {
    refusedLinks++;
    const a = records[i] as MatchRecord;
    const b = records[j] as MatchRecord;
    // (matchRecords without keepPairs offers no link of two valid tax ids: link-pairs.ts.)
    const pair = scoredPair(i, j);
    if (keepRefused) refused.push({ pair, reason });
    if (isAutoPair(pair, a, b, thresholds) && pair.evidence !== 'different_tax_ids') {
      for (const g of [ga, gb]) if (g.members.length > 1 || g === ga) markBridge(g, `${reason} between ${a.id} and ${b.id} (p=${p.toFixed(3)})`);
    }
  };

  for (let o = 0; o < L; o++) {
    const index = order[o] as number;
    const i = li[index] as number;
    const j = lj[index] as number;
    const hardLink = kind[index] === 1;
    const p = weightToProbability(lw[index] as number);
    if (!hardLink && p < thresholds.review) break; // sorted: nothing weaker can merge
    if (isExcludedPair?.((records[i] as MatchRecord).id, (records[j] as MatchRecord).id)) continue;
    const ga = groupFor(i);
    const gb = groupFor(j);
    if (ga === gb) continue;
    if (ga.tax !== null && gb.tax !== null && ga.tax !== gb.tax) {
      refuse(i, j, ga, gb, p, 'different tax ids');
      continue;
    }
    if (ga.members.length + gb.members.length > maxSize) {
      refuse(i, j, ga, gb, p, `cluster would exceed ${maxSize} records`);
      continue;
    }
    if (oneToOne && [...gb.sources].some((s) => ga.sources.has(s))) {
      refuse(i, j, ga, gb, p, 'one-to-one link: each source already linked');
      continue;
    }
    // Average linkage over every cross pair, and "not a duplicate" decisions on any of them.
    let sum = 0;
    let min = Infinity;
    let excluded = false;
    for (const x of ga.members) {
      for (const y of gb.members) {
        if (isExcludedPair?.((records[x] as MatchRecord).id, (records[y] as MatchRecord).id)) excluded = true;
        const w = weightOf(x, y);
        sum += Math.max(-LINKAGE_WEIGHT_CAP, Math.min(LINKAGE_WEIGHT_CAP, w));
        if (w < min) min = w;
      }
    }
    if (excluded) {
      refuse(i, j, ga, gb, p, 'a pair across the clusters was decided not to be a duplicate');
      continue;
    }
    const mean = sum / (ga.members.length * gb.members.length);
    // A name-rule link joins a group whose other members are spelled otherwise (a typo, an
    // abbreviation) unless one of them contradicts a member of the other group: the average of
    // a floor-level link and the weak fuzzy pairs would otherwise leave exact twins apart.
    if (!hardLink && mean < reviewWeight && !(kind[index] === 2 && !contradictedAcross(ga.members, gb.members))) {
      refuse(i, j, ga, gb, p, `average linkage ${mean.toFixed(2)} bits below the review threshold (${reviewWeight.toFixed(2)})`);
      continue;
    }
    // Merge gb into ga.
    for (const y of gb.members) {
      ga.members.push(y);
      groupOf[y] = groupOf[i] as number;
    }
    ga.tax ??= gb.tax;
    for (const s of gb.sources) ga.sources.add(s);
    ga.weakest = Math.min(ga.weakest, gb.weakest, hardLink ? 1 : weightToProbability(min));
    ga.notes.push(...gb.notes);
    ga.bridged ||= gb.bridged;
    gb.members = [];
  }

  function contradictedAcross(xs: readonly number[], ys: readonly number[]): boolean {
    for (const i of xs) for (const j of ys) if (contradictionOf(records[i] as MatchRecord, records[j] as MatchRecord) !== null) return true;
    return false;
  }

  const clusters: MatchCluster[] = [];
  for (const g of groups) {
    if (g.members.length < 2) continue;
    const members = [...g.members].sort((x, y) => x - y);
    const pairs: ScoredPair[] = [];
    let allAuto = true;
    const weak: string[] = [];
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = records[members[x] as number] as MatchRecord;
        const b = records[members[y] as number] as MatchRecord;
        const p = scoredPair(members[x] as number, members[y] as number);
        pairs.push(p);
        if (!isAutoPair(p, a, b, thresholds)) {
          allAuto = false;
          const contradiction = contradictionOf(a, b);
          if (weak.length < 3) weak.push(`${a.id}~${b.id} p=${p.probability.toFixed(3)}${contradiction ? ` (${CONTRADICTION_TEXT[contradiction]})` : ''}`);
        }
      }
    }
    const reasons: string[] = [];
    if (!allAuto) reasons.push(`not every pair is an automatic match: ${weak.join(', ')}`);
    if (g.bridged) reasons.push(...new Set(g.notes));
    const hard = pairs.some((p) => p.evidence === 'same_tax_id' || p.evidence === 'same_email');
    clusters.push({
      members: members.map((i) => (records[i] as MatchRecord).id),
      decision: reasons.length === 0 ? 'auto' : 'review',
      reason:
        reasons.length === 0
          ? `${members.length} records, every pair ≥ ${thresholds.autoMerge}${hard ? ' or hard evidence (same tax id / e-mail)' : ''}`
          : reasons.join('; '),
      pairs,
    });
  }
  return { clusters, refused, refusedLinks };
}

function markBridge(g: Group, note: string): void {
  g.bridged = true;
  if (g.notes.length < 3) g.notes.push(`bridged: a strong link was refused (${note})`);
}

