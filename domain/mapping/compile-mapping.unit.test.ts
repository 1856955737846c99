import { describe, expect, it } from 'vitest';
import { applyMapping, compileMapping, mapField, type Cell, type CompiledMapping } from './compile-mapping';
import { MappingError } from './mapping-error';
import { parseMapping } from './mapping-schema';
import example from './fixtures/erp-es-accounts.json';

/** mapField gives each field exactly what applyMapping gives (undefined where it leaves one out). */
function expectMapFieldAgrees(plan: CompiledMapping, cells: Cell[]): void {
  const { fields } = applyMapping(plan, cells);
  for (const { field } of plan.fields) expect([field, mapField(plan, cells, field)]).toEqual([field, (fields as Record<string, unknown>)[field]]);
  expect(mapField(plan, cells, 'not_a_field')).toBeUndefined();
}

const accounts = (columns: Record<string, unknown>, defaults?: Record<string, unknown>) =>
  parseMapping({ version: 1, entity: 'accounts', columns, ...(defaults ? { defaults } : {}) }, 'test');

describe('applyMapping with the documented example', () => {
  const headers = ['CODIGO', ' Razon Social ', 'Tipo cliente', 'Teléfono', 'NIF', 'Observaciones interna', 'Fecha alta', 'Ruta'];
  const plan = compileMapping(parseMapping(example, 'example.json'), headers);

  it.each<[string, Cell[], Record<string, unknown>, Record<string, unknown>]>([
    [
      'a full row',
      ['C001', 'Talleres Pérez S.L.', 'Potencial', ' 912 345 678 ', 'esb12345674', 'no llamar', '2021-03-04', 'R2'],
      { external_id: 'C001', name: 'Talleres Pérez S.L.', relationship_type: 'prospect', phone: '912 345 678', tax_id: 'B12345674', country_code: 'ES' },
      { 'Fecha alta': '2021-03-04', Ruta: 'R2' },
    ],
    [
      'empty cells fall back to defaults and are left out of extras',
      [1001, 'Bar Manolo', '  ', null, '', 'x', '   ', null],
      { external_id: 1001, name: 'Bar Manolo', relationship_type: 'client', country_code: 'ES' },
      {},
    ],
    [
      'a value not in the value map passes through (the lookup resolves it later)',
      ['C2', 'Ferretería Sol', 'CLIENTE VIP', '', '', '', '', ''],
      { external_id: 'C2', name: 'Ferretería Sol', relationship_type: 'CLIENTE VIP', country_code: 'ES' },
      {},
    ],
    [
      'value maps match case and accents loosely; a short row is padded with empties',
      ['C3', 'Hermanos García', 'POTENCIAL'],
      { external_id: 'C3', name: 'Hermanos García', relationship_type: 'prospect', country_code: 'ES' },
      {},
    ],
  ])('%s', (_, cells, fields, extras) => {
    const row = applyMapping(plan, cells);
    expect(row.fields).toEqual(fields);
    expect({ ...row.extras }).toEqual(extras);
    expectMapFieldAgrees(plan, cells);
  });

  it('drops ignored columns entirely', () => {
    expect(plan.extras.map((extra) => extra.key)).toEqual(['Fecha alta', 'Ruta']);
  });
});

