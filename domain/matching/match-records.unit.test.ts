import { describe, expect, it } from 'vitest';
import { candidatePairs } from './candidate-pairs';
import { comparisonsFor } from './comparisons';
import { evaluateClustering } from './evaluation';
import { accountMatchRecord } from './match-record';
import { matchRecords } from './match-records';
import { pairLevels } from './pair-levels';
import { compileModel, scorePair, scoredPairFromLevels } from './score-pair';
import { testPeople } from './test-people';
import { trainMatchModel } from './train-model';

describe('matchRecords', () => {
  const people = testPeople(300, 3);

  it('finds the duplicates of a seeded population, precisely', () => {
    const r = matchRecords({ entity: 'contacts', records: people.records });
    const predicted = new Map<string, string>();
    r.clusters.forEach((c, k) => c.members.forEach((m) => predicted.set(m, `c${k}`)));
    const s = evaluateClustering(predicted, people.truth);
    expect(s.pairwise.precision).toBeGreaterThan(0.97);
    expect(s.pairwise.recall).toBeGreaterThan(0.9);
    expect(r.stats.records).toBe(people.records.length);
    expect(r.stats.clusters.recordsInClusters + r.stats.clusters.singletons).toBe(people.records.length);
    for (const c of r.clusters) expect(['auto', 'review']).toContain(c.decision);
    for (const p of r.pairs) expect(p.probability >= 0.8 || p.evidence !== null).toBe(true);
  });

  it('is deterministic', () => {
    const a = matchRecords({ entity: 'contacts', records: people.records });
    const b = matchRecords({ entity: 'contacts', records: people.records });
    expect(JSON.stringify(a.clusters)).toBe(JSON.stringify(b.clusters));
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
  });

  it('link-only: only cross-source pairs, each record in at most one link', () => {
    const sources = people.records.map((_, i) => i % 2);
    const r = matchRecords({ entity: 'contacts', records: people.records, sources, linkOnly: true });
    const sourceOf = new Map(people.records.map((rec, i) => [rec.id, sources[i]]));
    for (const c of r.clusters) {
      expect(c.members).toHaveLength(2);
      expect(sourceOf.get(c.members[0]!)).not.toBe(sourceOf.get(c.members[1]!));
    }
  });

  it('a given model is used as is, and pairs built from stored levels equal scorePair', () => {
    const model = trainMatchModel('contacts', people.records, { seed: 5 });
    const r = matchRecords({ entity: 'contacts', records: people.records, model });
    expect(r.model).toBe(model);
    const c = candidatePairs('contacts', people.records);
    const levels = pairLevels(comparisonsFor('contacts'), people.records, c);
    const cm = compileModel(model);
    for (const k of [0, 1, Math.floor(c.a.length / 2), c.a.length - 1]) {
      const a = people.records[c.a[k]!]!;
      const b = people.records[c.b[k]!]!;
      expect(scoredPairFromLevels(cm, levels, k, a, b)).toEqual(scorePair(model, a, b));
    }
  });

  it('without keepPairs: the same clusters and pair explanations, no other pairs or refused links kept', () => {
    const perez = { name: 'Distribuciones Pérez S.L.', street1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid', phone: '+34912345678', website: 'perez.es' };
    const companies = [
      accountMatchRecord('c0', { ...perez, tax_id: 'B12345674', tax_id_country: 'ES' }),
      accountMatchRecord('c1', { ...perez, tax_id: 'A58818501', tax_id_country: 'ES' }),
      accountMatchRecord('c2', { ...perez, name: 'DISTRIBUCIONES PEREZ SL' }),
    ];
    for (const [entity, records] of [['contacts', people.records], ['accounts', companies]] as const) {
      const model = trainMatchModel(entity, records, { seed: 5 });
      const full = matchRecords({ entity, records, model });
      const lean = matchRecords({ entity, records, model, keepPairs: false });
      expect(full.clusters.length).toBeGreaterThan(0);
      expect(JSON.stringify(lean.clusters)).toBe(JSON.stringify(full.clusters));
      expect(full.pairs.length).toBeGreaterThan(0);
      expect(lean.pairs).toEqual([]);
      expect(lean.refused).toEqual([]);
      // Two valid tax ids are never offered as a link: they could only be refused.
      const conflicts = full.refused.filter((r) => r.pair.evidence === 'different_tax_ids').length;
      expect(lean.stats.refusedLinks).toBe(full.refused.length - conflicts);
      expect(lean.stats.taxIdConflicts).toBeGreaterThanOrEqual(conflicts);
      expect(full.stats.taxIdConflicts).toBe(0);
      const same = (s: typeof lean.stats) => ({ ...s, timingsMs: null, refusedLinks: null, taxIdConflicts: null, linkedPairs: null, prunedPairs: null });
      expect(same(lean.stats)).toEqual(same(full.stats));
      expect(lean.stats.linkedPairs).toBe(full.stats.linkedPairs - conflicts);
    }
    // The accounts' two valid tax ids: one candidate pair left out, the name twin still linked to both.
    const lean = matchRecords({ entity: 'accounts', records: companies, keepPairs: false }).stats;
    const full = matchRecords({ entity: 'accounts', records: companies }).stats;
    expect(full.refusedLinks).toBeGreaterThan(0);
    expect(lean.taxIdConflicts).toBe(1);
    expect(lean.refusedLinks).toBe(full.refusedLinks - 1);
  });
});
