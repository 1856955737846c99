/**
 * Quality of a clustering against the truth: pairwise precision/recall/F1 (over record pairs
 * placed together) and B-cubed precision/recall/F1 (per record, averaged). Counting goes through
 * the contingency table of (predicted cluster, true entity), so it is linear in the records.
 */
export interface PairwiseScores {
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusteringScores {
  records: number;
  pairwise: PairwiseScores;
  bcubed: { precision: number; recall: number; f1: number };
}

const pairsOf = (k: number): number => (k * (k - 1)) / 2;
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Labels → dense integers, so the contingency table is keyed by numbers, not joined strings. */
function intern(labels: readonly string[]): { codes: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const codes = new Int32Array(labels.length);
  labels.forEach((l, i) => {
    let c = ids.get(l);
    if (c === undefined) ids.set(l, (c = ids.size));
    codes[i] = c;
  });
  return { codes, count: ids.size };
}

/**
 * `predicted` and `truth` map every record id to a cluster label / entity label. Records missing
 * from `predicted` are alone. Only ids present in `truth` are scored.
 */
export function evaluateClustering(predicted: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): ClusteringScores {
  const ids = [...truth.keys()];
  const n = ids.length;
  const pred = intern(ids.map((id) => predicted.get(id) ?? `\u0000alone:${id}`));
  const real = intern(ids.map((id) => truth.get(id) as string));
  const predSize = new Float64Array(pred.count);
  const trueSize = new Float64Array(real.count);
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const p = pred.codes[i] as number;
    const t = real.codes[i] as number;
    predSize[p]! += 1;
    trueSize[t]! += 1;
    const key = p * real.count + t;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let tp = 0;
  for (const k of joint.values()) tp += pairsOf(k);
  let predictedPairs = 0;
  for (const k of predSize) predictedPairs += pairsOf(k);
  let truePairs = 0;
  for (const k of trueSize) truePairs += pairsOf(k);
  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const p = pred.codes[i] as number;
    const t = real.codes[i] as number;
    const both = joint.get(p * real.count + t) as number;
    bp += both / (predSize[p] as number);
    br += both / (trueSize[t] as number);
  }
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const d = n || 1;
  return {
    records: n,
    pairwise: { truePositives: tp, predictedPairs, truePairs, precision, recall, f1: f1(precision, recall) },
    bcubed: { precision: bp / d, recall: br / d, f1: f1(bp / d, br / d) },
  };
}
