import { describe, expect, it } from 'vitest';
import { formatSuggestion, mappingToJson } from './format-mapping';
import { parseMapping } from './mapping-schema';
import { suggestMapping } from './suggest-mapping';
import example from './fixtures/erp-es-accounts.json';

describe('formatSuggestion', () => {
  it('renders an aligned table with a summary', () => {
    const text = formatSuggestion(suggestMapping(['Código', 'Razón social', 'Fecha alta'], 'accounts'));
    expect(text.split('\n')).toEqual([
      'Header        Field        Score  Reason',
      '------------  -----------  -----  ------',
      'Código        external_id   1.00  known header (es)',
      'Razón social  name          1.00  known header (es)',
      'Fecha alta    (extra)       0.00  no known header; kept as an extra',
      '',
      '2 of 3 columns mapped to accounts fields; the others are kept as extras.',
    ]);
  });

  it('clips very long headers', () => {
    const long = 'Observaciones internas del departamento comercial y de administración';
    const [, , row] = formatSuggestion(suggestMapping([long], 'accounts')).split('\n');
    expect(row?.startsWith('Observaciones internas del departamento…  ')).toBe(true);
  });
});

describe('mappingToJson', () => {
  it('writes keys in a fixed order and columns as the shorthand when possible', () => {
    const shuffled = {
      defaults: { relationship_type: 'client', country_code: 'ES' },
      columns: { 'Razón social': { field: 'name' }, NIF: { transform: ['upper'], field: 'tax_id' }, Interno: { ignore: true } },
      entity: 'accounts',
      version: 1,
    };
    expect(mappingToJson(parseMapping(shuffled, 't'))).toBe(
      [
        '{',
        '  "version": 1,',
        '  "entity": "accounts",',
        '  "columns": {',
        '    "Razón social": "name",',
        '    "NIF": {',
        '      "field": "tax_id",',
        '      "transform": [',
        '        "upper"',
        '      ]',
        '    },',
        '    "Interno": {',
        '      "ignore": true',
        '    }',
        '  },',
        '  "defaults": {',
        '    "country_code": "ES",',
        '    "relationship_type": "client"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips the documented example', () => {
    const mapping = parseMapping(example, 'example.json');
    const again = parseMapping(JSON.parse(mappingToJson(mapping)), 'again');
    expect(mappingToJson(again)).toBe(mappingToJson(mapping));
    expect(again.columns['Tipo cliente']).toEqual({ field: 'relationship_type', values: { Cliente: 'client', Potencial: 'prospect' } });
  });
});
