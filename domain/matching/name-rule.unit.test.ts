/**
 * Sparse records: a file of company names (a few with a city) must still match. Identical names
 * after normalization reach review at least; a rare one merges on its own; a common one, or one
 * contradicted by another field, does not.
 */
import { describe, expect, it } from 'vitest';
import { isAutoPair, DEFAULT_MATCH_THRESHOLDS } from './cluster-records';
import { accountMatchRecord, type AccountMatchInput, type MatchRecord } from './match-record';
import { matchRecords } from './match-records';
import { pairEvidence, scorePair } from './score-pair';

const ACTIVITIES = ['Talleres', 'Transportes', 'Construcciones', 'Distribuciones', 'Suministros', 'Gráficas', 'Reformas', 'Climatización'];
const SURNAMES = [
  'Gil', 'Ortega', 'Zubiaurre', 'Castaño', 'Iglesias', 'Lozano', 'Marín', 'Pascual', 'Rubio', 'Soler', 'Vidal', 'Herrero', 'Crespo',
  'Gallego', 'Nieto', 'Sáez', 'Santana', 'Calvo', 'Prieto', 'Bravo', 'Velasco', 'Carmona', 'Ibáñez', 'Ferrer', 'Domínguez',
];
/** Every spelling a customer list holds for one company: the ERP's, capitals, no legal form, lower case. */
const SPELLINGS = [(n: string) => `${n}, S.L.`, (n: string) => `${n.toUpperCase()} SL`, (n: string) => n, (n: string) => `${n.toLowerCase()} sl`];

interface Row extends AccountMatchInput {
  company: string;
}

/** 200 companies, 1–3 records each, only a name; "Servicios Integrales" written by six companies. */
function customerList(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 200; i++) {
    const name = `${ACTIVITIES[i % 8]} ${SURNAMES[Math.floor(i / 8)]}`;
    for (let k = 0; k <= i % 3; k++) rows.push({ company: `c${i}`, name: (SPELLINGS[(i + k) % SPELLINGS.length] as (n: string) => string)(name) });
  }
  ['S.L.', 'S.A.', 'S.L.U.', 'C.B.', 'S.Coop.', 'S.A.'].forEach((form, k) => rows.push({ company: `si${k}`, name: `Servicios Integrales ${form}` }));
  rows.push({ company: 'si-unknown-1', name: 'Servicios Integrales' }, { company: 'si-unknown-2', name: 'SERVICIOS INTEGRALES' });
  // Name and city: one company twice in Bilbao; two namesakes, in Bilbao and in Sevilla.
  rows.push({ company: 'fo-bilbao', name: 'Fontanería Urquijo S.L.', city: 'Bilbao' }, { company: 'fo-bilbao', name: 'FONTANERIA URQUIJO', city: 'BILBAO' });
  rows.push({ company: 'fe-bilbao', name: 'Ferretería Aldecoa', city: 'Bilbao' }, { company: 'fe-sevilla', name: 'Ferretería Aldecoa', city: 'Sevilla' });
  return rows;
}

const rows = customerList();
const records: MatchRecord[] = rows.map((r, i) => accountMatchRecord(`r${i}`, r));
const result = matchRecords({ entity: 'accounts', records });
const clusterOf = new Map<string, { id: number; decision: string }>();
result.clusters.forEach((c, k) => c.members.forEach((m) => clusterOf.set(m, { id: k, decision: c.decision })));
const idsOf = (company: string) => rows.flatMap((r, i) => (r.company === company ? [`r${i}`] : []));
const together = (a: string, b: string) => clusterOf.get(a) !== undefined && clusterOf.get(a)?.id === clusterOf.get(b)?.id;