describe('applyMapping', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string[], Cell[], Record<string, unknown>]>([
    ['transforms run in order', { NIF: { field: 'tax_id', transform: ['remove_spaces', 'upper', { replace: { pattern: '^es', with: '', flags: 'i' } }] } }, undefined, ['NIF'], ['es b 1234 5674'], { tax_id: 'B12345674' }],
    ['transforms stringify numbers', { CP: { field: 'postcode', transform: [{ replace: { pattern: '^(\\d{4})$', with: '0$1' } }] } }, undefined, ['CP'], [8001], { postcode: '08001' }],
    ['numbers and booleans pass through untouched otherwise', { Código: 'external_id', Categoría: 'category' }, undefined, ['Código', 'Categoría'], [42, true], { external_id: 42, category: true }],
    ['digits_only, collapse_spaces, lower', { Tel: { field: 'phone', transform: ['digits_only'] }, Web: { field: 'website', transform: ['lower'] }, Dir: { field: 'street1', transform: ['collapse_spaces'] } }, undefined, ['Tel', 'Web', 'Dir'], ['(+34) 91-234', 'WWW.X.ES', 'C/  Mayor\t 1'], { phone: '3491234', website: 'www.x.es', street1: 'C/ Mayor 1' }],
    ['a transform that empties the cell falls back to the default', { Tel: { field: 'phone', transform: ['digits_only'], default: 'n/a' } }, undefined, ['Tel'], ['---'], { phone: 'n/a' }],
    ['value maps to booleans and null', { Estado: { field: 'category', values: { Sí: true, No: false, '-': null } } }, { category: 'C' }, ['Estado'], ['si'], { category: true }],
    ['a value mapped to null counts as empty', { Estado: { field: 'category', values: { '-': null } } }, { category: 'C' }, ['Estado'], ['-'], { category: 'C' }],
    ['numeric cells are looked up by their text', { Nivel: { field: 'status_tier', values: { '1': 'gold', '2': 'silver' } } }, undefined, ['Nivel'], [1], { status_tier: 'gold' }],
    ['Cyrillic values match folded', { Тип: { field: 'relationship_type', values: { Клиент: 'client' } } }, undefined, ['Тип'], ['КЛИЕНТ'], { relationship_type: 'client' }],
    ['several notes columns are joined with their headers', { Observaciones: 'notes', Comentarios: 'notes' }, undefined, ['Observaciones', 'Comentarios'], ['pide factura', 'cliente antiguo'], { notes: 'Observaciones: pide factura\nComentarios: cliente antiguo' }],
    ['a single filled notes column keeps its header too', { Observaciones: 'notes', Comentarios: 'notes' }, undefined, ['Observaciones', 'Comentarios'], ['', 'cliente antiguo'], { notes: 'Comentarios: cliente antiguo' }],
    ['defaults feed fields with no column', { Código: 'external_id' }, { country_code: 'IT', category: 'B' }, ['Código'], ['A1'], { external_id: 'A1', country_code: 'IT', category: 'B' }],
    ['a column default for a column the file lacks', { Código: 'external_id', País: { field: 'country_code', default: 'PL' } }, undefined, ['Código'], ['A1'], { external_id: 'A1', country_code: 'PL' }],
    ['NaN counts as empty', { Código: 'external_id' }, undefined, ['Código'], [Number.NaN], {}],
  ])('%s', (_, columns, defaults, headers, cells, fields) => {
    const plan = compileMapping(accounts(columns, defaults), headers);
    expect(applyMapping(plan, cells).fields).toEqual(fields);
    expectMapFieldAgrees(plan, cells);
  });

  it('joins additional e-mails from several columns', () => {
    const mapping = parseMapping({ version: 1, entity: 'contacts', columns: { 'Email 2': 'additional_emails', 'Email 3': 'additional_emails' } }, 't');
    const row = applyMapping(compileMapping(mapping, ['Email 2', 'Email 3']), ['a@x.es', 'b@x.es']);
    expect(row.fields).toEqual({ additional_emails: 'a@x.es; b@x.es' });
  });

  it('keeps "__proto__" and "constructor" headers as plain extras, never touching prototypes', () => {
    const plan = compileMapping(accounts({ Código: 'external_id' }), ['Código', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    const row = applyMapping(plan, ['A1', '{"polluted":true}', 'ctor', 'str', 'own']);
    expect(Object.getPrototypeOf(row.extras)).toBeNull();
    expect(Object.keys(row.extras)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(row.extras['__proto__']).toBe('{"polluted":true}');
    expect(JSON.parse(JSON.stringify(row.extras))).toEqual({ ['__proto__']: '{"polluted":true}', constructor: 'ctor', toString: 'str', hasOwnProperty: 'own' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('makes repeated and blank headers unique in extras', () => {
    const plan = compileMapping(accounts({ Teléfono: 'phone' }), ['Teléfono', 'TELEFONO', '', 'Ruta', 'Ruta']);
    const row = applyMapping(plan, ['1', '2', '3', '4', '5']);
    expect(row.fields).toEqual({ phone: '1' });
    expect({ ...row.extras }).toEqual({ TELEFONO: '2', 'column 3': '3', Ruta: '4', 'Ruta (2)': '5' });
  });
});

describe('compileMapping', () => {
  it('digests the mapping and the headers: another value map, transform or header row gives another digest', () => {
    const digest = (columns: Record<string, unknown>, headers: string[]) => compileMapping(accounts(columns), headers).digest;
    const base = digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'client' } } }, ['Código', 'Tipo']);
    expect(digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'client' } } }, ['Código', 'Tipo'])).toBe(base);
    expect(new Set([
      base,
      digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'prospect' } } }, ['Código', 'Tipo']),
      digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'client' }, transform: ['upper'] } }, ['Código', 'Tipo']),
      digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'client' } } }, ['Tipo', 'Código']),
      digest({ Código: 'external_id', Tipo: { field: 'relationship_type', values: { C: 'client' } } }, ['Código', 'Tipo', 'Notas']),
    ]).size).toBe(5);
  });

  it('fails on a column the file does not have, naming what the file has', () => {
    const mapping = accounts({ Código: 'external_id', 'Razón social': 'name', NIF: 'tax_id' });
    expect(() => compileMapping(mapping, ['Código', 'Razon socal', 'Teléfono'], { origin: 'clientes.xlsx' })).toThrow(
      new MappingError('clientes.xlsx', [
        { path: 'columns["Razón social"]', message: 'column "Razón social" named by the mapping is not in the file (did you mean "Razon socal"?); the file has: "Código", "Razon socal", "Teléfono"' },
        { path: 'columns["NIF"]', message: 'column "NIF" named by the mapping is not in the file; the file has: "Código", "Razon socal", "Teléfono"' },
      ]),
    );
  });

  it('lists missing columns without throwing when asked to', () => {
    const plan = compileMapping(accounts({ Código: 'external_id', NIF: 'tax_id', 'Razón social': 'name' }), ['Código'], { allowMissingColumns: true });
    expect(plan.missingColumns.map(({ column, field }) => ({ column, field }))).toEqual([
      { column: 'NIF', field: 'tax_id' },
      { column: 'Razón social', field: 'name' },
    ]);
  });

  it.each([
    ['a field default', accounts({ Código: 'external_id', País: 'country_code' }, { country_code: 'ES' })],
    ['a column default', accounts({ Código: 'external_id', País: { field: 'country_code', default: 'ES' } })],
    ['an ignored column', accounts({ Código: 'external_id', Interno: { ignore: true } })],
  ])('does not require a missing column with %s', (_, mapping) => {
    expect(compileMapping(mapping, ['Código']).missingColumns).toEqual([]);
  });

  it('matches headers ignoring case, accents, punctuation and spacing', () => {
    const plan = compileMapping(accounts({ 'Razón social': 'name', 'C.P.': 'postcode', 'E-mail': 'email' }), ['RAZON  SOCIAL', 'CP', 'email']);
    expect(plan.fields.map((field) => [field.field, field.sources[0]?.index])).toEqual([['name', 0], ['postcode', 1], ['email', 2]]);
    expect(plan.extras).toEqual([]);
  });
});
