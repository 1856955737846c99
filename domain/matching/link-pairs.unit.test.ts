import { describe, expect, it } from 'vitest';
import { companyRows } from '../../bench/generators/companies-rows';
import { candidatePairs } from './candidate-pairs';
import { comparisonsFor } from './comparisons';
import { pruningPlan, linkPairs } from './link-pairs';
import { defaultMatchModel, type MatchModel } from './match-model';
import { accountMatchRecord, type MatchEntity, type MatchRecord } from './match-record';
import { matchRecords } from './match-records';
import { pairLevels } from './pair-levels';
import { compileModel, pairWeight, TF_ADJUSTMENT_CAP } from './score-pair';
import { testPeople } from './test-people';
import { trainMatchModel } from './train-model';

/** Seeded companies as three sources typed them: typos, abbreviations, namesakes, missing fields. */
function companies(n: number): MatchRecord[] {
  const out: MatchRecord[] = [];
  for (const r of companyRows({ records: n, seed: 20261206 })) {
    out.push(accountMatchRecord(r.record_id, {
      name: r.name, tax_id: r.tax_id, website: r.website, email: r.email, phone: r.phone,
      street1: r.street, postcode: r.postcode, city: r.city, region: r.region,
    }));
  }
  return out;
}

const REVIEW_WEIGHT = Math.log2(0.8 / 0.2);

/** Everything matchRecords decides, without its timings and the pruning's own count. */
function decided(entity: MatchEntity, records: readonly MatchRecord[], model: MatchModel, prune: boolean, anchored?: number) {
  const r = matchRecords({ entity, records, model, prune, ...(anchored !== undefined ? { anchored } : {}) });
  const { timingsMs: _t, prunedPairs, ...stats } = r.stats;
  return { pairs: r.pairs, clusters: r.clusters, refused: r.refused, stats, prunedPairs };
}

describe('linkPairs: a given model scores only what can become a link', () => {
  const accounts = companies(3_000);
  const people = testPeople(400, 7);
  const cases: [string, MatchEntity, readonly MatchRecord[], MatchModel][] = [
    ['accounts, default model', 'accounts', accounts, defaultMatchModel('accounts')],
    ['accounts, trained model', 'accounts', accounts, trainMatchModel('accounts', accounts, { seed: 3 })],
    ['contacts, default model', 'contacts', people.records, defaultMatchModel('contacts')],
    ['contacts, trained model', 'contacts', people.records, trainMatchModel('contacts', people.records, { seed: 3 })],
  ];

  it.each(cases)('%s: the same pairs, clusters and refusals as scoring every level, with a fifth of the pairs pruned at least', (_name, entity, records, model) => {
    const full = decided(entity, records, model, false);
    const pruned = decided(entity, records, model, true);
    expect(pruned.pairs.length).toBeGreaterThan(0);
    expect(pruned.clusters.length).toBeGreaterThan(0);
    expect(pruned).toEqual({ ...full, prunedPairs: pruned.prunedPairs });
    expect(full.prunedPairs).toBe(0);
    // Not a no-op: 26–90% of these candidate pairs are pruned (most would be, in a CRM without so
    // many duplicates: docs/performance-log.md).
    expect(pruned.prunedPairs).toBeGreaterThan(full.stats.blocking.candidatePairs / 5);
  });

  it('without keepPairs (a match stage): the same clusters, the tax id conflicts never scored', () => {
    for (const model of [defaultMatchModel('accounts'), trainMatchModel('accounts', accounts, { seed: 3 })]) {
      const full = matchRecords({ entity: 'accounts', records: accounts, model, prune: false });
      const lean = matchRecords({ entity: 'accounts', records: accounts, model, keepPairs: false });
      // In another order: clustering lists a cluster where its first link was taken, and the
      // links it refused for their tax ids took their turns too.
      const byFirstMember = (cs: typeof full.clusters) => [...cs].sort((x, y) => (x.members[0]! < y.members[0]! ? -1 : 1));
      expect(lean.clusters.length).toBe(full.clusters.length);
      expect(byFirstMember(lean.clusters)).toEqual(byFirstMember(full.clusters));
      expect(lean.stats.taxIdConflicts).toBeGreaterThan(0);
      expect(lean.stats.prunedPairs + lean.stats.taxIdConflicts).toBeLessThanOrEqual(lean.stats.blocking.candidatePairs);
    }
  });

  it('anchored (an incremental chunk): the same decisions', () => {
    const model = defaultMatchModel('accounts');
    expect(decided('accounts', accounts, model, true, 1_000)).toEqual({ ...decided('accounts', accounts, model, false, 1_000), prunedPairs: expect.any(Number) });
  });

  it('a pruned pair is below the review threshold, and a link carries the levels and weight of a full scoring', () => {
    for (const model of [defaultMatchModel('accounts'), trainMatchModel('accounts', accounts, { seed: 3 })]) {
      const cm = compileModel(model);
      const c = candidatePairs('accounts', accounts);
      const levels = pairLevels(comparisonsFor('accounts'), accounts, c);
      const { links, levels: linkLevels } = linkPairs(cm, accounts, c, REVIEW_WEIGHT);
      const linked = new Map(links.map((l) => [`${l.i}:${l.j}`, l]));
      const C = cm.comparisons.length;
      for (let k = 0; k < c.a.length; k++) {
        const a = accounts[c.a[k]!]!;
        const b = accounts[c.b[k]!]!;
        const link = linked.get(`${c.a[k]}:${c.b[k]}`);
        const w = pairWeight(cm, a, b);
        if (w >= REVIEW_WEIGHT) expect(link?.weight).toBe(w);
        if (!link) continue;
        expect([...linkLevels.subarray(link.k * C, (link.k + 1) * C)]).toEqual([...levels.subarray(k * C, (k + 1) * C)]);
      }
    }
  });

  it('the bound counts a rare value\'s term-frequency bonus, so an exact rare name is never pruned for it', () => {
    const cm = compileModel(trainMatchModel('accounts', accounts, { seed: 3 }));
    expect(cm.tf[cm.comparisons.findIndex((x) => x.name === 'name')]).not.toBeNull();
    const { order, upTo } = pruningPlan(cm);
    const name = cm.comparisons.findIndex((x) => x.name === 'name');
    const step = [...order].indexOf(name);
    // The steps from the name on can add at least the name's exact weight plus the cap.
    expect(upTo[step]! - upTo[step + 1]!).toBeCloseTo(cm.weights[name]![1]! + TF_ADJUSTMENT_CAP, 9);
    // Cheap comparisons first: every equality test before any Jaro-Winkler.
    const costs = [...order].map((c) => cm.comparisons[c]!.cost);
    expect(costs).toEqual([...costs].sort((x, y) => x - y));
  });
});
