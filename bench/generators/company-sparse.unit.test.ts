import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountRowSchema } from '../../domain/canonical/account-row';
import { LookupIndex } from '../../domain/canonical/lookup-index';
import { applyMapping, compileMapping, parseMapping } from '../../domain/mapping';
import { foldText, getLocaleProfile, splitLegalForm } from '../../domain/normalize';
import { COMPANY_ADDRESS_COLUMNS, COMPANY_ADDRESS_SET, companyAddressRows } from './company-addresses';
import { COMPANY_NAMES_COLUMNS, COMPANY_NAMES_SET, companyNameRows, companyNamesEntity, GENERIC_NAMES } from './company-names';
import { companyEntityOfRecordId, companyRows } from './companies-rows';

const NAMES = [...companyNameRows(COMPANY_NAMES_SET)];
const entityOf = (id: string) => Number(companyEntityOfRecordId(id).slice(1));
const normalized = (name: string) => foldText(splitLegalForm(name).name);

function groups<T extends { record_id: string }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) m.set(entityOf(r.record_id), [...(m.get(entityOf(r.record_id)) ?? []), r]);
  return m;
}

/** Rows through the bench mapping and the import's account row schema: nothing may be rejected. */
function rejectedRows(mappingFile: string, columns: readonly string[], rows: readonly Record<string, string>[]): string[] {
  const mapping = parseMapping(JSON.parse(readFileSync(join(__dirname, '../../mappings', mappingFile), 'utf8')), mappingFile);
  const plan = compileMapping(mapping, columns);
  const schema = createAccountRowSchema({ profile: getLocaleProfile('es'), defaultCountry: 'ES', lookups: new LookupIndex({}), date1904: false });
  return rows.filter((r) => !schema.safeParse(applyMapping(plan, columns.map((c) => r[c] ?? '')).fields).success).map((r) => JSON.stringify(r));
}

describe('names-only company set', () => {
  it('is deterministic and has exactly the requested rows, with unique ids', () => {
    expect(NAMES).toHaveLength(COMPANY_NAMES_SET.records);
    expect(new Set(NAMES.map((r) => r.record_id)).size).toBe(NAMES.length);
    expect([...companyNameRows({ records: 300, seed: 4 })]).toEqual([...companyNameRows({ records: 300, seed: 4 })]);
    expect([...companyNameRows({ records: 300, seed: 5 })].map((r) => r.name)).not.toEqual([...companyNameRows({ records: 300, seed: 4 })].map((r) => r.name));
    expect(Object.keys(NAMES[0] ?? {})).toEqual([...COMPANY_NAMES_COLUMNS]);
  });

  it('repeats most companies, mostly spelled identically, sometimes otherwise', () => {
    const byEntity = groups(NAMES);
    const sizes = [...byEntity.values()].map((g) => g.length);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(14);
    expect(NAMES.length / byEntity.size).toBeGreaterThan(3);
    let identical = 0;
    let varied = 0;
    for (const g of byEntity.values()) {
      for (const r of g.slice(1)) {
        if (r.name === g[0]?.name) identical++;
        else varied++;
      }
    }
    expect(identical / (identical + varied)).toBeGreaterThan(0.6);
    expect(identical / (identical + varied)).toBeLessThan(0.85);
    // Variants: some only differ in case, accents or legal form (equal once normalized), some do not.
    const variants = [...byEntity.values()].flatMap((g) => g.slice(1).filter((r) => r.name !== g[0]?.name).map((r) => [g[0]?.name as string, r.name]));
    const sameNormalized = variants.filter(([a, b]) => normalized(a as string) === normalized(b as string)).length;
    expect(sameNormalized / variants.length).toBeGreaterThan(0.3);
    expect(sameNormalized / variants.length).toBeLessThan(0.9);
    expect(variants.some(([a, b]) => splitLegalForm(a as string).legalForm !== null && splitLegalForm(b as string).legalForm === null)).toBe(true);
  });

  it('holds different companies with the same name: namesakes, franchisees and generic names', () => {
    const entitiesByName = new Map<string, Set<number>>();
    for (const r of NAMES) {
      const key = normalized(r.name);
      entitiesByName.set(key, (entitiesByName.get(key) ?? new Set()).add(entityOf(r.record_id)));
    }
    expect([...entitiesByName.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
    const entities = [...groups(NAMES).keys()].map((i) => companyNamesEntity(COMPANY_NAMES_SET.seed, i));
    const generic = entities.filter((e) => e.generic);
    expect(generic.length).toBeGreaterThan(20);
    for (const e of generic) expect(GENERIC_NAMES[e.lang].map((n) => n[0])).toContain(e.name[0]);
    const sharedGeneric = new Set(generic.map((e) => normalized(e.name[0])).filter((n) => (entitiesByName.get(n)?.size ?? 0) > 1));
    expect(sharedGeneric.size).toBeGreaterThan(5);
    expect(entities.some((e) => e.kind === 'namesake')).toBe(true);
  });

  it('every row is accepted by the import with mappings/bench-company-names.json', () => {
    expect(rejectedRows('bench-company-names.json', COMPANY_NAMES_COLUMNS, NAMES).slice(0, 3)).toEqual([]);
  });
});

describe('name + address company set', () => {
  const rows = [...companyAddressRows({ records: 3000, seed: COMPANY_ADDRESS_SET.seed })];

  it('is the company set with only name and address kept', () => {
    const full = [...companyRows({ records: 3000, seed: COMPANY_ADDRESS_SET.seed })];
    expect(rows).toHaveLength(3000);
    rows.forEach((r, k) => {
      const f = full[k];
      expect(r).toEqual({ record_id: f?.record_id, name: f?.name, street: f?.street, postcode: f?.postcode, city: f?.city, country: f?.country });
    });
    expect(Object.keys(rows[0] ?? {})).toEqual([...COMPANY_ADDRESS_COLUMNS]);
  });

  it('every row is accepted by the import with mappings/bench-company-addresses.json', () => {
    expect(rejectedRows('bench-company-addresses.json', COMPANY_ADDRESS_COLUMNS, rows).slice(0, 3)).toEqual([]);
  });
});
