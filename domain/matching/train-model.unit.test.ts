import { describe, expect, it } from 'vitest';
import { accountMatchRecord, contactMatchRecord } from './match-record';
import { defaultMatchModel, MatchModel } from './match-model';
import { scorePair } from './score-pair';
import { testPeople } from './test-people';
import { trainMatchModel } from './train-model';

const level = (model: MatchModel, comparison: string, label: string) => {
  const c = model.comparisons.find((x) => x.name === comparison)!;
  const l = c.levels.indexOf(label);
  return { m: c.m[l] as number, u: c.u[l] as number };
};

describe('trainMatchModel', () => {
  const people = testPeople(400);

  it('is deterministic: same records, same model', { timeout: 30_000 }, () => {
    const a = trainMatchModel('contacts', people.records);
    const b = trainMatchModel('contacts', [...people.records]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // The seed draws the u sample; 400 records have fewer pairs than the default sample, so all of
    // them are counted and the seed plays no part. With a smaller sample it does.
    expect(JSON.stringify(trainMatchModel('contacts', people.records, { seed: 7 }))).toBe(JSON.stringify(a));
    const sampled = trainMatchModel('contacts', people.records, { uSamplePairs: 20_000 });
    expect(JSON.stringify(trainMatchModel('contacts', people.records, { uSamplePairs: 20_000 }))).toBe(JSON.stringify(sampled));
    expect(JSON.stringify(trainMatchModel('contacts', people.records, { seed: 7, uSamplePairs: 20_000 }))).not.toBe(JSON.stringify(sampled));
  });

  it('learns that exact identifiers are strong evidence and λ close to the truth', () => {
    const model = trainMatchModel('contacts', people.records);
    const dob = level(model, 'birth_date', 'exact');
    const nid = level(model, 'national_id', 'exact');
    expect(dob.m).toBeGreaterThan(0.8);
    expect(dob.u).toBeLessThan(0.01);
    expect(nid.m).toBeGreaterThan(0.8);
    expect(nid.u).toBeLessThan(0.001);
    // True pairs over all pairs.
    const sizes = new Map<string, number>();
    for (const e of people.truth.values()) sizes.set(e, (sizes.get(e) ?? 0) + 1);
    const truePairs = [...sizes.values()].reduce((s, k) => s + (k * (k - 1)) / 2, 0);
    const n = people.records.length;
    const actual = truePairs / ((n * (n - 1)) / 2);
    expect(model.lambda).toBeGreaterThan(actual / 2);
    expect(model.lambda).toBeLessThan(actual * 2);
    expect(model.training).toMatchObject({ records: n, converged: true });
  });

  it('never estimates a probability of exactly 0 or 1', () => {
    const model = trainMatchModel('contacts', people.records);
    for (const c of model.comparisons) for (const p of [...c.m, ...c.u]) expect(p > 0 && p < 1).toBe(true);
  });

  it('round-trips through JSON and its schema', () => {
    const model = trainMatchModel('contacts', people.records);
    expect(MatchModel.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(MatchModel.parse(defaultMatchModel('accounts'))).toEqual(defaultMatchModel('accounts'));
  });

  it('rejects a stored model whose comparisons no longer match the code', () => {
    const model = defaultMatchModel('contacts');
    const renamed = { ...model, comparisons: model.comparisons.map((c, i) => (i === 0 ? { ...c, name: 'given' } : c)) };
    expect(MatchModel.safeParse(renamed).success).toBe(false);
    expect(MatchModel.safeParse({ ...model, comparisons: model.comparisons.slice(1) }).success).toBe(false);
  });

  it('adjusts exact matches by term frequency: a rare surname weighs more than "smith"', () => {
    const model = trainMatchModel('contacts', people.records);
    const pair = (last: string) =>
      scorePair(model, contactMatchRecord('a', { last_name: last }), contactMatchRecord('b', { last_name: last })).contributions.find((c) => c.comparison === 'last_name')!;
    const common = pair('smith');
    const rare = pair('sondergeld');
    const unseen = pair('zubiaurre');
    expect(common.level).toMatch(/^exact \(term frequency −?-?\d/);
    expect(rare.weight).toBeGreaterThan(common.weight + 1);
    expect(unseen.weight).toBeGreaterThanOrEqual(rare.weight);
  });

  it('counts companies, not records, behind a repeated company name', () => {
    const records = [
      // One company's orders: the same name twenty times, one city.
      ...Array.from({ length: 20 }, (_, k) => accountMatchRecord(`a${k}`, { name: 'Talleres Zubiaurre S.L.', city: 'Bilbao' })),
      // Three companies with one name: three cities.
      ...['Madrid', 'Sevilla', 'Vigo'].map((city, k) => accountMatchRecord(`s${k}`, { name: 'Servicios Integrales', city })),
      ...Array.from({ length: 60 }, (_, k) => accountMatchRecord(`o${k}`, { name: `Empresa ${k} ${String.fromCharCode(97 + (k % 26))}${k}`, city: 'Bilbao' })),
    ];
    const tf = trainMatchModel('accounts', records).comparisons.find((c) => c.name === 'name')?.tf;
    expect(tf?.counts).toMatchObject({ 'talleres zubiaurre': 20, 'servicios integrales': 3 });
    expect(tf?.entities).toEqual({ 'servicios integrales': 3 });
  });

  it('returns the default model when there is nothing to learn from', () => {
    expect(trainMatchModel('accounts', [])).toEqual(defaultMatchModel('accounts'));
    // Two records that share no blocking key: no candidate pair, so no estimate of λ either.
    const strangers = [contactMatchRecord('a', { first_name: 'anna', last_name: 'smith' }), contactMatchRecord('b', { first_name: 'george', last_name: 'parr' })];
    expect(trainMatchModel('contacts', strangers)).toEqual(defaultMatchModel('contacts'));
  });
});
