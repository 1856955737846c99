/**
 * Candidate pairs from blocking keys, in about linear time and little memory: each key is
 * hashed to 30 bits and packed with its record index in one float64, so a rule's entries sort
 * as a typed array (no string maps of a million keys). A hash collision only adds a few pairs
 * to score. Blocks larger than the cap are skipped and counted (their records still meet
 * through the other rules). Pairs are packed as i·n + j and de-duplicated across rules.
 */
import { blockingKeys } from './blocking';
import type { MatchEntity, MatchRecord } from './match-record';

export interface RuleStats {
  keys: number;
  blocks: number;
  oversizedBlocks: number;
  recordsInOversizedBlocks: number;
  /** Blocks over the cap of a chained rule: each record paired with the next few only. */
  chainedBlocks: number;
  pairs: number;
}

export interface BlockingStats {
  rules: Record<string, RuleStats>;
  /** Records without any blocking key: too few fields to be compared with anything. */
  recordsWithoutKeys: number;
  rawPairs: number;
  candidatePairs: number;
  maxBlockSize: number;
}

export interface CandidatePairs {
  /** Record indexes, a[k] < b[k]. */
  a: Uint32Array;
  b: Uint32Array;
  stats: BlockingStats;
}

export interface CandidateOptions {
  maxBlockSize?: number;
  /** Source of each record (parallel to records); with linkOnly, only cross-source pairs. */
  sources?: ArrayLike<number>;
  linkOnly?: boolean;
  /**
   * Incremental matching: records [0, anchored) are the pass's own and the rest were matched by
   * earlier passes. A pair of two earlier records is never a candidate: it was decided then, and
   * clustering excludes it anyway. Enumerating it cost most of a chunk's scoring (11M pairs for a
   * 50k-row import, nearly all between candidates).
   */
  anchored?: number;
}

export const DEFAULT_MAX_BLOCK_SIZE = 100;
/**
 * Tighter caps for the name rules: a name key alone ("n:") is the only way a shop record with
 * just a name and a gmail address meets its ERP twin, but in a large CRM a name key shared by
 * hundreds of records is a common name, and its pairs would grow quadratically (at 1M generated
 * companies, name + city blocks of up to 100 made 5.3M of 6.3M candidate pairs, and of up to
 * 30 still 4.0M of 5.0M). Records with a
 * common name still meet through postcode, street number, phone, e-mail, domain or tax id.
 */
export const RULE_BLOCK_CAPS: Readonly<Record<string, number>> = { x: 20, n: 20, nn: 20, w: 12, nc: 12, np: 20 };
/**
 * Rules whose records in one block are interchangeable for blocking (the same whole name): a
 * block over the cap is not skipped but chained, each record paired with the next few, so the
 * block's records still meet (clustering joins them, scoring the other pairs it needs) at a cost
 * linear in the block. A customer list repeating one name 500 times gives 1,500 pairs, not 125,000.
 */
export const CHAINED_RULES: Readonly<Record<string, number>> = { x: 3 };
const IDX_BITS = 2 ** 23; // records per run ≤ 8,388,607
const HASH_MASK = 0x3fffffff;

/** FNV-1a, 30 bits. */
function hash30(s: string, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & HASH_MASK;
}

class Float64Buffer {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export function candidatePairs(entity: MatchEntity, records: readonly MatchRecord[], options: CandidateOptions = {}): CandidatePairs {
  const n = records.length;
  if (n >= IDX_BITS) throw new Error(`candidatePairs handles at most ${IDX_BITS - 1} records per run`);
  const maxBlock = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const { sources, linkOnly = false } = options;
  const anchored = options.anchored ?? n;
  const byRule = new Map<string, Float64Buffer>();
  let recordsWithoutKeys = 0;
  for (let i = 0; i < n; i++) {
    const keys = blockingKeys(entity, records[i] as MatchRecord);
    if (keys.length === 0) recordsWithoutKeys++;
    for (const key of keys) {
      const colon = key.indexOf(':');
      const rule = key.slice(0, colon);
      let buf = byRule.get(rule);
      if (!buf) byRule.set(rule, (buf = new Float64Buffer()));
      buf.push(hash30(key, colon + 1) * IDX_BITS + i);
    }
  }
  const pairs = new Float64Buffer();
  const rules: Record<string, RuleStats> = {};
  const block: number[] = [];
  for (const [rule, buf] of [...byRule].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const entries = buf.view().sort();
    const cap = Math.min(maxBlock, RULE_BLOCK_CAPS[rule] ?? maxBlock);
    const chain = CHAINED_RULES[rule];
    const st: RuleStats = { keys: entries.length, blocks: 0, oversizedBlocks: 0, recordsInOversizedBlocks: 0, chainedBlocks: 0, pairs: 0 };
    rules[rule] = st;
    let k = 0;
    while (k < entries.length) {
      const h = Math.floor((entries[k] as number) / IDX_BITS);
      block.length = 0;
      while (k < entries.length && Math.floor((entries[k] as number) / IDX_BITS) === h) {
        const idx = (entries[k] as number) - h * IDX_BITS;
        // A record with two keys of one rule in the same block (two phones) counts once.
        if (block[block.length - 1] !== idx) block.push(idx);
        k++;
      }
      if (block.length < 2) continue;
      st.blocks++;
      let window = block.length;
      if (block.length > cap) {
        if (chain === undefined) {
          st.oversizedBlocks++;
          st.recordsInOversizedBlocks += block.length;
          continue;
        }
        st.chainedBlocks++;
        window = chain + 1;
      }
      for (let x = 0; x < block.length; x++) {
        const i = block[x] as number;
        if (i >= anchored) break; // sorted by index: the rest of the block is earlier records only
        for (let y = x + 1; y < Math.min(block.length, x + window); y++) {
          const j = block[y] as number;
          if (linkOnly && sources && sources[i] === sources[j]) continue;
          pairs.push(i * n + j); // entries are sorted by index within a hash, so i < j
          st.pairs++;
        }
      }
    }
    buf.data = new Float64Array(0);
  }
  const sorted = pairs.view().sort();
  let unique = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) unique++;
  }
  const a = new Uint32Array(unique);
  const b = new Uint32Array(unique);
  let u = 0;
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k] as number;
    if (k > 0 && v === sorted[k - 1]) continue;
    const i = Math.floor(v / n);
    a[u] = i;
    b[u] = v - i * n;
    u++;
  }
  return { a, b, stats: { rules, recordsWithoutKeys, rawPairs: sorted.length, candidatePairs: unique, maxBlockSize: maxBlock } };
}
