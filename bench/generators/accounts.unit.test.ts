import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import * as XLSX from '@e965/xlsx';
import { stdnum, type Validator } from 'stdnum';
import { writeAccountsCsv } from './accounts-csv';
import { buildAccountsXlsx } from './accounts-xlsx';
import { ACCOUNT_COLUMNS, benchAccountRow, formatEuro, serialToDmy } from './accounts-rows';

function validator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name}`);
  return v;
}


const dir = mkdtempSync(join(tmpdir(), 'crmhub-bench-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const rowsOf = (p: string) => parse(readFileSync(p, 'utf8'), { delimiter: ';' }) as string[][];

const VALIDATORS: Record<string, (v: string) => { isValid: boolean; compact?: string }> = {
  España: (v) => validator('ES', 'nif').validate(v),
  Italia: (v) => validator('IT', 'iva').validate(v),
  Polonia: (v) => validator('PL', 'nip').validate(v),
  Rusia: (v) => validator('RU', 'inn').validate(v),
};

describe('writeAccountsCsv', { timeout: 30_000 }, () => {
  it('is deterministic: same seed, same bytes; another seed, other bytes', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    expect(await writeAccountsCsv(a, { rows: 1000, seed: 1 })).toBe(0);
    await writeAccountsCsv(b, { rows: 1000, seed: 1 });
    await writeAccountsCsv(c, { rows: 1000, seed: 2 });
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
  });

  it('row i is a pure function of (seed, i): a longer file starts with the shorter one', async () => {
    const a = join(dir, 'short.csv');
    const b = join(dir, 'long.csv');
    await writeAccountsCsv(a, { rows: 500, seed: 3 });
    await writeAccountsCsv(b, { rows: 5000, seed: 3 });
    expect(readFileSync(b).subarray(0, readFileSync(a).length).equals(readFileSync(a))).toBe(true);
  });

  it('writes the header, valid unique tax ids, the country mix and European formats', async () => {
    const p = join(dir, 'fmt.csv');
    await writeAccountsCsv(p, { rows: 5000, seed: 4 });
    const raw = readFileSync(p, 'utf8');
    expect(raw.startsWith(`${ACCOUNT_COLUMNS.join(';')}\r\n`)).toBe(true);
    const [header, ...rows] = rowsOf(p);
    expect(header).toEqual([...ACCOUNT_COLUMNS]);
    expect(rows).toHaveLength(5000);
    const byCountry: Record<string, number> = {};
    const taxIds = new Set<string>();
    for (const r of rows) {
      expect(r).toHaveLength(ACCOUNT_COLUMNS.length);
      const country = r[6] ?? '';
      byCountry[country] = (byCountry[country] ?? 0) + 1;
      const v = VALIDATORS[country]?.(r[2] ?? '');
      expect(v?.isValid, `${r[0]} ${r[2]}`).toBe(true);
      taxIds.add(v?.compact ?? '');
      expect(r[11]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(r[12]).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
    }
    expect(taxIds.size).toBe(5000);
    expect((byCountry.España ?? 0) / 5000).toBeCloseTo(0.5, 1);
    expect((byCountry.Italia ?? 0) / 5000).toBeCloseTo(0.2, 1);
    expect((byCountry.Polonia ?? 0) / 5000).toBeCloseTo(0.15, 1);
    expect((byCountry.Rusia ?? 0) / 5000).toBeCloseTo(0.15, 1);
    expect(raw).toMatch(/[А-я]/); // Cyrillic
    expect(raw).toMatch(/[áéíóúñàèòç]/); // accents
    const avg = Buffer.byteLength(raw) / 5000;
    expect(avg).toBeGreaterThan(110);
    expect(avg).toBeLessThan(180);
  });

  it('changed variant alters exactly round(rows * fraction) rows, only phone or city, same keys', async () => {
    const base = join(dir, 'base.csv');
    const changed = join(dir, 'changed.csv');
    await writeAccountsCsv(base, { rows: 10_000, seed: 5 });
    const n = await writeAccountsCsv(changed, { rows: 10_000, seed: 5, changedFraction: 0.01, changeSeed: 77 });
    expect(n).toBe(100);
    const a = rowsOf(base);
    const b = rowsOf(changed);
    expect(b).toHaveLength(a.length);
    let diff = 0;
    const changedIdx: number[] = [];
    for (let k = 0; k < a.length; k++) {
      const ra = a[k] as string[];
      const rb = b[k] as string[];
      expect(rb[0]).toBe(ra[0]);
      const cols = ra.map((v, c) => (v === rb[c] ? -1 : c)).filter((c) => c >= 0);
      if (cols.length > 0) {
        diff++;
        changedIdx.push(k);
        expect(cols.length).toBe(1);
        expect(['Teléfono', 'Población']).toContain(ACCOUNT_COLUMNS[cols[0] as number]);
      }
    }
    expect(diff).toBe(100);
    // same changeSeed -> same rows; another changeSeed -> other rows
    const again = join(dir, 'changed2.csv');
    await writeAccountsCsv(again, { rows: 10_000, seed: 5, changedFraction: 0.01, changeSeed: 77 });
    expect(sha(again)).toBe(sha(changed));
    const other = join(dir, 'changed3.csv');
    expect(await writeAccountsCsv(other, { rows: 10_000, seed: 5, changedFraction: 0.01, changeSeed: 78 })).toBe(100);
    expect(sha(other)).not.toBe(sha(changed));
  });

  it('exact for odd sizes too', async () => {
    const p = join(dir, 'odd.csv');
    expect(await writeAccountsCsv(p, { rows: 1234, seed: 6, changedFraction: 0.01 })).toBe(12);
    expect(await writeAccountsCsv(p, { rows: 1234, seed: 6, changedFraction: 0.5 })).toBe(617);
    expect(await writeAccountsCsv(p, { rows: 0, seed: 6 })).toBe(0);
  });
});

describe('writeAccountsXlsx', { timeout: 30_000 }, () => {
  it('is deterministic and holds the same rows with real dates and text postcodes', () => {
    const a = buildAccountsXlsx({ rows: 300, seed: 8 });
    const b = buildAccountsXlsx({ rows: 300, seed: 8 });
    expect(a.equals(b)).toBe(true);
    const wb = XLSX.read(a, { type: 'buffer' });
    const ws = wb.Sheets.Clientes;
    if (!ws) throw new Error('no sheet');
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '' });
    expect(aoa[0]).toEqual([...ACCOUNT_COLUMNS]);
    expect(aoa).toHaveLength(301);
    for (let i = 0; i < 300; i++) {
      const row = benchAccountRow(8, i);
      const cp = ws[XLSX.utils.encode_cell({ r: i + 1, c: 4 })];
      const date = ws[XLSX.utils.encode_cell({ r: i + 1, c: 11 })];
      expect(cp?.t).toBe('s');
      expect(cp?.v).toBe(row.postcode);
      expect(date?.t).toBe('n');
      expect(date?.v).toBe(row.dateSerial);
      expect(XLSX.SSF.format('dd/mm/yyyy', date?.v as number)).toBe(serialToDmy(row.dateSerial));
      expect(aoa[i + 1]?.[0]).toBe(row.code);
    }
  });
});

describe('formats', () => {
  it('formatEuro groups thousands with dots and uses a decimal comma', () => {
    expect(formatEuro(0)).toBe('0,00');
    expect(formatEuro(1234.56)).toBe('1.234,56');
    expect(formatEuro(1234567.89)).toBe('1.234.567,89');
    expect(formatEuro(999.5)).toBe('999,50');
  });
  it('serialToDmy matches Excel', () => {
    expect(serialToDmy(45658)).toBe('01/01/2025');
    expect(serialToDmy(36526)).toBe('01/01/2000');
    expect(serialToDmy(45351)).toBe('29/02/2024');
  });
});
