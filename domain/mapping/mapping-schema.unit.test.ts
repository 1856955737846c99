import { describe, expect, it } from 'vitest';
import { MappingError } from './mapping-error';
import { parseMapping } from './mapping-schema';
import example from './fixtures/erp-es-accounts.json';

const base = { version: 1, entity: 'accounts', columns: { Código: 'external_id' } };

function issuesOf(json: unknown): string[] {
  try {
    parseMapping(json, 'm.json');
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as MappingError).message.split('\n');
  }
  return [];
}

describe('parseMapping', () => {
  it('accepts the documented example', () => {
    const mapping = parseMapping(example, 'example.json');
    expect(mapping.entity).toBe('accounts');
    expect(mapping.columns['Observaciones interna']).toEqual({ ignore: true });
    expect(mapping.defaults).toEqual({ country_code: 'ES', relationship_type: 'client' });
  });

  it.each([
    ['notes from several columns', { ...base, columns: { Observaciones: 'notes', Comentarios: { field: 'notes' } } }],
    ['additional e-mails from several columns', { ...base, entity: 'contacts', columns: { 'Email 2': 'additional_emails', 'Email 3': 'additional_emails' } }],
    ['a sheet index', { ...base, sheet: 0 }],
    ['value keys that fold alike and agree', { ...base, columns: { Activo: { field: 'category', values: { Sí: 'a', SI: 'a' } } } }],
    ['null as a value target', { ...base, columns: { Tipo: { field: 'relationship_type', values: { '-': null } } } }],
    ['a column default', { ...base, columns: { País: { field: 'country_code', default: 'ES' } } }],
  ])('accepts %s', (_, json) => {
    expect(issuesOf(json)).toEqual([]);
  });

  it.each([
    ['misspelt field, with a suggestion', { ...base, columns: { Razon: { field: 'nmae' } } }, 'm.json: columns["Razon"].field: "nmae" is not a field of accounts (did you mean "name"?)'],
    ['misspelt field in the shorthand form', { ...base, columns: { Tel: 'phon' } }, 'm.json: columns["Tel"]: "phon" is not a field of accounts (did you mean "phone"?)'],
    ['a contact field in an account mapping', { ...base, columns: { Nombre: 'first_name' } }, 'm.json: columns["Nombre"]: "first_name" is not a field of accounts'],
    ['unknown default field', { ...base, defaults: { contry_code: 'ES' } }, 'm.json: defaults["contry_code"]: "contry_code" is not a field of accounts (did you mean "country_code"?)'],
    ['two columns for one field', { ...base, columns: { A: 'name', B: { field: 'name' } } }, 'm.json: columns["B"].field: "name" is already fed by column "A"; only additional_emails, notes and street1 may take several columns'],
    ['the same column twice, spelt differently', { ...base, columns: { 'Razón social': 'name', 'RAZON SOCIAL': 'notes' } }, 'm.json: columns["RAZON SOCIAL"]: names the same column as "Razón social" (names are compared ignoring case, accents and punctuation)'],
    ['unknown top-level key', { ...base, colums: {} }, 'm.json: colums: unknown key (did you mean "columns"?)'],
    ['unknown column key', { ...base, columns: { A: { field: 'name', transfrom: ['trim'] } } }, 'm.json: columns["A"].transfrom: unknown key (did you mean "transform"?)'],
    ['unknown transform', { ...base, columns: { A: { field: 'name', transform: ['uper'] } } }, 'm.json: columns["A"].transform[0]: Invalid option: expected one of "trim"|"upper"|"lower"|"collapse_spaces"|"remove_spaces"|"digits_only"'],
    ['invalid regex', { ...base, columns: { A: { field: 'name', transform: [{ replace: { pattern: '(' } }] } } }, 'm.json: columns["A"].transform[0].replace.pattern: not a valid regular expression: Invalid regular expression: /(/: Unterminated group'],
    ['column that is neither', { ...base, columns: { A: 3 } }, 'm.json: columns["A"]: expected a field name, { "field": … } or { "ignore": true }'],
    ['ignored column with a field', { ...base, columns: { A: { ignore: true, field: 'name' } } }, 'm.json: columns["A"]: an ignored column takes no other keys (found field)'],
    ['column object without field', { ...base, columns: { A: { transform: ['trim'] } } }, 'm.json: columns["A"].field: required: the canonical field this column feeds, or use { "ignore": true }'],
    ['conflicting value keys', { ...base, columns: { A: { field: 'category', values: { Sí: 'a', SI: 'b' } } } }, 'm.json: columns["A"].values["SI"]: matches the same cells as "Sí" but maps them to a different value'],
    ['bad source code', { ...base, source: 'ERP-ES' }, 'm.json: source: a source code is 2-63 lowercase letters, digits or _, starting with a letter'],
    ['0-based header row', { ...base, headerRow: 0 }, 'm.json: headerRow: headerRow is 1-based'],
    ['unknown entity', { ...base, entity: 'leads' }, 'm.json: entity: Invalid option: expected one of "accounts"|"contacts"|"invoices"|"invoice_lines"|"receivables"|"orders"|"order_lines"|"shipments"|"activities"|"site_visits"'],
    ['missing version', { entity: 'accounts', columns: {} }, 'm.json: version: required (1)'],
    ['empty column name', { ...base, columns: { ' ': 'name' } }, 'm.json: columns[" "]: a column name cannot be empty'],
  ])('rejects %s', (_, json, expected) => {
    expect(issuesOf(json)).toContain(expected);
  });

  it('rejects a "__proto__" column instead of silently dropping it', () => {
    const json = JSON.parse('{"version":1,"entity":"accounts","columns":{"__proto__":"name","Código":"external_id"}}');
    expect(issuesOf(json)).toEqual([
      'm.json: columns["__proto__"]: "__proto__" is reserved and cannot be used as a key; leave the column unmapped (it is kept as an extra)',
    ]);
  });

  it('reports every issue at once, including field names next to structural errors', () => {
    const lines = issuesOf({ version: 2, entity: 'accounts', columns: { A: 'nmae', B: { field: 'phone', transfrom: [] } } });
    expect(lines).toEqual([
      'm.json: version: Invalid input: expected 1',
      'm.json: columns["B"].transfrom: unknown key (did you mean "transform"?)',
      'm.json: columns["A"]: "nmae" is not a field of accounts (did you mean "name"?)',
    ]);
  });
});
