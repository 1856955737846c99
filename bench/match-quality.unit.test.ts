import { describe, expect, it } from 'vitest';
import { checkTargets, febrlEntityOf, formatExactNameTable, formatQualityTable, parseClusterCsv, scoreClusters, type QualityReport } from './match-quality';

// Truth: A = {a1, a2, a3}, B = {b1, b2}, C = {c1}.
const TRUTH = new Map([['a1', 'A'], ['a2', 'A'], ['a3', 'A'], ['b1', 'B'], ['b2', 'B'], ['c1', 'C']]);
// a1+a2 merged automatically (right), a3+b1 sent to review (wrong), b2 and c1 alone.
const CLUSTERS = 'id,cluster_id,decision\na1,1,auto\na2,1,auto\na3,2,review\nb1,2,review\nb2,3,\nc1,4,\n';

describe('match quality scoring', () => {
  it.each([
    ['rec-12-org', '12'],
    ['rec-12-dup-0', '12'],
    [' rec-4990-dup-3 ', '4990'],
  ])('febrlEntityOf(%j) = %j', (id, entity) => {
    expect(febrlEntityOf(id)).toBe(entity);
  });

  it.each(['rec-12', 'rec-x-org', '12'])('febrlEntityOf rejects %j', (id) => {
    expect(() => febrlEntityOf(id)).toThrow(/FEBRL/);
  });

  it('reads cluster files with or without header and decision', () => {
    expect(parseClusterCsv('a,1\nb,1,auto\n')).toEqual([{ id: 'a', cluster: '1', decision: '' }, { id: 'b', cluster: '1', decision: 'auto' }]);
    expect(parseClusterCsv(CLUSTERS)).toHaveLength(6);
    expect(() => parseClusterCsv('id,cluster_id\na,\n')).toThrow(/line 2/);
  });

  it('scores all proposed clusters and the automatic merges alone', () => {
    const s = scoreClusters(parseClusterCsv(CLUSTERS), TRUTH);
    expect(s.clusters).toEqual({ auto: 1, review: 1 });
    expect(s.outputRecords).toBe(6);
    // all: predicted pairs a1-a2 (true), a3-b1 (false); true pairs: 3 in A, 1 in B.
    expect(s.all.pairwise).toMatchObject({ truePositives: 1, predictedPairs: 2, truePairs: 4, precision: 0.5, recall: 0.25 });
    expect(s.all.pairwise.f1).toBeCloseTo(1 / 3, 10);
    expect(s.all.bcubed.precision).toBeCloseTo(5 / 6, 10);
    expect(s.all.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2 + 1) / 6, 10);
    // auto: only a1-a2 is merged.
    expect(s.auto.pairwise).toMatchObject({ truePositives: 1, predictedPairs: 1, precision: 1, recall: 0.25 });
  });

  it('scores records missing from the output as alone', () => {
    const s = scoreClusters(parseClusterCsv('a1,1,auto\na2,1,auto\n'), TRUTH);
    expect(s.outputRecords).toBe(2);
    expect(s.all.records).toBe(6);
    expect(s.all.pairwise).toMatchObject({ predictedPairs: 1, truePairs: 4, precision: 1, recall: 0.25 });
  });

  it('refuses ids that are not in the input, or written twice', () => {
    expect(() => scoreClusters(parseClusterCsv('zz,1,auto\n'), TRUTH)).toThrow(/not in the input/);
    expect(() => scoreClusters(parseClusterCsv('a1,1\na1,2\n'), TRUTH)).toThrow(/twice/);
  });

  it('applies the targets: auto precision everywhere, F1 on FEBRL 3 and 4a+4b', () => {
    const s = scoreClusters(parseClusterCsv(CLUSTERS), TRUTH);
    expect(checkTargets('FEBRL 1', s)).toEqual([{ metric: 'autoPrecision', min: 0.99, value: 1, pass: true }]);
    expect(checkTargets('FEBRL 3', s).map((t) => [t.metric, t.min, t.pass])).toEqual([['autoPrecision', 0.99, true], ['f1', 0.95, false]]);
    expect(checkTargets('FEBRL 4a+4b', s).find((t) => t.metric === 'f1')?.min).toBe(0.98);
  });

  it('adds a target against exact-name grouping when its scores are known', () => {
    const s = scoreClusters(parseClusterCsv(CLUSTERS), TRUTH);
    // Exact-name grouping that put a1, a2, a3 together and b1, b2 together: every true pair, nothing wrong.
    const exact = scoreClusters(parseClusterCsv('a1,A\na2,A\na3,A\nb1,B\nb2,B\nc1,C\n'), TRUTH).all;
    const target = checkTargets('Company names', s, exact).find((t) => t.metric === 'f1OverExactName');
    expect(target).toEqual({ metric: 'f1OverExactName', min: 1, value: s.all.pairwise.f1, pass: false });
    expect(checkTargets('Company names', s).some((t) => t.metric === 'f1OverExactName')).toBe(false);
  });

  it('prints the matcher next to exact-name grouping, with the sparse-record counts', () => {
    const s = scoreClusters(parseClusterCsv(CLUSTERS), TRUTH);
    const exact = scoreClusters(parseClusterCsv('a1,A\na2,A\nb1,B\nb2,B\na3,X\nc1,C\n'), TRUTH).all;
    const r: QualityReport = {
      dataset: 'Company names', records: 6, ...s, exactName: exact, targets: [], pass: true, seconds: 1, peakRssMB: null, candidatePairs: 3, rejectedRows: 0,
      tooFewFields: 2, nameOnly: 6, stats: null,
    };
    const lines = formatExactNameTable([r, { ...r, dataset: 'FEBRL 1', exactName: null, tooFewFields: null, nameOnly: null }]).split('\n');
    // Matcher F1 1/3, exact-name grouping P 1, R 0.5, F1 2/3: the matcher is 0.3333 below.
    expect(lines[2]).toMatch(/^Company names +0\.5000 +0\.2500 +0\.3333 .* 1\.0000 +0\.5000 +0\.6667 .* −0\.3333 +2 +6$/);
    expect(lines[3]).toMatch(/^FEBRL 1 .* - +- +- +- +- +- +-$/);
  });

  it('prints PASS, MISS with the failing metric, and errors', () => {
    const s = scoreClusters(parseClusterCsv(CLUSTERS), TRUTH);
    const report = (dataset: string, extra: Partial<QualityReport> = {}): QualityReport => {
      const targets = checkTargets(dataset, s);
      return {
        dataset, records: 6, ...s, exactName: null, targets, pass: targets.every((t) => t.pass), seconds: 1.25, peakRssMB: 100, candidatePairs: 10, rejectedRows: 0,
        tooFewFields: null, nameOnly: null, stats: null, ...extra,
      };
    };
    const table = formatQualityTable([report('FEBRL 1'), report('FEBRL 3'), report('Companies', { error: 'match-file exited with 1', pass: false })]);
    const lines = table.split('\n');
    expect(lines[2]).toMatch(/^FEBRL 1 .* 0\.5000 .*PASS$/);
    expect(lines[3]).toMatch(/MISS \(f1 0\.3333\)$/);
    expect(lines[4]).toMatch(/ERROR$/);
    expect(table).toContain('Companies: match-file exited with 1');
  });
});
