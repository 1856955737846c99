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

function sizes(labels: ReadonlyMap<string, string>, ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) {
    const l = labels.get(id) as string;
    out.set(l, (out.get(l) ?? 0) + 1);
  }
  return out;
}

/**
 * `predicted` and `truth` map every record id to a cluster label / entity label. Records missing
 * from `predicted` are alone. Only ids present in `truth` are scored.
 */
export function evaluateClustering(predicted: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): ClusteringScores {
  const ids = [...truth.keys()];
  const pred = new Map<string, string>();
  for (const id of ids) pred.set(id, predicted.get(id) ?? `\u0000alone:${id}`);
  const predSize = sizes(pred, ids);
  const trueSize = sizes(truth, ids);
  const joint = new Map<string, number>();
  for (const id of ids) {
    const key = `${pred.get(id)}\u0001${truth.get(id)}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let tp = 0;
  for (const k of joint.values()) tp += pairsOf(k);
  let predictedPairs = 0;
  for (const k of predSize.values()) predictedPairs += pairsOf(k);
  let truePairs = 0;
  for (const k of trueSize.values()) truePairs += pairsOf(k);
  let bp = 0;
  let br = 0;
  for (const id of ids) {
    const both = joint.get(`${pred.get(id)}\u0001${truth.get(id)}`) as number;
    bp += both / (predSize.get(pred.get(id) as string) as number);
    br += both / (trueSize.get(truth.get(id) as string) as number);
  }
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const n = ids.length || 1;
  return {
    records: ids.length,
    pairwise: { truePositives: tp, predictedPairs, truePairs, precision, recall, f1: f1(precision, recall) },
    bcubed: { precision: bp / n, recall: br / n, f1: f1(bp / n, br / n) },
  };
}
