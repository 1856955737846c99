import { describe, expect, it } from 'vitest';
import { accountMatchRecord, contactMatchRecord } from './match-record';
import { defaultMatchModel } from './match-model';
import { explainPair, pairEvidence, pairWeight, compileModel, scorePair, tfAdjustment, weightToProbability } from './score-pair';

const account = (id: string, v: object) => accountMatchRecord(id, { name: 'Distribuciones Pérez S.L.', ...v });

describe('pairEvidence', () => {
  it.each([
    ['same valid tax id', account('a', { tax_id: 'B12345674', tax_id_country: 'ES' }), account('b', { tax_id: 'B12345674', tax_id_country: 'ES' }), 'same_tax_id'],
    ['two different tax ids', account('a', { tax_id: 'B12345674', tax_id_country: 'ES' }), account('b', { tax_id: 'A58818501', tax_id_country: 'ES' }), 'different_tax_ids'],
    ['one tax id missing, other names', account('a', { tax_id: 'B12345674', tax_id_country: 'ES' }), account('b', { name: 'Talleres Ruiz' }), null],
    ['one tax id missing, same name: the name rule', account('a', { tax_id: 'B12345674', tax_id_country: 'ES' }), account('b', {}), 'same_name'],
    ['same e-mail (contacts)', contactMatchRecord('a', { email: 'Juan@x.es' }), contactMatchRecord('b', { additional_emails: ['juan@x.es'] }), 'same_email'],
    ['same e-mail is not evidence for accounts', account('a', { email: 'info@x.es' }), account('b', { name: 'Talleres Ruiz', email: 'info@x.es' }), null],
    ['same name in other cities is contradicted', account('a', { city: 'Madrid' }), account('b', { city: 'Sevilla' }), null],
    ['same name with another legal form is contradicted', account('a', {}), account('b', { name: 'Distribuciones Pérez S.A.' }), null],
    ['ООО and LLC are one legal form', account('a', { name: 'ООО «Ромашка»' }), account('b', { name: 'Romashka LLC' }), 'same_name'],
    ['same person name is no evidence for contacts', contactMatchRecord('a', { first_name: 'Ana', last_name: 'Gil' }), contactMatchRecord('b', { first_name: 'Ana', last_name: 'Gil' }), null],
  ])('%s', (_l, a, b, evidence) => expect(pairEvidence(a, b)).toBe(evidence));
});

describe('scorePair', () => {
  const model = defaultMatchModel('accounts');
  const a = account('a', { street1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid', phone: '+34912345678' });
  const b = accountMatchRecord('b', { name: 'DISTRIBUCIONES PEREZ SL', street1: 'C/ Mayor, 12', postcode: '28013', city: 'MADRID' });
  const far = accountMatchRecord('c', { name: 'Rossi', postcode: '20121', city: 'Milano' });

  it('the weight is the prior plus the contributions, and the fast path agrees', () => {
    const p = scorePair(model, a, b);
    const prior = Math.log2(model.lambda / (1 - model.lambda));
    expect(p.weight).toBeCloseTo(prior + p.contributions.reduce((s, c) => s + c.weight, 0), 10);
    expect(pairWeight(compileModel(model), a, b)).toBeCloseTo(p.weight, 10);
    expect(p.probability).toBeCloseTo(weightToProbability(p.weight), 12);
    expect(p.contributions.map((c) => c.comparison)).toEqual(model.comparisons.map((c) => c.name));
  });

  it('agreement raises, disagreement lowers, a missing value is neutral', () => {
    const near = scorePair(model, a, b);
    const other = scorePair(model, a, far);
    expect(near.probability).toBeGreaterThan(0.99);
    expect(other.probability).toBeLessThan(0.01);
    const phone = near.contributions.find((c) => c.comparison === 'phone')!;
    expect(phone).toEqual({ comparison: 'phone', level: 'null', weight: 0 });
    expect(other.contributions.find((c) => c.comparison === 'name')!.weight).toBeLessThan(0);
  });

  it('explainPair prints the score, the prior and one line per field', () => {
    const text = explainPair(scorePair(model, a, b));
    expect(text.split('\n')[0]).toMatch(/^a ~ b: match weight \d+\.\d\d, probability [01]\.\d{4}$/);
    expect(text).toMatch(/prior\s+log-odds/);
    expect(text).toMatch(/\+\s*\d+\.\d\d\s+street\s+same street and number/);
    // Same name, nothing contradicting: the evidence line says so.
    expect(text).toMatch(/evidence: same name after normalization, nothing contradicts it/);
    expect(text.split('\n')).toHaveLength(3 + model.comparisons.length);
    const withEvidence = explainPair(scorePair(model, account('a', { tax_id: 'B12345674', tax_id_country: 'ES' }), account('b', { tax_id: 'A58818501', tax_id_country: 'ES' })));
    expect(withEvidence).toMatch(/evidence: two different valid tax ids: never merged automatically/);
  });
});

describe('term-frequency contributions', () => {
  // A model whose name comparison knows how common each name is: "servicios" is held by many.
  const base = defaultMatchModel('accounts');
  const model = {
    ...base,
    comparisons: base.comparisons.map((c) => (c.name === 'name' ? { ...c, tf: { total: 1000, counts: { servicios: 200, zubiaurre: 2 } } } : c)),
  };
  const named = (id: string, name: string, city: string) => accountMatchRecord(id, { name, city });

  it('pairs whose exact value is as common share one contribution object, with the adjusted weight', () => {
    const p1 = scorePair(model, named('a', 'Servicios', 'Bilbao'), named('b', 'SERVICIOS', 'Bilbao'));
    const p2 = scorePair(model, named('c', 'Servicios', 'Getxo'), named('d', 'servicios', 'Getxo'));
    const n1 = p1.contributions.find((c) => c.comparison === 'name')!;
    const n2 = p2.contributions.find((c) => c.comparison === 'name')!;
    expect(n1).toBe(n2);
    const cm = compileModel(model);
    const exact = cm.contributions[0]![1]!;
    const adj = tfAdjustment(cm.tf[0]!, 'servicios');
    expect(adj).toBeLessThan(0);
    expect(n1.weight).toBe(exact.weight + adj);
    expect(n1.level).toBe(`exact (term frequency ${adj.toFixed(1)})`);
    expect(Object.isFrozen(n1)).toBe(true);
  });

  it('a rarer value gets its own, larger adjustment', () => {
    const common = scorePair(model, named('a', 'Servicios', 'Bilbao'), named('b', 'Servicios', 'Bilbao'));
    const rare = scorePair(model, named('c', 'Zubiaurre', 'Bilbao'), named('d', 'Zubiaurre', 'Bilbao'));
    const w = (p: typeof common) => p.contributions.find((c) => c.comparison === 'name')!.weight;
    expect(w(rare)).toBeGreaterThan(w(common));
    expect(rare.contributions).toHaveLength(model.comparisons.length);
  });
});
