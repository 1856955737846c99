import { afterAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../../connectors/spreadsheet';
import { tmpDir } from '../../connectors/spreadsheet/test-helpers';
import { compileMapping, parseMapping } from '../../domain/mapping';
import { getLocaleProfile } from '../../domain/normalize';
import type { SourceRow } from '../pipeline/source-row';
import { spreadsheetRows } from './spreadsheet-rows';

const dir = tmpDir();
afterAll(() => dir.remove());

const mapping = parseMapping({
  version: 1, entity: 'accounts', source: 'erp', locale: 'es',
  columns: { 'Código': 'external_id', 'Razón social': 'name', 'NIF': { field: 'tax_id', transform: ['trim', 'upper'] }, 'Tipo': { field: 'relationship_type', values: { Cliente: 'client' } } },
  defaults: { country_code: 'ES' },
}, 'test mapping');

async function readRows(text: string, m = mapping): Promise<SourceRow[]> {
  const file = dir.write(`rows-${Math.random().toString(36).slice(2)}.csv`, text);
  const source = await openSpreadsheet(file, {});
  try {
    const plan = compileMapping(m, source.headers);
    const reader = spreadsheetRows({ source, plan, fileName: 'clientes.csv', profile: getLocaleProfile('es'), replay: null });
    const out: SourceRow[] = [];
    for await (const batch of reader.batches(0)) out.push(...batch);
    return out;
  } finally {
    await source.close();
  }
}

describe('spreadsheetRows', () => {
  const csv = 'Código;Razón social;NIF;Tipo;Notas\nC1;Talleres Pérez SL; b12345678 ;Cliente;llamar\nC2;Ferretería Sol;;Cliente;\nTOTAL;;;;2\n';

  it('maps each row, with its place, raw cells and extras, and marks a totals row', async () => {
    const [first, second, total] = await readRows(csv);
    expect(first!.fields).toMatchObject({ external_id: 'C1', name: 'Talleres Pérez SL', tax_id: 'B12345678', relationship_type: 'client', country_code: 'ES' });
    expect({ ...first!.extras }).toEqual({ Notas: 'llamar' });
    expect(first!.place).toEqual({ file: 'clientes.csv', sheet: null, row: 2 });
    expect(first!.raw).toEqual([['Código', 'C1'], ['Razón social', 'Talleres Pérez SL'], ['NIF', ' b12345678 '], ['Tipo', 'Cliente'], ['Notas', 'llamar']]);
    expect(second!.fields).toMatchObject({ external_id: 'C2', name: 'Ferretería Sol' });
    expect(total!.skip?.reason).toBe('summary_row');
  });

  it('gives the same fields and extras after compact() as before: they are built again from the cells', async () => {
    const rows = await readRows(csv);
    const before = rows.map((r) => [r.fields, { ...r.extras }]);
    for (const r of rows) r.compact?.();
    expect(rows.every((r) => typeof r.compact === 'function')).toBe(true);
    expect(rows.map((r) => [r.fields, { ...r.extras }])).toEqual(before);
    // Read twice without compact(): the same object, not a new mapping per read.
    expect(rows[0]!.fields).toBe(rows[0]!.fields);
  });
});

describe('a compacted row', () => {
  it('splits back into the very cells, empty ones included', async () => {
    const rows = await readRows('Código;Razón social;NIF;Tipo;Notas\nC1;"Pérez; Hijos SL";;Cliente;\n"C2";"Sol\nLuna";B1;;x\n');
    const before = rows.map((r) => r.raw);
    for (const r of rows) r.compact?.();
    expect(rows.map((r) => r.raw)).toEqual(before);
    expect(rows[0]!.raw).toEqual([['Código', 'C1'], ['Razón social', 'Pérez; Hijos SL'], ['NIF', ''], ['Tipo', 'Cliente'], ['Notas', '']]);
  });

  it('keeps its cells as they are when one holds the separator', async () => {
    const rows = await readRows('Código;Razón social;NIF;Tipo;Notas\nC1;Pérez\u0001Hijos;B1;Cliente;\n');
    rows[0]!.compact?.();
    expect(rows[0]!.raw).toEqual([['Código', 'C1'], ['Razón social', 'Pérez\u0001Hijos'], ['NIF', 'B1'], ['Tipo', 'Cliente'], ['Notas', '']]);
  });
});

describe("a row's content (what a re-import fingerprints instead of its fields)", () => {
  const csv = 'Código;Razón social;NIF;Tipo;Notas\nC1;Talleres Pérez SL; b12345678 ;Cliente;llamar\nC1;Talleres Pérez SL; b12345678 ;Cliente;llamar\nC1;Talleres Pérez SL;b12345678;Cliente;llamar\n';

  it('is the same for the same cells under the same mapping, and another for other cells, another mapping or another header row', async () => {
    const [a, b, c] = await readRows(csv);
    expect(a!.content?.()).toBe(b!.content?.());
    expect(c!.content?.()).not.toBe(a!.content?.()); // the same fields (the NIF is trimmed), other cells: parsed, never wrongly skipped
    const other = parseMapping({ ...mapping, columns: { ...mapping.columns, 'Tipo': { field: 'relationship_type', values: { Cliente: 'prospect' } } } }, 'other mapping');
    const [d] = await readRows(csv, other);
    expect(d!.content?.()).not.toBe(a!.content?.());
    const [e] = await readRows(csv.replace('Notas', 'Comentarios'));
    expect(e!.content?.()).not.toBe(a!.content?.());
  });

  it('is the same after compact(), and reading it or one field maps nothing else', async () => {
    const [a] = await readRows(csv);
    const content = a!.content?.();
    a!.compact?.();
    expect(a!.content?.()).toBe(content);
    expect(a!.field?.('external_id')).toBe('C1');
    expect(a!.field?.('tax_id')).toBe('B12345678');
    expect(a!.field?.('country_code')).toBe('ES');
    expect(a!.fields).toMatchObject({ external_id: 'C1', tax_id: 'B12345678' });
    expect(a!.field?.('relationship_type')).toBe('client');
  });

  it('is null when a cell holds the separator: the fingerprint then hashes the mapped fields', async () => {
    const [a] = await readRows('Código;Razón social;NIF;Tipo;Notas\nC1;Pérez\u0001Hijos;B1;Cliente;\n');
    expect(a!.content?.()).toBeNull();
  });
});
