/**
 * The same three Spanish companies from two sources (issue 4's story): the ERP with CIFs, an old
 * Excel export without them (capitals, the legal form written differently), and the import
 * mapping both use. Shared by the match-stage tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { runImport } from './run-import';

export const HEADER = 'Código;Razón social;NIF;Teléfono;Email;Web;Dirección;C.P.;Población';
export const ERP = [
  'E1;Distribuciones Pérez, S.L.;B12345674;912 345 678;info@distribucionesperez.es;www.distribucionesperez.es;Calle Mayor 12;28013;Madrid',
  'E2;Servicios Integrales Levante S.L.;B46123451;961 111 222;;;Av. del Puerto 3;46021;Valencia',
  'E3;Talleres García S.A.;A58818501;+34 93 123 45 67;taller@talleresgarcia.com;;Carrer de Mallorca 200;08036;Barcelona',
];
// An old Excel: no tax ids, names in capitals, the legal form written differently.
export const EXCEL = [
  'X1;DISTRIBUCIONES PEREZ SL;;+34 912345678;;distribucionesperez.es;C/ Mayor, 12;28013;MADRID',
  'X3;TALLERES GARCIA SA;;931234567;;;C. Mallorca 200;08036;Barcelona',
];

export const mapping = (source: string, sourceKind = 'spreadsheet') => ({
  version: 1, entity: 'accounts', source, sourceKind, locale: 'es',
  columns: {
    'Código': 'external_id', 'Razón social': 'name', NIF: 'tax_id', 'Teléfono': 'phone', Email: 'email', Web: 'website',
    'Dirección': 'street1', 'C.P.': 'postcode', 'Población': 'city',
  },
  defaults: { country_code: 'ES' },
});

/** Writes `rows` under HEADER to a file in a fresh temporary folder and imports it as accounts (`match: false`: no match stage). */
export function companyImporter(client: () => Client, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return async (name: string, source: string, rows: string[], kind?: string, options: { match?: boolean } = {}) => {
    const file = join(dir, name);
    writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
    return runImport(client(), { file, entity: 'accounts', mapping: mapping(source, kind), ...options });
  };
}
