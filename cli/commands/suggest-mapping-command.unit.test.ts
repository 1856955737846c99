import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { proposeMapping } from './suggest-mapping-command';
import { seedLookupIndex, suggestionLookups } from './suggestion-lookups';

const dir = mkdtempSync(join(tmpdir(), 'crmhub-suggest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PATENTS = ['Company name;Country;Class;Zone', 'Farma Ibérica SL;ES;A61K;Norte', 'Soft Systems SRL;IT;G06F;Sur', 'Radio Polska;PL;H04L;Centro', 'Química Sur SA;ES;C07D;Sur'].join('\n');

describe('suggest-mapping command: lookups', () => {
  it('the seed lookups resolve the seeded codes, labels and synonyms', () => {
    const lookups = seedLookupIndex();
    expect([lookups.resolve('account_categories', 'Categoria B'), lookups.resolve('relationship_types', 'Клиент'), lookups.resolve('zones', 'Levante')]).toEqual(['B', 'client', 'es_east']);
    expect(lookups.resolve('account_categories', 'A61K')).toBeUndefined();
  });

  it('keeps IPC classes out of category, and still maps a zone column whose values are zones', async () => {
    const file = join(dir, 'patents.csv');
    writeFileSync(file, PATENTS);
    const proposed = await proposeMapping(file, 'accounts', { lookups: seedLookupIndex() });
    expect(proposed.mapping.columns).toEqual({ 'Company name': 'name', Country: 'country_code', Zone: 'zone' });
    expect(proposed.text).toMatch(/Class .*only 0 of 4 sample values are known account_categories/);
    expect(proposed.lookupsFrom).toBe('caller');
  });

  it('falls back to the seed when the database cannot be reached', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://postgres@127.0.0.1:1/nowhere');
    try {
      const { lookups, from } = await suggestionLookups();
      expect(from).toBe('seed');
      expect(lookups.resolve('account_categories', 'A')).toBe('A');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
