import { describe, expect, it } from 'vitest';
import { clusterRecords, DEFAULT_MATCH_THRESHOLDS } from './cluster-records';
import { accountMatchRecord, type AccountMatchInput, type MatchRecord } from './match-record';
import { defaultMatchModel } from './match-model';
import { compileModel, pairWeight } from './score-pair';

const model = defaultMatchModel('accounts');
const cm = compileModel(model);

/** Every pair of records as a link (the tests are small), as blocking would propose them. */
function allLinks(records: readonly MatchRecord[]) {
  const links = [];
  for (let i = 0; i < records.length; i++) for (let j = i + 1; j < records.length; j++) links.push({ i, j, weight: pairWeight(cm, records[i]!, records[j]!) });
  return links;
}

function run(inputs: readonly AccountMatchInput[], options: { excluded?: [string, string][]; maxClusterSize?: number } = {}) {
  const records = inputs.map((v, i) => accountMatchRecord(`r${i}`, v));
  const excluded = new Set((options.excluded ?? []).map(([a, b]) => `${a}|${b}`));
  return clusterRecords({
    model,
    records,
    links: allLinks(records),
    isExcludedPair: (a, b) => excluded.has(`${a}|${b}`) || excluded.has(`${b}|${a}`),
    ...(options.maxClusterSize ? { maxClusterSize: options.maxClusterSize } : {}),
  });
}

const perez = { name: 'Distribuciones Pérez S.L.', street1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid', phone: '+34912345678' };

describe('clusterRecords', () => {
  it('merges one company written three ways, automatically', () => {
    const r = run([
      { ...perez, tax_id: 'B12345674', tax_id_country: 'ES' },
      { ...perez, name: 'distribuciones perez' },
      { ...perez, name: 'DISTRIBUCIONES PEREZ SL', phone: null },
    ]);
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]).toMatchObject({ members: ['r0', 'r1', 'r2'], decision: 'auto' });
    expect(r.clusters[0]!.pairs).toHaveLength(3);
    expect(r.clusters[0]!.reason).toMatch(/every pair ≥ 0\.99/);
  });

  it('never chains two different tax ids through a record without one', () => {
    const r = run([
      { ...perez, tax_id: 'B12345674', tax_id_country: 'ES' },
      { ...perez },
      { ...perez, tax_id: 'A58818501', tax_id_country: 'ES' },
    ]);
    for (const c of r.clusters) expect(c.members.includes('r0') && c.members.includes('r2')).toBe(false);
    expect(r.refused.some((x) => x.reason === 'different tax ids')).toBe(true);
  });

  it('the same valid tax id merges even when the names differ', () => {
    const r = run([
      { name: 'Pérez Hermanos', tax_id: 'B12345674', tax_id_country: 'ES' },
      { name: 'Distribuciones del Sur', tax_id: 'B12345674', tax_id_country: 'ES', city: 'Sevilla' },
    ]);
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]!.decision).toBe('auto');
    expect(r.clusters[0]!.reason).toMatch(/hard evidence/);
  });

  it('same name with different legal forms (a subsidiary?) goes to review, not auto', () => {
    const r = run([
      { ...perez, name: 'Rossi Costruzioni S.p.A.' },
      { ...perez, name: 'Rossi Costruzioni S.r.l.' },
    ]);
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]!.decision).toBe('review');
    expect(r.clusters[0]!.reason).toMatch(/different legal forms/);
  });

  it('a single strong link between two different groups is a bridge: no merge, review', () => {
    const rossi = { name: 'Rossi Costruzioni', street1: 'Via Roma 5', postcode: '20121', city: 'Milano', country_code: 'IT' };
    const r = run([
      perez,
      { ...perez, name: 'Distribuciones Perez' },
      { ...perez, name: 'DISTRIBUCIONES PEREZ' },
      rossi,
      { ...rossi, name: 'Rossi Costruzioni' },
      // Shares the phone with Pérez and the rest with Rossi: one strong link each way.
      { ...rossi, phone: '+34912345678', name: 'Rossi Costruzioni' },
    ]);
    const clusters = r.clusters.map((c) => c.members);
    for (const c of clusters) expect(c.some((m) => ['r0', 'r1', 'r2'].includes(m)) && c.some((m) => ['r3', 'r4', 'r5'].includes(m))).toBe(false);
    expect(clusters).toContainEqual(['r0', 'r1', 'r2']);
  });

  it('a record that overwhelmingly matches one member joins even if it matches another weakly', () => {
    const vektor = { name: 'ООО Вектор Авто', tax_id: '2343576442', tax_id_country: 'RU', country_code: 'RU' };
    const r = run([
      { ...vektor, email: 'dmitriy@yandex.ru', phone: '+78615295347', street1: 'пер. Лесная, д. 167', postcode: '350031' },
      { ...vektor, street1: 'пер. Молодёжная, д. 159', city: 'Краснодар' },
      { name: 'Вектор Атво', country_code: 'RU', email: 'dmitriy@yandex.ru', phone: '+78615295347', street1: 'пер. Лесная, д. 167' },
    ]);
    expect(r.clusters.map((c) => c.members)).toEqual([['r0', 'r1', 'r2']]);
    expect(r.clusters[0]!.decision).toBe('review'); // r1 ~ r2 alone is weak
  });

  it('remembers "not a duplicate": such a pair is never clustered', () => {
    const r = run([perez, { ...perez }], { excluded: [['r0', 'r1']] });
    expect(r.clusters).toHaveLength(0);
  });

  it('a weak link is proposed for review, not merged automatically', () => {
    const r = run([
      { name: 'Distribuciones Pérez', postcode: '28013', city: 'Madrid' },
      { name: 'Distribuciones Pérez', postcode: '28013', city: 'Madrid' },
    ]);
    expect(r.clusters).toHaveLength(1);
    const p = r.clusters[0]!.pairs[0]!.probability;
    expect(p).toBeGreaterThanOrEqual(DEFAULT_MATCH_THRESHOLDS.review);
    expect(p).toBeLessThan(DEFAULT_MATCH_THRESHOLDS.autoMerge);
    expect(r.clusters[0]!.decision).toBe('review');
  });

  it('caps the size of a cluster', () => {
    const r = run(Array.from({ length: 5 }, () => perez), { maxClusterSize: 3 });
    expect(Math.max(...r.clusters.map((c) => c.members.length))).toBe(3);
    expect(r.refused.some((x) => /exceed 3/.test(x.reason))).toBe(true);
    expect(r.clusters.find((c) => c.members.length === 3)!.decision).toBe('review');
  });

  it('link-only: one-to-one across sources', () => {
    const records = [perez, perez, perez].map((v, i) => accountMatchRecord(`r${i}`, v));
    const r = clusterRecords({ model, records, links: allLinks(records), sources: [0, 1, 1], oneToOne: true });
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]!.members).toHaveLength(2);
    expect(r.clusters[0]!.members).toContain('r0');
  });
});