describe('names-only customer list', () => {
  it.each([
    ['a rare name written twice, once with its legal form', 'c1'],
    ['a rare name written three ways (capitals, no form, lower case with "sl")', 'c2'],
    ['a rare name with an accent dropped in capitals', 'c29'],
    ['name and city agree, the name is rare', 'fo-bilbao'],
  ])('%s: merged automatically', (_label, company) => {
    const ids = idsOf(company);
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids.slice(1)) expect(together(ids[0] as string, id), `${company}: ${id}`).toBe(true);
    expect(clusterOf.get(ids[0] as string)?.decision).toBe('auto');
  });

  it('links a company written identically more often than a name block holds (chained blocks)', () => {
    const many = Array.from({ length: 45 }, (_, k) => accountMatchRecord(`m${k}`, { name: k % 2 ? 'Talleres Zubiaurre S.L.' : 'TALLERES ZUBIAURRE SL' }));
    const r = matchRecords({ entity: 'accounts', records: [...records, ...many] });
    const withMany = r.clusters.filter((c) => c.members.some((m) => m.startsWith('m')));
    expect(withMany).toHaveLength(1);
    expect(withMany[0]?.members.filter((m) => m.startsWith('m'))).toHaveLength(45);
  });

  it('links every company with more than one record (no names-only file ends with no link)', () => {
    const companies = new Set(rows.map((r) => r.company).filter((c) => /^c\d+$/.test(c) && idsOf(c).length > 1));
    const linked = [...companies].filter((c) => idsOf(c).every((id) => together(idsOf(c)[0] as string, id)));
    expect(linked).toHaveLength(companies.size);
    expect(result.stats.linkedPairs).toBeGreaterThan(0);
  });

  it('a common name ("Servicios Integrales") does not merge on the name alone: review at most', () => {
    const unknown = [...idsOf('si-unknown-1'), ...idsOf('si-unknown-2')];
    for (const id of unknown) expect(clusterOf.get(id)?.decision ?? 'alone').not.toBe('auto');
    const p = scorePair(result.model, records[Number(unknown[0]?.slice(1))] as MatchRecord, records[Number(unknown[1]?.slice(1))] as MatchRecord);
    expect(p.evidence).toBe('same_name');
    expect(p.contributions.find((c) => c.comparison === 'name')?.level).toMatch(/exact \(term frequency -/);
  });

  it('never merges two companies whose legal forms differ without review', () => {
    const forms = ['si0', 'si1', 'si2', 'si3', 'si4'].map((c) => idsOf(c)[0] as string);
    for (const id of forms) expect(clusterOf.get(id)?.decision ?? 'alone').not.toBe('auto');
  });

  it('the same name in another city is contradicted: no link', () => {
    const [bilbao] = idsOf('fe-bilbao');
    const [sevilla] = idsOf('fe-sevilla');
    expect(together(bilbao as string, sevilla as string)).toBe(false);
    expect(pairEvidence(records[Number(bilbao?.slice(1))] as MatchRecord, records[Number(sevilla?.slice(1))] as MatchRecord)).toBeNull();
  });

  it('counts the records that have only a name, and those with too few fields to match', () => {
    expect(result.stats.sparse).toEqual({ tooFewFields: 0, nameOnly: rows.filter((r) => !r.city).length });
    // No name and nothing else a blocking rule can use: never compared with anything.
    const extra = [accountMatchRecord('place', { city: 'Madrid', country_code: 'ES' }), accountMatchRecord('form', { legal_form: 'S.L.', region: 'Bizkaia' })];
    const sparse = matchRecords({ entity: 'accounts', records: [...records, ...extra] });
    expect(sparse.stats.sparse.tooFewFields).toBe(2);
  });
});

describe('the name rule on single pairs (trained model above)', () => {
  const { model } = result;
  const acc = (v: AccountMatchInput) => accountMatchRecord('x', v);
  it.each([
    ['same name, nothing else', { name: 'Talleres Zubiaurre' }, { name: 'TALLERES ZUBIAURRE S.L.' }, 'same_name', true],
    ['same name and city', { name: 'Talleres Zubiaurre', city: 'Bilbao' }, { name: 'Talleres Zubiaurre', city: 'BILBAO' }, 'same_name', true],
    ['same name, other legal forms', { name: 'Talleres Zubiaurre S.A.' }, { name: 'Talleres Zubiaurre S.L.' }, null, false],
    ['same name, other cities', { name: 'Talleres Zubiaurre', city: 'Bilbao' }, { name: 'Talleres Zubiaurre', city: 'Vigo' }, null, false],
    ['same name, other postcodes', { name: 'Talleres Zubiaurre', postcode: '48001' }, { name: 'Talleres Zubiaurre', postcode: '36201' }, null, false],
    ['same name, other web domains', { name: 'Talleres Zubiaurre', website: 'zubiaurre.es' }, { name: 'Talleres Zubiaurre', website: 'talleres-z.com' }, null, false],
    ['same name, two valid tax ids', { name: 'Talleres Zubiaurre', tax_id: 'B12345674', tax_id_country: 'ES' }, { name: 'Talleres Zubiaurre', tax_id: 'A58818501', tax_id_country: 'ES' }, 'different_tax_ids', false],
    ['another name', { name: 'Talleres Zubiaurre' }, { name: 'Talleres Ortega' }, null, false],
  ])('%s', (_label, x, y, evidence, auto) => {
    const a = acc(x);
    const b = acc(y);
    const p = scorePair(model, a, b);
    expect(pairEvidence(a, b)).toBe(evidence);
    expect(isAutoPair(p, a, b, DEFAULT_MATCH_THRESHOLDS)).toBe(auto);
  });
});
