import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compileMapping, parseMapping, applyMapping } from '../../domain/mapping';
import { createAccountRowSchema, type AccountRecord } from '../../domain/canonical/account-row';
import { LookupIndex } from '../../domain/canonical/lookup-index';
import { foldText, getLocaleProfile, normalizePhone, normalizeTaxId, splitLegalForm } from '../../domain/normalize';
import { companyEntity, kindOf } from './companies-entity';
import { COMPANY_COLUMNS, companyEntityOfRecordId, companyRows, type CompanyRow } from './companies-rows';
import { COMPANY_QUALITY_SET, writeCompaniesCsv } from './companies-csv';
import { typo } from './companies-noise';
import { companyBatchRows } from './companies-incremental';
import { mulberry32 } from './prng';

const QUALITY = [...companyRows(COMPANY_QUALITY_SET)];
const entityIndex = (id: string) => Number(companyEntityOfRecordId(id).slice(1));

function byEntity(rows: readonly CompanyRow[]): Map<number, CompanyRow[]> {
  const m = new Map<number, CompanyRow[]>();
  for (const r of rows) {
    const e = entityIndex(r.record_id);
    const list = m.get(e) ?? [];
    list.push(r);
    m.set(e, list);
  }
  return m;
}

/** Every row through the import's own mapping compiler and account row schema. */
function importRows(rows: readonly CompanyRow[]): { ok: Map<string, AccountRecord>; rejected: string[] } {
  const mapping = parseMapping(JSON.parse(readFileSync(join(__dirname, '../../mappings/bench-companies.json'), 'utf8')), 'bench-companies.json');
  const plan = compileMapping(mapping, COMPANY_COLUMNS);
  const schema = createAccountRowSchema({ profile: getLocaleProfile('es'), defaultCountry: 'ES', lookups: new LookupIndex({}), date1904: false });
  const ok = new Map<string, AccountRecord>();
  const rejected: string[] = [];
  for (const r of rows) {
    const parsed = schema.safeParse(applyMapping(plan, COMPANY_COLUMNS.map((c) => r[c])).fields);
    if (parsed.success) ok.set(r.record_id, parsed.data);
    else rejected.push(`${JSON.stringify(r)}: ${parsed.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return { ok, rejected };
}

describe('company dataset generator', { timeout: 30_000 }, () => { // generates thousands of rows: slow on a loaded machine
  it('is deterministic: same seed, same rows; another seed, other rows', () => {
    const a = [...companyRows({ records: 500, seed: 7 })];
    const b = [...companyRows({ records: 500, seed: 7 })];
    const c = [...companyRows({ records: 500, seed: 8 })];
    expect(b).toEqual(a);
    expect(c.map((r) => r.name)).not.toEqual(a.map((r) => r.name));
  });

  it('yields exactly the requested number of records, with unique record and external ids', () => {
    expect(QUALITY).toHaveLength(10_000);
    expect(new Set(QUALITY.map((r) => r.record_id)).size).toBe(10_000);
    expect(new Set(QUALITY.map((r) => r.external_id)).size).toBe(10_000);
    expect([...companyRows({ records: 1, seed: 3 })]).toHaveLength(1);
    expect([...companyRows({ records: 0, seed: 3 })]).toHaveLength(0);
  });

  it('has 1–5 records per company and the intended share of duplicates', () => {
    const groups = byEntity(QUALITY);
    const sizes = [...groups.values()].map((g) => g.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(5);
    const mean = QUALITY.length / groups.size;
    expect(mean).toBeGreaterThan(1.9);
    expect(mean).toBeLessThan(2.25);
    const withDuplicates = sizes.filter((n) => n > 1).length / groups.size;
    expect(withDuplicates).toBeGreaterThan(0.55);
    expect(withDuplicates).toBeLessThan(0.65);
    // Records of one company come from different sources in most cases.
    const multiSource = [...groups.values()].filter((g) => g.length > 1 && new Set(g.map((r) => r.source)).size > 1).length;
    expect(multiSource / sizes.filter((n) => n > 1).length).toBeGreaterThan(0.6);
  });

  it('every row is accepted by the import (mapping + account row schema): nothing is lost to quarantine', () => {
    const { ok, rejected } = importRows(QUALITY);
    expect(rejected.slice(0, 5)).toEqual([]);
    expect(ok.size).toBe(QUALITY.length);
  });

  it('tax ids are valid, belong to their company whatever their spelling, and no two companies share one', () => {
    const { ok } = importRows(QUALITY);
    const owner = new Map<string, number>();
    let withTaxId = 0;
    for (const r of QUALITY) {
      if (!r.tax_id) continue;
      withTaxId++;
      const e = companyEntity(COMPANY_QUALITY_SET.seed, entityIndex(r.record_id));
      const parsed = normalizeTaxId(e.taxId, e.country);
      expect(parsed.ok, `${e.taxId} (${e.country})`).toBe(true);
      const rec = ok.get(r.record_id);
      expect(`${rec?.tax_id_country}:${rec?.tax_id}`).toBe(parsed.ok ? `${parsed.country}:${parsed.value}` : '');
      const key = `${rec?.tax_id_country}:${rec?.tax_id}`;
      expect(owner.get(key) ?? e.index).toBe(e.index);
      owner.set(key, e.index);
    }
    // Missing tax ids are common (shops and spreadsheets), but most companies have one somewhere.
    expect(withTaxId / QUALITY.length).toBeGreaterThan(0.4);
    expect(withTaxId / QUALITY.length).toBeLessThan(0.75);
  });

  it('every phone spelling of a company normalizes to its landline or its mobile', () => {
    const { ok } = importRows(QUALITY);
    for (const r of QUALITY) {
      if (!r.phone) continue;
      const e = companyEntity(COMPANY_QUALITY_SET.seed, entityIndex(r.record_id));
      const own = [e.landline, e.mobile].map((n) => {
        const p = normalizePhone(n, e.country);
        return p.ok ? p.e164 : `invalid ${n}`;
      });
      expect(own, r.phone).toContain(ok.get(r.record_id)?.phone);
    }
  });

  it('contains hard negatives: namesakes with other tax ids, franchisees, shared accountant e-mails', () => {
    const seed = COMPANY_QUALITY_SET.seed;
    const groups = byEntity(QUALITY);
    const entities = [...groups.keys()].map((i) => companyEntity(seed, i));
    const namesakes = entities.filter((e) => e.kind === 'namesake');
    expect(namesakes.length / entities.length).toBeGreaterThan(0.02);
    for (const e of namesakes) {
      const original = companyEntity(seed, e.namesakeOf ?? -1);
      expect(e.name[0]).toBe(original.name[0]);
      expect(e.taxId).not.toBe(original.taxId);
      expect(e.domain === null || e.domain !== original.domain).toBe(true);
    }
    // Different companies whose records carry the same name (legal form split off, folded).
    const namesByKey = new Map<string, Set<number>>();
    for (const r of QUALITY) {
      const key = foldText(splitLegalForm(r.name).name);
      const set = namesByKey.get(key) ?? new Set<number>();
      set.add(entityIndex(r.record_id));
      namesByKey.set(key, set);
    }
    const sharedNames = [...namesByKey.values()].filter((s) => s.size > 1).length;
    expect(sharedNames).toBeGreaterThan(50);
    expect(entities.filter((e) => e.kind === 'franchisee').length).toBeGreaterThan(20);
    // One free-mail address used by two different companies (their accountant).
    const emailOwners = new Map<string, Set<number>>();
    for (const r of QUALITY) {
      if (!r.email) continue;
      const set = emailOwners.get(r.email.toLowerCase()) ?? new Set<number>();
      set.add(entityIndex(r.record_id));
      emailOwners.set(r.email.toLowerCase(), set);
    }
    expect([...emailOwners.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
    expect(kindOf(seed, 0)).not.toBe('namesake'); // the first row of slots has nobody to copy
  });

  it('varies legal forms, scripts and case across sources', () => {
    const names = QUALITY.map((r) => r.name);
    for (const needle of [/S\.L\.$/, /\bSL$/, /S\.r\.l\.$/, /\bSRL$/i, /Sp\. z o\.o\.$/, /^ООО «/, /^OOO /, / LLC$/, /^[^a-zа-я]+$/, /^[^A-ZА-Я]+$/]) {
      expect(names.some((n) => needle.test(n)), String(needle)).toBe(true);
    }
    expect(names.some((n) => /[А-Яа-я]/.test(n))).toBe(true);
    expect(QUALITY.some((r) => /^(ES|IT|PL)/.test(r.tax_id))).toBe(true);
    expect(QUALITY.some((r) => /^0034 /.test(r.phone))).toBe(true);
    expect(QUALITY.some((r) => /^C\/ /.test(r.street))).toBe(true);
    expect(QUALITY.some((r) => /^ул\. /.test(r.street))).toBe(true);
  });

  it('typo changes exactly one word by one edit, never its first letter', () => {
    const rng = mulberry32(5);
    for (let k = 0; k < 200; k++) {
      const out = typo(rng, 'Distribuciones Pérez Levante');
      const a = 'Distribuciones Pérez Levante'.split(' ');
      const b = out.split(' ');
      expect(b).toHaveLength(3);
      const changed = a.filter((w, j) => w !== b[j]);
      expect(changed.length).toBeLessThanOrEqual(1);
      expect(b.map((w) => w[0])).toEqual(a.map((w) => w[0]));
    }
  });

  it('the CSV writer streams the same rows the generator yields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'companies-'));
    try {
      const file = join(dir, 'c.csv');
      const n = await writeCompaniesCsv(file, { records: 1500, seed: 11 });
      expect(n).toBe(1500);
      const back = parse(readFileSync(file), { columns: true }) as CompanyRow[];
      expect(back).toEqual([...companyRows({ records: 1500, seed: 11 })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('incremental company batch', () => {
  it('mixes new records of base companies with new companies, ids unique across base and batch', () => {
    const base = [...companyRows({ records: 3000, seed: 5 })];
    const batch = [...companyBatchRows({ seed: 5, baseRecords: 3000, records: 400, newShare: 0.25 })];
    expect(batch).toHaveLength(400);
    expect(batch).toEqual([...companyBatchRows({ seed: 5, baseRecords: 3000, records: 400, newShare: 0.25 })]);
    const ids = new Set([...base, ...batch].map((r) => r.record_id));
    expect(ids.size).toBe(3400);
    const baseEntities = new Set(base.map((r) => companyEntityOfRecordId(r.record_id)));
    const known = batch.filter((r) => baseEntities.has(companyEntityOfRecordId(r.record_id)));
    expect(known).toHaveLength(300);
    expect(new Set(batch.map((r) => r.external_id)).size).toBe(400);
    expect(new Set([...base, ...batch].map((r) => r.external_id)).size).toBe(3400);
    const { ok, rejected } = importRows(batch);
    expect(rejected).toEqual([]);
    expect(ok.size).toBe(400);
  });

  it('refuses a batch with more known companies than the base has', () => {
    expect(() => [...companyBatchRows({ seed: 5, baseRecords: 10, records: 400, newShare: 0 })]).toThrow(/at least/);
  });
});
