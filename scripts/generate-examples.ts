/**
 * Generates the sample exports in `examples/` (imported by `npm start` on a fresh machine), their
 * expected outcome (`examples/expected.ts`) and `examples/README.md`.
 *
 *   node bin/run-ts.cjs scripts/generate-examples.ts [outDir=examples]
 *
 * Seeded and deterministic (mulberry32, no clock, no Math.random): re-running writes byte-identical
 * files. The deliberate defects (invalid tax ids, a bad e-mail, an unknown lookup label, an unknown
 * account code, duplicates) are declared next to the rows that carry them, and the expectations are
 * derived from those declarations, so the files, README and expected.ts cannot drift apart.
 * `examples/examples.unit.test.ts` re-checks every file independently (stdnum, libphonenumber).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { int, mulberry32, pick, type Rng } from '../bench/generators/prng';
import {
  corruptCheckDigit,
  esCifFromDigits,
  esDniFromDigits,
  esNieFromDigits,
  formatPlNip,
  itCodiceFiscale,
  itIvaFromDigits,
  plNipFromDigits,
  plRegonFromDigits,
  ruInn10FromDigits,
  ruInn12FromDigits,
  ruKppForInn,
} from '../bench/generators/tax-ids';

// ------------------------------------------------------------------------------------------ types

/** A row that cannot become a record: quarantined. */
export type RejectReason = 'unknown_account';
/** A bad value: dropped with a warning, the row still loads. */
export type WarningReason = 'invalid_tax_id' | 'invalid_email' | 'unknown_lookup_value';

export interface ExpectedReject {
  /** 1-based index among the data rows (the first row under the header is 1). */
  row: number;
  /** External id of the row (its code column). */
  key: string;
  reason: RejectReason;
  column: string;
  value: string;
}

export interface ExpectedWarning {
  row: number;
  key: string;
  reason: WarningReason;
  column: string;
  value: string;
}

export interface ExpectedDuplicate {
  /** The later row, merged into the first one. */
  row: number;
  key: string;
  /** The earlier row it duplicates. */
  duplicateOfRow: number;
  duplicateOfKey: string;
  /** Compacted tax id (accounts) or normalised e-mail (contacts) they share. */
  by: 'tax_id' | 'email';
  value: string;
}

export interface ExampleExpectation {
  /** Repository-relative path of the file. */
  file: string;
  /** Repository-relative path of its mapping. */
  mapping: string;
  entity: 'accounts' | 'contacts';
  format: 'xlsx' | 'csv';
  /** Text encoding of a CSV (`utf-8-bom`, `windows-1252`, …); XLSX is always UTF-8 XML. */
  encoding: 'utf-8-bom' | 'windows-1252' | 'windows-1250' | 'windows-1251' | 'xlsx';
  delimiter: ';' | ',' | '\t' | null;
  lineEnding: 'CRLF' | null;
  sheet: string | null;
  /** 1-based row (XLSX) / record (CSV) of the header. */
  headerRow: number;
  /** Data rows read (records, not physical lines; blank or separator-only lines are not rows). */
  rows: number;
  expectedRejected: number;
  /** Rows left after rejects and after merging duplicates. */
  expectedImported: number;
  /** Values dropped from rows that still load (each a warning of the import). */
  expectedWarnings: number;
  expectedDuplicatesByTaxId: number;
  expectedDuplicatesByEmail: number;
  rejects: ExpectedReject[];
  warnings: ExpectedWarning[];
  duplicates: ExpectedDuplicate[];
  /**
   * What the import's match stage must do with this file's rows against the accounts already in the
   * CRM (files imported before it): auto merges and review pairs; rows not listed stay separate.
   */
  crossSourceMatches: ExpectedCrossSourceMatch[];
  expectedAutoMerges: number;
  expectedReviewPairs: number;
  notes: string;
}

interface GeneratedFile {
  path: string;
  content: Buffer;
}

// ------------------------------------------------------------------------------------------ helpers

const SEED = 20250115;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** ASCII slug for e-mail/web domains. */
function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
/** Excel serial day of a calendar date (1900 date system). */
function excelSerial(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - EXCEL_EPOCH_UTC) / 86_400_000);
}

function randomDate(rng: Rng, fromYear: number, toYear: number): { y: number; m: number; d: number } {
  return { y: int(rng, fromYear, toYear), m: int(rng, 1, 12), d: int(rng, 1, 28) };
}

function dmy(t: { y: number; m: number; d: number }): string {
  return `${pad(t.d, 2)}/${pad(t.m, 2)}/${t.y}`;
}

/** 1234567.89 -> 1.234.567,89 */
function euro(n: number): string {
  const [i, d] = n.toFixed(2).split('.') as [string, string];
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${d}`;
}

/** Serialises records as CSV; `quoteAll` quotes every field (Subiekt style). */
function toCsv(records: string[][], delimiter: string, opts: { quoteAll?: boolean; eol?: string } = {}): string {
  const eol = opts.eol ?? '\r\n';
  const field = (v: string): string =>
    opts.quoteAll || v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r')
      ? `"${v.replace(/"/g, '""')}"`
      : v;
  return records.map((r) => r.map(field).join(delimiter)).join(eol) + eol;
}

function encode(text: string, encoding: 'windows-1252' | 'windows-1250' | 'windows-1251'): Buffer {
  const buf = iconv.encode(text, encoding);
  // Refuse silently substituted characters: the round trip must give the text back.
  if (iconv.decode(buf, encoding) !== text) throw new Error(`text not representable in ${encoding}`);
  return buf;
}

class Defects {
  readonly rejects: ExpectedReject[] = [];
  readonly warnings: ExpectedWarning[] = [];
  readonly duplicates: ExpectedDuplicate[] = [];
  reject(row: number, key: string, reason: RejectReason, column: string, value: string): void {
    this.rejects.push({ row, key, reason, column, value });
  }
  warn(row: number, key: string, reason: WarningReason, column: string, value: string): void {
    this.warnings.push({ row, key, reason, column, value });
  }
  duplicate(d: ExpectedDuplicate): void {
    this.duplicates.push(d);
  }
}

function expectation(
  base: Omit<ExampleExpectation, 'expectedRejected' | 'expectedImported' | 'expectedWarnings' | 'expectedDuplicatesByTaxId' | 'expectedDuplicatesByEmail' | 'rejects' | 'warnings' | 'duplicates' | 'crossSourceMatches' | 'expectedAutoMerges' | 'expectedReviewPairs'>,
  defects: Defects,
  crossSourceMatches: ExpectedCrossSourceMatch[] = [],
): ExampleExpectation {
  const rejects = [...defects.rejects].sort((a, b) => a.row - b.row);
  const duplicates = [...defects.duplicates].sort((a, b) => a.row - b.row);
  const warnings = [...defects.warnings].sort((a, b) => a.row - b.row);
  const rejectedRows = new Set(rejects.map((r) => r.row));
  return {
    ...base,
    expectedRejected: rejectedRows.size,
    expectedImported: base.rows - rejectedRows.size - duplicates.length,
    expectedWarnings: warnings.length,
    expectedDuplicatesByTaxId: duplicates.filter((d) => d.by === 'tax_id').length,
    expectedDuplicatesByEmail: duplicates.filter((d) => d.by === 'email').length,
    rejects,
    warnings,
    duplicates,
    crossSourceMatches,
    expectedAutoMerges: crossSourceMatches.filter((m) => m.decision === 'auto_merge').length,
    expectedReviewPairs: crossSourceMatches.filter((m) => m.decision === 'review').length,
  };
}

// ------------------------------------------------------------------------------------------ Spain: clientes_erp.xlsx

interface EsCity {
  city: string;
  province: string;
  cp: string; // 3-digit prefix, leading zeros matter
  area: string; // landline prefix
  zone: 'Norte' | 'Levante' | 'Centro' | 'Sur' | 'Cataluña';
  provCode: string; // CIF digits 1-2
}

const ES_CITIES: Record<string, EsCity> = {
  madrid: { city: 'Madrid', province: 'Madrid', cp: '280', area: '91', zone: 'Centro', provCode: '28' },
  barcelona: { city: 'Barcelona', province: 'Barcelona', cp: '080', area: '93', zone: 'Cataluña', provCode: '08' },
  sabadell: { city: 'Sabadell', province: 'Barcelona', cp: '082', area: '93', zone: 'Cataluña', provCode: '08' },
  girona: { city: 'Girona', province: 'Girona', cp: '170', area: '972', zone: 'Cataluña', provCode: '17' },
  lleida: { city: 'Lleida', province: 'Lleida', cp: '250', area: '973', zone: 'Cataluña', provCode: '25' },
  valencia: { city: 'València', province: 'Valencia', cp: '460', area: '96', zone: 'Levante', provCode: '46' },
  alicante: { city: 'Alicante/Alacant', province: 'Alicante', cp: '030', area: '965', zone: 'Levante', provCode: '03' },
  sevilla: { city: 'Sevilla', province: 'Sevilla', cp: '410', area: '954', zone: 'Sur', provCode: '41' },
  malaga: { city: 'Málaga', province: 'Málaga', cp: '290', area: '952', zone: 'Sur', provCode: '29' },
  almeria: { city: 'Almería', province: 'Almería', cp: '040', area: '950', zone: 'Sur', provCode: '04' },
  bilbao: { city: 'Bilbao', province: 'Bizkaia', cp: '480', area: '944', zone: 'Norte', provCode: '48' },
  oviedo: { city: 'Oviedo', province: 'Asturias', cp: '330', area: '985', zone: 'Norte', provCode: '33' },
  coruna: { city: 'A Coruña', province: 'A Coruña', cp: '150', area: '981', zone: 'Norte', provCode: '15' },
  zaragoza: { city: 'Zaragoza', province: 'Zaragoza', cp: '500', area: '976', zone: 'Norte', provCode: '50' },
  avila: { city: 'Ávila', province: 'Ávila', cp: '050', area: '920', zone: 'Centro', provCode: '05' },
  valladolid: { city: 'Valladolid', province: 'Valladolid', cp: '470', area: '983', zone: 'Centro', provCode: '47' },
};

export const ES_SECTORS: Record<string, string> = {
  'Comercio minorista': 'retail',
  'Distribución mayorista': 'wholesale',
  Industria: 'manufacturing',
  'Construcción': 'construction',
  'Hostelería': 'hospitality',
  'Alimentación': 'food',
  'Automoción': 'automotive',
  Servicios: 'services',
  'Transporte y logística': 'logistics',
  Sanidad: 'healthcare',
  'Tecnología': 'technology',
  Agricultura: 'agriculture',
};
export const ES_TIPOS: Record<string, string> = { Cliente: 'client', Potencial: 'prospect', Objetivo: 'target', 'No cliente': 'non_client', Otro: 'other' };
export const ES_ZONES: Record<string, string> = { Norte: 'es_north', Levante: 'es_east', 'Cataluña': 'es_east', Centro: 'es_center', Sur: 'es_south' };
const ES_COMERCIALES: Record<EsCity['zone'], string> = {
  Norte: 'Iker Etxeberria',
  Levante: 'Laura Gómez',
  'Cataluña': 'Marc Vidal i Ferrer',
  Centro: 'Pedro Sanz',
  Sur: 'Rocío Moreno',
};

type EsTaxKind = { cif: string } | 'dni' | 'nie';
interface EsCompany {
  name: string;
  tax: EsTaxKind;
  city: keyof typeof ES_CITIES;
  sector: keyof typeof ES_SECTORS;
  street: string;
  domain?: string; // overrides the slug domain
  personalEmail?: string;
}

const ES_COMPANIES: EsCompany[] = [
  { name: 'Distribuciones Pérez, S.L.', tax: { cif: 'B' }, city: 'madrid', sector: 'Distribución mayorista', street: 'C/ de Alcalá, 145, 2º B', domain: 'distribucionesperez.es' },
  { name: 'TALLERES GARCÍA SA', tax: { cif: 'A' }, city: 'valladolid', sector: 'Automoción', street: 'Pol. Ind. San Cristóbal, C/ Plata, 12', domain: 'talleresgarcia.com' },
  { name: 'Construccions Puig i Fills, S.L.', tax: { cif: 'B' }, city: 'girona', sector: 'Construcción', street: 'C/ de la Rutlla, 58', domain: 'puigifills.cat' },
  { name: 'Hostal La Plaça, S.L.', tax: { cif: 'B' }, city: 'barcelona', sector: 'Hostelería', street: "Pl. de l'Àngel, 4", domain: 'hostallaplaca.com' },
  { name: 'Suministros Industriales del Norte, S.A.', tax: { cif: 'A' }, city: 'bilbao', sector: 'Industria', street: 'Alameda de Urquijo, 27', domain: 'sinorte.es' },
  { name: 'Juan Martínez López', tax: 'dni', city: 'almeria', sector: 'Agricultura', street: 'Paraje Los Llanos, s/n', personalEmail: 'juanmartinezlopez@gmail.com' },
  { name: 'Frutas Hermanos Sánchez, S.L.', tax: { cif: 'B' }, city: 'valencia', sector: 'Alimentación', street: 'Mercavalencia, nave 14', domain: 'frutassanchez.es' },
  { name: 'Transportes Ruiz e Hijos, S.L.', tax: { cif: 'B' }, city: 'zaragoza', sector: 'Transporte y logística', street: 'Pol. Plaza, C/ Bari, 33', domain: 'transportesruiz.es' },
  { name: 'Clínica Dental Sonrisa, S.L.P.', tax: { cif: 'B' }, city: 'sevilla', sector: 'Sanidad', street: 'Av. de la Constitución, 9', domain: 'clinicasonrisa.es' },
  { name: 'Informàtica Vallès, S.L.', tax: { cif: 'B' }, city: 'sabadell', sector: 'Tecnología', street: 'Rambla, 112', domain: 'informaticavalles.cat' },
  { name: 'Ferretería Núñez, S.L.', tax: { cif: 'B' }, city: 'oviedo', sector: 'Comercio minorista', street: 'C/ Uría, 40', domain: 'ferreterianunez.es' },
  { name: 'Panadería Álvarez, C.B.', tax: { cif: 'E' }, city: 'avila', sector: 'Alimentación', street: 'C/ de los Reyes Católicos, 3', domain: 'panaderiaalvarez.es' },
  { name: 'Cooperativa Agrícola Sant Isidre, S. Coop.', tax: { cif: 'F' }, city: 'lleida', sector: 'Agricultura', street: 'Carretera de Huesca, km 4', domain: 'coopsantisidre.cat' },
  { name: 'Gráficas Alicante, S.A.', tax: { cif: 'A' }, city: 'alicante', sector: 'Industria', street: 'Pol. Ind. Las Atalayas, parcela 7', domain: 'graficasalicante.es' },
  { name: 'Restaurante El Puerto, S.L.', tax: { cif: 'B' }, city: 'malaga', sector: 'Hostelería', street: 'Paseo Marítimo Pablo Ruiz Picasso, 21', domain: 'restauranteelpuerto.es' },
  { name: 'Asociación de Comerciantes del Centro', tax: { cif: 'G' }, city: 'madrid', sector: 'Servicios', street: 'C/ Mayor, 6, 1º', domain: 'comerciantescentro.org' },
  { name: 'Muebles Romero, S.L.', tax: { cif: 'B' }, city: 'valencia', sector: 'Comercio minorista', street: 'Av. del Port, 201', domain: 'mueblesromero.es' },
  { name: 'Electricidad Gómez Hermanos, S.L.', tax: { cif: 'B' }, city: 'coruna', sector: 'Construcción', street: 'Rúa Real, 77', domain: 'electricidadgomez.es' },
  { name: 'Laura Fernández Díaz', tax: 'dni', city: 'madrid', sector: 'Servicios', street: 'C/ de Fuencarral, 98, 3º izda.', personalEmail: 'laura.fernandez.diaz@hotmail.com' },
  { name: 'Importaciones Ibéricas, S.A.', tax: { cif: 'A' }, city: 'barcelona', sector: 'Distribución mayorista', street: 'Zona Franca, C/ 60, 19', domain: 'importacionesibericas.com' },
  { name: 'Consultoría Castaño & Asociados, S.L.', tax: { cif: 'B' }, city: 'madrid', sector: 'Servicios', street: 'Paseo de la Castellana, 120', domain: 'castanoasociados.es' },
  { name: 'Autos Ibáñez, S.L.', tax: { cif: 'B' }, city: 'sevilla', sector: 'Automoción', street: 'Ctra. de Su Eminencia, 15', domain: 'autosibanez.es' },
  { name: 'Farmacia Ldo. Antonio Muñoz', tax: 'dni', city: 'malaga', sector: 'Sanidad', street: 'C/ Larios, 2', domain: 'farmaciamunoz.es' },
  { name: 'Logística Mediterránea, S.L.U.', tax: { cif: 'B' }, city: 'valencia', sector: 'Transporte y logística', street: 'Av. dels Tarongers, 5', domain: 'logisticamediterranea.es' },
  { name: 'Bodegas del Ebro, S.A.', tax: { cif: 'A' }, city: 'zaragoza', sector: 'Alimentación', street: 'Camino de Cogullada, 20', domain: 'bodegasdelebro.es' },
  { name: 'Ajuntament de Sant Feliu de Guíxols', tax: { cif: 'P' }, city: 'girona', sector: 'Servicios', street: 'Pl. del Mercat, 1', domain: 'guixols.cat' },
  { name: 'Pere Vidal Serra', tax: 'dni', city: 'lleida', sector: 'Agricultura', street: 'Partida Malgovern, 12', personalEmail: 'pvidalserra@gmail.com' },
  { name: 'Talleres Mecánicos Oviedo, S.L.', tax: { cif: 'B' }, city: 'oviedo', sector: 'Automoción', street: 'C/ Gil de Jaz, 14', domain: 'tmoviedo.es' },
  { name: 'Hotel Mirador de Ávila, S.A.', tax: { cif: 'A' }, city: 'avila', sector: 'Hostelería', street: 'Paseo del Rastro, 1', domain: 'miradordeavila.com' },
  { name: 'Tecnologías Avanzadas Bilbao, S.L.', tax: { cif: 'B' }, city: 'bilbao', sector: 'Tecnología', street: 'Parque Tecnológico, Edif. 204', domain: 'tabilbao.eus' },
  { name: 'Comunidad de Propietarios Av. Diagonal 450', tax: { cif: 'H' }, city: 'barcelona', sector: 'Servicios', street: 'Av. Diagonal, 450', personalEmail: 'cpdiagonal450@gmail.com' },
  { name: 'Andrzej Kowalski', tax: 'nie', city: 'malaga', sector: 'Servicios', street: 'C/ Granada, 33', personalEmail: 'a.kowalski@outlook.com' },
  { name: 'Materiales de Construcción Sur, S.L.', tax: { cif: 'B' }, city: 'sevilla', sector: 'Construcción', street: 'Pol. Ind. Store, C/ A, 8', domain: 'matsur.es' },
  { name: 'Moda Cortés, S.L.', tax: { cif: 'B' }, city: 'coruna', sector: 'Comercio minorista', street: 'Rúa San Andrés, 150', domain: 'modacortes.es' },
  { name: 'Centro Médico Levante, S.L.', tax: { cif: 'B' }, city: 'alicante', sector: 'Sanidad', street: 'Av. de Maisonnave, 41', domain: 'cmlevante.es' },
  { name: 'Embalajes del Vallès, S.A.', tax: { cif: 'A' }, city: 'sabadell', sector: 'Industria', street: 'C/ de Sant Pau, 2', domain: 'embalajesvalles.com' },
  { name: 'Congelados Atlántico, S.L.', tax: { cif: 'B' }, city: 'coruna', sector: 'Alimentación', street: 'Puerto Pesquero, nave 3', domain: 'congeladosatlantico.es' },
  // row 38 is the duplicate of row 1 (inserted below)
  { name: 'Ópticas Visión Clara, S.L.', tax: { cif: 'B' }, city: 'valladolid', sector: 'Comercio minorista', street: 'C/ Santiago, 19', domain: 'visionclara.es' },
  { name: 'Servicios Informáticos Almería, S.L.', tax: { cif: 'B' }, city: 'almeria', sector: 'Tecnología', street: 'Av. de la Estación, 12', domain: 'sialmeria.es' },
];

const ES_HEADERS = [
  'Código cliente', 'Razón social', 'NIF/CIF', 'Dirección', 'C.P.', 'Población', 'Provincia', 'País', 'Teléfono', 'Email', 'Web',
  'Tipo cliente', 'Categoría', 'Sector', 'Zona', 'Comercial', 'Fecha alta', 'Observaciones',
] as const;

/** ES row numbers (1-based data rows) carrying the deliberate defects. */
const ES_DUPLICATE_ROW = 38;
const ES_INVALID_CIF_ROW = 14; // Gráficas Alicante, S.A.
const ES_BAD_EMAIL_ROW = 22; // Autos Ibáñez, S.L.
const ES_UNKNOWN_TIPO_ROW = 30; // Tecnologías Avanzadas Bilbao, S.L.

function esCode(row: number): string {
  return `430${pad(row, 5)}`;
}

function esPhone(rng: Rng, area: string, style: number): string {
  const n = `${area}${int(rng, 2, 8)}${pad(int(rng, 0, 10 ** (8 - area.length) - 1), 8 - area.length)}`;
  switch (style % 5) {
    case 0:
      return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`; // 912 345 678
    case 1:
      return `+34 ${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7)}`; // +34 93 123 45 67
    case 2:
      return `0034 ${n.slice(0, 2)} ${n.slice(2)}`; // 0034 93 1234567
    case 3:
      return `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 7)}.${n.slice(7)}`; // 93.123.45.67
    default:
      return n; // 931234567 (written as a number cell)
  }
}

export interface EsAccountRow {
  row: number;
  code: string;
  name: string;
  taxId: string;
  email: string;
  domain: string | null;
  /** As written in the file (one of the mixed formats). */
  phone: string;
  street: string;
  postcode: string;
  city: string;
  province: string;
}

interface EsBuild {
  file: GeneratedFile;
  expectation: ExampleExpectation;
  accounts: EsAccountRow[];
  defectiveCodes: Set<string>;
  duplicateCodes: Set<string>;
}

function buildEsClientes(): EsBuild {
  const rng = mulberry32(SEED ^ 0xe5);
  const defects = new Defects();
  const companies = [...ES_COMPANIES];
  const first = companies[0];
  if (!first) throw new Error('no companies');
  const dataRows: XLSX.CellObject[][] = [];
  const accounts: EsAccountRow[] = [];
  const tipos = ['Cliente', 'Cliente', 'Cliente', 'Potencial', 'Potencial', 'Objetivo', 'No cliente'];
  const notes = ['', '', '', 'Pago a 60 días', 'Envío de factura en papel', 'Contactar por la mañana', 'Cliente desde la feria Alimentaria', 'Descuento 5% pactado', 'Pendiente de revisar riesgo'];
  let firstCif = '';
  let rowNo = 0;
  const makeRow = (c: EsCompany, overrides: Partial<{ name: string; taxId: string; email: string; tipo: string; note: string; phone: string; phoneStyle: number }> = {}): void => {
    rowNo++;
    const city = ES_CITIES[c.city];
    if (!city) throw new Error(`unknown city ${c.city}`);
    let taxId: string;
    if (typeof c.tax === 'object') taxId = esCifFromDigits(c.tax.cif, `${city.provCode}${pad(int(rng, 0, 99999), 5)}`);
    else if (c.tax === 'dni') taxId = esDniFromDigits(pad(int(rng, 10_000_000, 79_999_999), 8));
    else taxId = esNieFromDigits('Y', pad(int(rng, 0, 9_999_999), 7));
    taxId = overrides.taxId ?? taxId;
    const domain = c.domain ?? null;
    const email = overrides.email ?? c.personalEmail ?? `${pick(rng, ['info', 'info', 'administracion', 'pedidos', 'comercial'])}@${domain}`;
    const webStyle = int(rng, 0, 3);
    const web = !domain ? '' : webStyle === 0 ? '' : webStyle === 1 ? `www.${domain}` : webStyle === 2 ? `https://www.${domain}` : `http://${domain}/`;
    const phoneStyle = overrides.phoneStyle ?? int(rng, 0, 4);
    const phone = overrides.phone ?? esPhone(rng, city.area, phoneStyle);
    const tipo = overrides.tipo ?? pick(rng, tipos);
    const cat = pick(rng, ['A', 'B', 'B', 'C', 'C', '']);
    const date = randomDate(rng, 2009, 2024);
    const note = overrides.note ?? pick(rng, notes);
    const name = overrides.name ?? c.name;
    const code = esCode(rowNo);
    const cp = `${city.cp}${pad(int(rng, 1, 20), 2)}`;
    accounts.push({ row: rowNo, code, name, taxId, email, domain, phone, street: c.street, postcode: cp, city: city.city, province: city.province });
    const s = (v: string): XLSX.CellObject => (v === '' ? { t: 'z' } : { t: 's', v });
    dataRows.push([
      s(code),
      s(name),
      s(taxId),
      s(c.street),
      { t: 's', v: cp, z: '@' }, // text: leading zeros kept
      s(city.city),
      s(city.province),
      s('España'),
      phoneStyle % 5 === 4 && !overrides.phone ? { t: 'n', v: Number(phone) } : s(phone),
      s(email),
      s(web),
      s(tipo),
      s(cat),
      s(c.sector),
      s(city.zone),
      s(ES_COMERCIALES[city.zone]),
      { t: 'n', v: excelSerial(date.y, date.m, date.d), z: 'dd/mm/yyyy' },
      s(note),
    ]);
  };

  for (let k = 0; k < companies.length; k++) {
    const c = companies[k] as EsCompany;
    if (rowNo + 1 === ES_DUPLICATE_ROW) {
      // Same company as row 1, keyed in again by hand: upper case, no accents, CIF with a dash.
      const dupCif = `${firstCif.slice(0, 1)}-${firstCif.slice(1)}`;
      makeRow(first, { name: 'DISTRIBUCIONES PEREZ SL', taxId: dupCif, email: 'pedidos@distribucionesperez.es', tipo: 'Cliente', note: 'Alta duplicada (ver 43000001)' });
      defects.duplicate({ row: rowNo, key: esCode(rowNo), duplicateOfRow: 1, duplicateOfKey: esCode(1), by: 'tax_id', value: firstCif });
    }
    const next = rowNo + 1;
    if (next === ES_INVALID_CIF_ROW) {
      const bad = corruptCheckDigit(esCifFromDigits('A', `03${pad(int(rng, 0, 99999), 5)}`));
      makeRow(c, { taxId: bad });
      defects.warn(rowNo, esCode(rowNo), 'invalid_tax_id', 'NIF/CIF', bad);
    } else if (next === ES_BAD_EMAIL_ROW) {
      makeRow(c, { email: 'ventas.autosibanez.es' });
      defects.warn(rowNo, esCode(rowNo), 'invalid_email', 'Email', 'ventas.autosibanez.es');
    } else if (next === ES_UNKNOWN_TIPO_ROW) {
      makeRow(c, { tipo: 'Distribuidor' });
      defects.warn(rowNo, esCode(rowNo), 'unknown_lookup_value', 'Tipo cliente', 'Distribuidor');
    } else if (next === 20) {
      // A NIF written with the EU VAT prefix.
      makeRow(c, { taxId: `ES${esCifFromDigits('A', `08${pad(int(rng, 0, 99999), 5)}`)}` });
    } else {
      makeRow(c);
    }
    if (rowNo === 1) firstCif = accounts[0]?.taxId ?? '';
  }

  // Sheet "Resumen" first, then "Clientes" with 2 title lines and a blank line above the header.
  const total = dataRows.length;
  const resumen = XLSX.utils.aoa_to_sheet([
    ['Exportación de clientes'],
    ['Empresa', 'Comercial Ibérica de Suministros, S.A.'],
    ['Fecha de exportación', { t: 'n', v: excelSerial(2025, 1, 15), z: 'dd/mm/yyyy' }],
    ['Registros exportados', total],
    ['Hoja de datos', 'Clientes'],
    [],
    ['Generado por GestiónERP 9.2 — módulo Ventas'],
  ]);
  resumen['!cols'] = [{ wch: 24 }, { wch: 40 }];
  const clientes = XLSX.utils.aoa_to_sheet([
    ['LISTADO DE CLIENTES'],
    ['Comercial Ibérica de Suministros, S.A. — exportado el 15/01/2025 08:30'],
    [],
    [...ES_HEADERS],
    ...dataRows,
  ]);
  clientes['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 5 } }];
  clientes['!cols'] = [12, 42, 13, 40, 7, 18, 12, 8, 18, 34, 32, 12, 10, 22, 10, 20, 12, 36].map((wch) => ({ wch }));
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: 'Clientes', Author: 'GestiónERP', Company: 'Comercial Ibérica de Suministros, S.A.', CreatedDate: new Date(Date.UTC(2025, 0, 15, 8, 30)) };
  XLSX.utils.book_append_sheet(wb, resumen, 'Resumen');
  XLSX.utils.book_append_sheet(wb, clientes, 'Clientes');
  const content = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;

  const exp = expectation(
    {
      file: 'examples/es/clientes_erp.xlsx',
      mapping: 'mappings/examples/es-clientes_erp.json',
      entity: 'accounts',
      format: 'xlsx',
      encoding: 'xlsx',
      delimiter: null,
      lineEnding: null,
      sheet: 'Clientes',
      headerRow: 4,
      rows: total,
      notes:
        'First sheet "Resumen" is a summary; data on sheet "Clientes": 2 title rows (merged cells) + 1 blank row, header on row 4, data on rows 5-44. ' +
        'C.P. are text cells (08xxx, 03xxx, 04xxx, 05xxx keep their leading zero); Fecha alta are real Excel dates (dd/mm/yyyy format); some Teléfono cells are numbers (e.g. 931234567). ' +
        'Phones in mixed formats (912 345 678, +34 93 123 45 67, 0034 93 1234567, 93.123.45.67). NIF/CIF: CIFs of letters A B E F G H P (P = public body with a letter control), DNI-based NIFs of autónomos, one NIE, one with the ES prefix (row 20). ' +
        'Row 38 is row 1 keyed in again as "DISTRIBUCIONES PEREZ SL" with the CIF written B-…: same company by tax id.',
    },
    defects,
  );
  return {
    file: { path: 'es/clientes_erp.xlsx', content },
    expectation: exp,
    accounts,
    // Contacts and the shop refer only to clean ERP accounts: none with a dropped value.
    defectiveCodes: new Set([...defects.rejects, ...defects.warnings].map((r) => r.key)),
    duplicateCodes: new Set(defects.duplicates.map((d) => d.key)),
  };
}

// ------------------------------------------------------------------------------------------ Spain: contactos.csv

const CONTACT_HEADERS = ['Codi contacte', 'Nom', 'Cognoms', 'Càrrec', 'Departament', 'Rol', 'Correu electrònic', 'Telèfon', 'Mòbil', 'Codi client', 'Accepta publicitat'] as const;

export const ES_DEPARTMENTS: Record<string, string> = {
  'Direcció': 'management',
  'Dirección': 'management',
  Vendes: 'sales',
  Ventas: 'sales',
  Compres: 'purchasing',
  Compras: 'purchasing',
  'Administració': 'finance',
  'Administración': 'finance',
  'Màrqueting': 'marketing',
  Marketing: 'marketing',
  'Producció': 'operations',
  'Logística': 'operations',
  'Informàtica': 'it',
  'Sistemas': 'it',
  RRHH: 'hr',
  'Oficina tècnica': 'technical',
  Altres: 'other',
};
export const ES_ROLES: Record<string, string> = {
  Decisor: 'decision_maker',
  'Decisora': 'decision_maker',
  Influenciador: 'influencer',
  Prescriptor: 'influencer',
  Usuari: 'non_decision_maker',
  Usuario: 'non_decision_maker',
};

const FIRST_NAMES = ['Jordi', 'Montserrat', 'Núria', 'Pau', 'Marta', 'Xavier', 'Laia', 'Oriol', 'Carmen', 'José', 'Antonio', 'María', 'Lucía', 'Javier', 'Elena', 'Pablo', 'Raquel', 'Sergio', 'Begoña', 'Íñigo'];
const SURNAMES = ['Puig', 'Vidal', 'Ferrer', 'Soler', 'Casals', 'Font', 'Pujol', 'Serra', 'García', 'López', 'Martínez', 'Sánchez', 'Romero', 'Navarro', 'Torres', 'Domínguez', 'Iglesias', 'Ortega'];
const JOBS: [string, string, string][] = [
  ['Gerent', 'Direcció', 'Decisor'],
  ['Director general', 'Dirección', 'Decisor'],
  ['Director comercial', 'Ventas', 'Decisor'],
  ['Cap de compres', 'Compres', 'Decisor'],
  ['Responsable de compras', 'Compras', 'Influenciador'],
  ['Comptable', 'Administració', 'Usuari'],
  ['Administrativa', 'Administración', 'Usuario'],
  ['Responsable de màrqueting', 'Màrqueting', 'Influenciador'],
  ['Jefe de producción', 'Producció', 'Prescriptor'],
  ['Responsable IT', 'Informàtica', 'Influenciador'],
  ['Técnico de sistemas', 'Sistemas', 'Usuario'],
  ['Tècnic de prevenció', 'Oficina tècnica', 'Usuari'],
  ['Responsable de personal', 'RRHH', 'Usuario'],
  ['Jefe de almacén', 'Logística', 'Usuario'],
  ['Recepció', 'Altres', 'Usuari'],
];

const CONTACTS_ROWS = 50;
const CONTACT_DUP_ROW = 44; // same person as row 7, e-mail differs by case and spaces
const CONTACT_DUP_OF_ROW = 7;
const CONTACT_UNKNOWN_ACCOUNT_ROW = 23;
const CONTACT_NEWLINE_ROW = 12;
const CONTACT_SEMICOLON_ROW = 30;
const CONTACT_NO_EMAIL_ROWS = new Set([17, 35]);
const UNKNOWN_ACCOUNT_CODE = '43000099';

function buildEsContactos(es: EsBuild): { file: GeneratedFile; expectation: ExampleExpectation } {
  const rng = mulberry32(SEED ^ 0xc0);
  const defects = new Defects();
  // Contacts only point at accounts that import cleanly (not rejected, not the duplicate row).
  const targets = es.accounts.filter((a) => !es.defectiveCodes.has(a.code) && !es.duplicateCodes.has(a.code));
  const puig = es.accounts.find((a) => a.name.startsWith('Construccions Puig'));
  if (!puig) throw new Error('Puig account missing');
  const records: string[][] = [[...CONTACT_HEADERS]];
  const usedEmails = new Set<string>();
  let dupSource: string[] | undefined;
  for (let row = 1; row <= CONTACTS_ROWS; row++) {
    const code = `CT${pad(row, 4)}`;
    if (row === CONTACT_DUP_ROW && dupSource) {
      const [, nom, cognoms, carrec, dep, rol, email, , mobil, client] = dupSource as [string, string, string, string, string, string, string, string, string, string, string];
      const messy = ` ${email.replace(/^jordi\.puig/, 'Jordi.Puig').replace('puigifills', 'PuigiFills')} `;
      records.push([code, nom, cognoms, carrec, dep, rol, messy, '', mobil, client, 'Sí']);
      defects.duplicate({ row, key: code, duplicateOfRow: CONTACT_DUP_OF_ROW, duplicateOfKey: `CT${pad(CONTACT_DUP_OF_ROW, 4)}`, by: 'email', value: email });
      continue;
    }
    const account = row === CONTACT_DUP_OF_ROW ? puig : targets[int(rng, 0, targets.length - 1)];
    if (!account) throw new Error('no account');
    let nom = pick(rng, FIRST_NAMES);
    let cognoms = `${pick(rng, SURNAMES)} ${pick(rng, SURNAMES)}`;
    if (row === CONTACT_DUP_OF_ROW) {
      nom = 'Jordi';
      cognoms = 'Puig Soler';
    }
    const job = pick(rng, JOBS);
    let carrec = job[0];
    if (row === CONTACT_NEWLINE_ROW) carrec = 'Director comercial\nZona Nord i Girona';
    if (row === CONTACT_SEMICOLON_ROW) carrec = 'Compres; magatzem';
    let clientCode = account.code;
    if (row === CONTACT_UNKNOWN_ACCOUNT_ROW) {
      clientCode = UNKNOWN_ACCOUNT_CODE;
      defects.reject(row, code, 'unknown_account', 'Codi client', UNKNOWN_ACCOUNT_CODE);
    }
    // Personal e-mails for accounts without a company domain.
    const domain = account.domain ?? 'gmail.com';
    const local = `${slug(nom)}.${slug(cognoms.split(' ')[0] ?? '')}`;
    let email = `${local}@${domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${local}${k}@${domain}`;
    if (CONTACT_NO_EMAIL_ROWS.has(row)) email = '';
    else usedEmails.add(email);
    const city = account.domain?.endsWith('.cat') ? '93' : '91';
    const phone = rng() < 0.6 ? `${city} ${int(rng, 200, 899)} ${pad(int(rng, 0, 99), 2)} ${pad(int(rng, 0, 99), 2)}` : '';
    const mobil = rng() < 0.7 ? `6${int(rng, 0, 9)}${int(rng, 0, 9)} ${pad(int(rng, 0, 999), 3)} ${pad(int(rng, 0, 999), 3)}` : '';
    const optIn = pick(rng, ['Sí', 'Sí', 'No', '']);
    const rec = [code, nom, cognoms, carrec, job[1], job[2], email, phone, mobil, clientCode, optIn];
    if (row === CONTACT_DUP_OF_ROW) dupSource = rec;
    records.push(rec);
  }
  const text = '\ufeff' + toCsv(records, ';');
  const exp = expectation(
    {
      file: 'examples/es/contactos.csv',
      mapping: 'mappings/examples/es-contactos.json',
      entity: 'contacts',
      format: 'csv',
      encoding: 'utf-8-bom',
      delimiter: ';',
      lineEnding: 'CRLF',
      sheet: null,
      headerRow: 1,
      rows: CONTACTS_ROWS,
      notes:
        `UTF-8 with BOM, ";" separated, CRLF, Catalan/Spanish headers and labels. Codi client references the Código cliente of clientes_erp.xlsx (same source erp_es), only accounts that import cleanly. ` +
        `Row ${CONTACT_NEWLINE_ROW} has a quoted Càrrec with an embedded newline (the file has ${CONTACTS_ROWS + 2} physical lines for ${CONTACTS_ROWS + 1} records); row ${CONTACT_SEMICOLON_ROW} a quoted Càrrec containing ";". ` +
        `Rows ${[...CONTACT_NO_EMAIL_ROWS].join(' and ')} have no e-mail (not a defect). Row ${CONTACT_DUP_ROW} is row ${CONTACT_DUP_OF_ROW} (Jordi Puig Soler) again, e-mail " Jordi.Puig@PuigiFills.cat " (case and spaces).`,
    },
    defects,
  );
  return { file: { path: 'es/contactos.csv', content: Buffer.from(text, 'utf8') }, expectation: exp };
}

// ------------------------------------------------------------------------------------------ Spain: clientes_tienda.csv (web shop)

/**
 * How the import's match stage must treat one shop row: merged automatically into an ERP account,
 * queued for review against it, or left alone (a new customer or a namesake).
 */
export interface ExpectedCrossSourceMatch {
  /** 1-based data row and external id in this file. */
  row: number;
  key: string;
  /** The account it must meet, by its source and external id. */
  source: string;
  matchesKey: string;
  decision: 'auto_merge' | 'review';
  /** The evidence, in words (README). */
  why: string;
}

const SHOP_HEADERS = ['ID cliente', 'Empresa', 'Nombre', 'Apellidos', 'Email', 'Teléfono', 'Dirección', 'Código postal', 'Ciudad', 'Provincia', 'País', 'Fecha de registro', 'Pedidos'] as const;

type ShopRow =
  // An ERP customer that also buys online: the shop's spelling, the same phone and address.
  | { kind: 'auto'; erpName: string; name: string; emailLocal: string; phoneStyle: number }
  // Probably an ERP customer: the same name, postcode and town, but a free-mail address and no phone.
  | { kind: 'review'; erpName: string; name: string; email: string }
  // Same name as an ERP customer, another town, its own phone: a different company.
  | { kind: 'namesake'; erpName: string; city: keyof typeof ES_CITIES; street: string; email: string }
  | { kind: 'new'; name: string; city: keyof typeof ES_CITIES; street: string; email: string };

// Shuffled on purpose: a real export lists customers by sign-up, not by kind.
const SHOP_ROWS: ShopRow[] = [
  { kind: 'auto', erpName: 'TALLERES GARCÍA SA', name: 'talleres garcia', emailLocal: 'recambios', phoneStyle: 0 },
  { kind: 'new', name: 'Papelería El Olmo', city: 'madrid', street: 'C/ de Embajadores, 71', email: 'pedidos@papeleriaelolmo.es' },
  { kind: 'review', erpName: 'Distribuciones Pérez, S.L.', name: 'distribuciones perez', email: 'distribucionesperez@gmail.com' },
  { kind: 'auto', erpName: 'Hostal La Plaça, S.L.', name: 'Hostal La Placa SL', emailLocal: 'reservas', phoneStyle: 1 },
  { kind: 'new', name: 'Floristería Las Dalias', city: 'sevilla', street: 'C/ Feria, 88', email: 'hola@floristerialasdalias.es' },
  { kind: 'auto', erpName: 'Frutas Hermanos Sánchez, S.L.', name: 'FRUTAS HNOS SANCHEZ', emailLocal: 'compras', phoneStyle: 2 },
  { kind: 'namesake', erpName: 'Restaurante El Puerto, S.L.', city: 'coruna', street: 'Av. da Mariña, 12', email: 'reservas@elpuertocoruna.com' },
  { kind: 'new', name: 'Cafetería Montaña', city: 'oviedo', street: 'C/ Cimadevilla, 9', email: 'cafeteriamontana@gmail.com' },
  { kind: 'review', erpName: 'Informàtica Vallès, S.L.', name: 'informatica valles', email: 'informatica.valles@hotmail.com' },
  { kind: 'auto', erpName: 'Ferretería Núñez, S.L.', name: 'ferreteria nuñez', emailLocal: 'tienda', phoneStyle: 3 },
  { kind: 'new', name: 'Academia de Idiomas Abra', city: 'bilbao', street: 'C/ Henao, 21', email: 'info@academiaabra.eus' },
  { kind: 'auto', erpName: 'Muebles Romero, S.L.', name: 'Muebles Romero Sociedad Limitada', emailLocal: 'ventas', phoneStyle: 4 },
  { kind: 'new', name: 'Estudio Gráfico Lúa', city: 'coruna', street: 'Rúa Nova, 15', email: 'estudio@graficolua.gal' },
  { kind: 'review', erpName: 'Bodegas del Ebro, S.A.', name: 'bodegas del ebro', email: 'bodegasdelebro@gmail.com' },
  { kind: 'new', name: 'Peluquería Estilo Ruzafa', city: 'valencia', street: 'C/ de Sueca, 30', email: 'citas@estiloruzafa.es' },
];

/** National significant number of a Spanish phone as the ERP wrote it (+34 / 0034 prefixes dropped). */
function esNational(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length === 13 && d.startsWith('0034') ? d.slice(4) : d.length === 11 && d.startsWith('34') ? d.slice(2) : d;
}

/** The same number the way a web form stores it (what the customer typed). */
function shopPhone(n: string, style: number): string {
  switch (style % 5) {
    case 0:
      return `+34${n}`; // +34983123456
    case 1:
      return `+34 ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`; // +34 931 23 45 67
    case 2:
      return `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`; // 961-234-567
    case 3:
      return `0034${n}`; // 0034985123456
    default:
      return `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`; // 963 12 34 56
  }
}

/** Street as typed into a checkout form: no accents, no commas. */
function shopStreet(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/,/g, '');
}

function buildEsTienda(es: EsBuild): { file: GeneratedFile; expectation: ExampleExpectation } {
  const rng = mulberry32(SEED ^ 0x5e);
  const records: string[][] = [[...SHOP_HEADERS]];
  const matches: ExpectedCrossSourceMatch[] = [];
  const erp = (name: string): EsAccountRow => {
    const a = es.accounts.find((x) => x.name === name);
    // Only accounts that import cleanly can be matched.
    if (!a || es.defectiveCodes.has(a.code) || es.duplicateCodes.has(a.code)) throw new Error(`no clean ERP account ${name}`);
    return a;
  };
  let id = 1040;
  SHOP_ROWS.forEach((r, k) => {
    const row = k + 1;
    id += int(rng, 1, 37);
    const key = String(id);
    const nombre = pick(rng, FIRST_NAMES);
    const apellidos = `${pick(rng, SURNAMES)} ${pick(rng, SURNAMES)}`;
    const date = dmy(randomDate(rng, 2019, 2024));
    const orders = String(int(rng, 1, 60));
    const place = (cityKey: keyof typeof ES_CITIES) => {
      const c = ES_CITIES[cityKey];
      if (!c) throw new Error(`unknown city ${cityKey}`);
      return c;
    };
    let rec: string[];
    if (r.kind === 'auto') {
      const a = erp(r.erpName);
      rec = [key, r.name, nombre, apellidos, `${r.emailLocal}@${a.domain}`, shopPhone(esNational(a.phone), r.phoneStyle), shopStreet(a.street), a.postcode, a.city, a.province, 'ES', date, orders];
      matches.push({ row, key, source: 'erp_es', matchesKey: a.code, decision: 'auto_merge', why: `"${r.name}" is the shop's spelling of "${a.name}": same phone (another format), same address, a mailbox at the same company domain` });
    } else if (r.kind === 'review') {
      const a = erp(r.erpName);
      rec = [key, r.name, nombre, apellidos, r.email, '', '', a.postcode, a.city, a.province, 'ES', date, orders];
      matches.push({ row, key, source: 'erp_es', matchesKey: a.code, decision: 'review', why: `"${r.name}" = "${a.name}": same name, postcode and town, but a free-mail address and no phone` });
    } else if (r.kind === 'namesake') {
      const a = erp(r.erpName);
      const c = place(r.city);
      if (c.city === a.city) throw new Error('a namesake lives elsewhere');
      const phone = esPhone(rng, c.area, 0);
      rec = [key, a.name.replace(/, S\.L\.$/, ''), nombre, apellidos, r.email, phone, r.street, `${c.cp}${pad(int(rng, 1, 20), 2)}`, c.city, c.province, 'ES', date, orders];
    } else {
      const c = place(r.city);
      const phone = esPhone(rng, c.area, int(rng, 0, 3));
      rec = [key, r.name, nombre, apellidos, r.email, phone, r.street, `${c.cp}${pad(int(rng, 1, 20), 2)}`, c.city, c.province, 'ES', date, orders];
    }
    records.push(rec);
  });
  const text = '\ufeff' + toCsv(records, ',');
  const list = (d: ExpectedCrossSourceMatch['decision']) => matches.filter((m) => m.decision === d).map((m) => `row ${m.row}`).join(', ');
  const namesake = SHOP_ROWS.findIndex((r) => r.kind === 'namesake') + 1;
  const exp = expectation(
    {
      file: 'examples/es/clientes_tienda.csv',
      mapping: 'mappings/examples/es-clientes_tienda.json',
      entity: 'accounts',
      format: 'csv',
      encoding: 'utf-8-bom',
      delimiter: ',',
      lineEnding: 'CRLF',
      sheet: null,
      headerRow: 1,
      rows: SHOP_ROWS.length,
      notes:
        'Web-shop customer export (source shop_es, kind ecommerce): UTF-8 with BOM, "," separated, CRLF; no tax id column; names as customers typed them (lower case, no accents, legal form dropped or spelled out); phones as web forms keep them (+34983…, +34 931 23 45 67, 961-234-567, 0034…). ' +
        `Imported after clientes_erp.xlsx, its match stage meets the ERP's accounts: ${list('auto_merge')} are ERP customers with the same phone and address (merged automatically, with a merge_history entry); ` +
        `${list('review')} have the same name, postcode and town but a gmail/hotmail address and no phone (queued for review); row ${namesake} shares an ERP customer's name in another town with its own phone (not merged); the rest are new customers.`,
    },
    new Defects(),
    matches,
  );
  return { file: { path: 'es/clientes_tienda.csv', content: Buffer.from(text, 'utf8') }, expectation: exp };
}

// ------------------------------------------------------------------------------------------ Italy: clienti.csv

interface ItCity {
  comune: string;
  prov: string;
  cap: string;
  area: string;
  office: string; // P.IVA office code
  belfiore: string;
}
const IT_CITIES: Record<string, ItCity> = {
  milano: { comune: 'Milano', prov: 'MI', cap: '201', area: '02', office: '015', belfiore: 'F205' },
  torino: { comune: 'Torino', prov: 'TO', cap: '101', area: '011', office: '001', belfiore: 'L219' },
  napoli: { comune: 'Napoli', prov: 'NA', cap: '801', area: '081', office: '063', belfiore: 'F839' },
  firenze: { comune: 'Firenze', prov: 'FI', cap: '501', area: '055', office: '048', belfiore: 'D612' },
  venezia: { comune: 'Venezia', prov: 'VE', cap: '301', area: '041', office: '027', belfiore: 'L736' },
  roma: { comune: 'Roma', prov: 'RM', cap: '001', area: '06', office: '058', belfiore: 'H501' },
  bologna: { comune: 'Bologna', prov: 'BO', cap: '401', area: '051', office: '037', belfiore: 'A944' },
  bari: { comune: 'Bari', prov: 'BA', cap: '701', area: '080', office: '072', belfiore: 'A662' },
  palermo: { comune: 'Palermo', prov: 'PA', cap: '901', area: '091', office: '082', belfiore: 'G273' },
};
export const IT_SECTORS: Record<string, string> = {
  Commercio: 'retail',
  Ingrosso: 'wholesale',
  Manifattura: 'manufacturing',
  Edilizia: 'construction',
  Ristorazione: 'hospitality',
  Alimentare: 'food',
  Automotive: 'automotive',
  Servizi: 'services',
  Logistica: 'logistics',
  'Sanità': 'healthcare',
  Informatica: 'technology',
  Agricoltura: 'agriculture',
};
interface ItCompany {
  name: string;
  city: keyof typeof IT_CITIES;
  sector: keyof typeof IT_SECTORS;
  street: string;
  /** sole trader: personal codice fiscale */
  person?: { surname: string; name: string; female: boolean };
}
const IT_COMPANIES: ItCompany[] = [
  { name: 'Rossi S.r.l.', city: 'milano', sector: 'Ingrosso', street: 'Via Giuseppe Verdi 12' },
  { name: 'Bianchi & Figli S.p.A.', city: 'torino', sector: 'Manifattura', street: 'Corso Vittorio Emanuele II 84' },
  { name: 'Ferramenta Esposito Snc di Esposito Mario & C.', city: 'napoli', sector: 'Commercio', street: 'Via Toledo 256' },
  { name: 'Trattoria Da Gino di Ricci Luigi', city: 'firenze', sector: 'Ristorazione', street: 'Borgo San Frediano 31/r', person: { surname: 'Ricci', name: 'Luigi', female: false } },
  { name: 'Costruzioni Colombo S.r.l.', city: 'milano', sector: 'Edilizia', street: 'Viale Monza 140' },
  { name: 'Caffè Moretti S.a.s. di Moretti Paolo & C.', city: 'venezia', sector: 'Alimentare', street: 'Fondamenta della Misericordia 2577' },
  { name: 'Città Nuova Immobiliare S.r.l.', city: 'roma', sector: 'Servizi', street: 'Via del Corso 303' },
  { name: 'Trasporti Gallo S.r.l.', city: 'bologna', sector: 'Logistica', street: 'Via dell’Industria 21' },
  { name: 'Officina Meccanica Conti Snc', city: 'torino', sector: 'Automotive', street: 'Via Nizza 150' },
  { name: "L'Arte del Pane S.r.l.s.", city: 'bari', sector: 'Alimentare', street: 'Via Sparano da Bari 45' },
  { name: 'Farmacia Lombardi Dott.ssa Giulia', city: 'palermo', sector: 'Sanità', street: 'Via Maqueda 180', person: { surname: 'Lombardi', name: 'Giulia', female: true } },
  { name: 'Informatica Mancini S.r.l.', city: 'roma', sector: 'Informatica', street: 'Via Tiburtina 1020' },
  { name: 'Azienda Agricola Bruno Giuseppe', city: 'bari', sector: 'Agricoltura', street: 'Contrada Lama Giotta s.n.c.', person: { surname: 'Bruno', name: 'Giuseppe', female: false } },
  { name: 'De Luca Arredamenti S.p.A.', city: 'napoli', sector: 'Commercio', street: 'Corso Umberto I 90' },
  { name: 'Tessitura Ricci S.p.A.', city: 'milano', sector: 'Manifattura', street: 'Via Lecco 9' },
  { name: 'Ceramiche Conti S.r.l.', city: 'bologna', sector: 'Manifattura', street: 'Via Emilia Levante 77' },
  { name: 'Hotel Bellavista S.r.l.', city: 'venezia', sector: 'Ristorazione', street: 'Riva degli Schiavoni 4150' },
  { name: 'Moretti Logistica S.p.A.', city: 'milano', sector: 'Logistica', street: 'Via Rubattino 94' },
  { name: 'Studio Dentistico Greco S.r.l.', city: 'palermo', sector: 'Sanità', street: 'Via della Libertà 53' },
  { name: 'Autoricambi Marino Snc', city: 'torino', sector: 'Automotive', street: 'Corso Giulio Cesare 205' },
  { name: 'Edil Ferrari S.r.l.', city: 'bologna', sector: 'Edilizia', street: 'Via Stalingrado 61' },
  { name: 'Salumificio Romano S.p.A.', city: 'firenze', sector: 'Alimentare', street: 'Via Pistoiese 340' },
  { name: 'Gelateria Fontana S.a.s.', city: 'roma', sector: 'Ristorazione', street: 'Piazza Navona 12' },
  { name: 'Vini Santoro S.r.l.', city: 'bari', sector: 'Alimentare', street: 'Lungomare Nazario Sauro 27' },
  { name: 'Consulenze Rizzo S.r.l.', city: 'milano', sector: 'Servizi', street: 'Corso Buenos Aires 64' },
  { name: 'Elettronica Barbieri S.p.A.', city: 'torino', sector: 'Informatica', street: 'Via Livorno 60' },
  // row 27 is the duplicate of row 1 (inserted below)
  { name: 'Pasticceria Galli Snc', city: 'napoli', sector: 'Alimentare', street: 'Via Chiaia 149' },
  { name: 'Sistemi Gialli S.r.l.', city: 'firenze', sector: 'Informatica', street: 'Viale Belfiore 36' },
  { name: 'Ortofrutta Caruso S.r.l.', city: 'palermo', sector: 'Agricoltura', street: 'Via Montepellegrino 90' },
];
const IT_HEADERS = ['Codice cliente', 'Ragione sociale', 'Partita IVA', 'Codice fiscale', 'Indirizzo', 'CAP', 'Comune', 'Provincia', 'Telefono', 'Cellulare', 'PEC', 'Settore', 'Fatturato 2024', 'Data inserimento'] as const;
const IT_DUPLICATE_ROW = 27;
const IT_INVALID_ROW = 16; // Ceramiche Conti S.r.l.

function buildItClienti(): { file: GeneratedFile; expectation: ExampleExpectation } {
  const rng = mulberry32(SEED ^ 0x17);
  const defects = new Defects();
  const records: string[][] = [[...IT_HEADERS]];
  let row = 0;
  let firstIva = '';
  const add = (c: ItCompany, o: Partial<{ name: string; iva: string; pec: string }> = {}): void => {
    row++;
    const city = IT_CITIES[c.city];
    if (!city) throw new Error(`unknown city ${c.city}`);
    let iva = itIvaFromDigits(pad(int(rng, 0, 9_999_999), 7), city.office);
    if (row === IT_INVALID_ROW) iva = corruptCheckDigit(iva);
    iva = o.iva ?? iva;
    const cf = c.person
      ? itCodiceFiscale({ surname: c.person.surname, name: c.person.name, female: c.person.female, year: int(rng, 1955, 1985), month: int(rng, 1, 12), day: int(rng, 1, 28), belfiore: city.belfiore })
      : iva.replace(/^IT/, '');
    const dom = slug(c.name.replace(/ (di|S\.r\.l\.s?|S\.p\.A\.|Snc|S\.a\.s\.|Dott\.ssa)( .*)?$/, '')).slice(0, 20);
    const pec = o.pec ?? (rng() < 0.85 ? `${dom}@${pick(rng, ['pec.it', 'legalmail.it', 'arubapec.it', 'pec.' + dom + '.it'])}` : '');
    const sub = `${int(rng, 2, 8)}${pad(int(rng, 0, 999_999), 6)}`;
    const tel = pick(rng, [`${city.area} ${sub}`, `${city.area}/${sub}`, `+39 ${city.area} ${sub}`, `${city.area}-${sub}`]);
    const cell = rng() < 0.5 ? pick(rng, [`3${int(rng, 20, 49)} ${pad(int(rng, 0, 9_999_999), 7)}`, `+39 3${int(rng, 20, 49)} ${pad(int(rng, 0, 999), 3)} ${pad(int(rng, 0, 9999), 4)}`]) : '';
    const turnover = rng() < 0.85 ? euro(int(rng, 80_000_00, 4_500_000_00) / 100) : '';
    const code = `C${pad(row, 5)}`;
    records.push([
      code,
      o.name ?? c.name,
      iva,
      cf,
      c.street,
      `${city.cap}${pad(int(rng, 0, 99), 2)}`,
      city.comune,
      city.prov,
      tel,
      cell,
      pec,
      c.sector,
      turnover,
      dmy(randomDate(rng, 2012, 2024)),
    ]);
    if (row === IT_INVALID_ROW) defects.warn(row, code, 'invalid_tax_id', 'Partita IVA', iva);
  };
  const first = IT_COMPANIES[0] as ItCompany;
  for (const c of IT_COMPANIES) {
    if (row + 1 === IT_DUPLICATE_ROW) {
      add(first, { name: 'ROSSI SRL', iva: `IT${firstIva}`, pec: '' });
      defects.duplicate({ row, key: `C${pad(row, 5)}`, duplicateOfRow: 1, duplicateOfKey: 'C00001', by: 'tax_id', value: firstIva });
    }
    add(c);
    if (row === 1) firstIva = records[1]?.[2] ?? '';
  }
  const text = toCsv(records, ';');
  const exp = expectation(
    {
      file: 'examples/it/clienti.csv',
      mapping: 'mappings/examples/it-clienti.json',
      entity: 'accounts',
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      lineEnding: 'CRLF',
      sheet: null,
      headerRow: 1,
      rows: row,
      notes:
        'Windows-1252 (à è é ù ’ as single bytes), ";" separated, CRLF. Fatturato 2024 with decimal comma and dot grouping (1.234.567,89); Data inserimento dd/mm/yyyy; CAP as text (Roma 001xx). ' +
        'Codice fiscale = Partita IVA for companies, a 16-character personal code for the three sole traders (rows 4, 11, 13). Phones as 02 1234567, 011/5551234, +39 06 1234567, 081-7654321. ' +
        `Row ${IT_DUPLICATE_ROW} ("ROSSI SRL", Partita IVA written IT…) is the company of row 1.`,
    },
    defects,
  );
  return { file: { path: 'it/clienti.csv', content: encode(text, 'windows-1252') }, expectation: exp };
}

// ------------------------------------------------------------------------------------------ Poland: kontrahenci.csv

interface PlCity {
  miasto: string;
  woj: string;
  kod: string; // 2 digits before the dash
  area: string;
}
const PL_CITIES: Record<string, PlCity> = {
  warszawa: { miasto: 'Warszawa', woj: 'mazowieckie', kod: '00', area: '22' },
  krakow: { miasto: 'Kraków', woj: 'małopolskie', kod: '31', area: '12' },
  lodz: { miasto: 'Łódź', woj: 'łódzkie', kod: '90', area: '42' },
  wroclaw: { miasto: 'Wrocław', woj: 'dolnośląskie', kod: '50', area: '71' },
  poznan: { miasto: 'Poznań', woj: 'wielkopolskie', kod: '61', area: '61' },
  gdansk: { miasto: 'Gdańsk', woj: 'pomorskie', kod: '80', area: '58' },
  katowice: { miasto: 'Katowice', woj: 'śląskie', kod: '40', area: '32' },
  szczecin: { miasto: 'Szczecin', woj: 'zachodniopomorskie', kod: '70', area: '91' },
  lublin: { miasto: 'Lublin', woj: 'lubelskie', kod: '20', area: '81' },
  kielce: { miasto: 'Kielce', woj: 'świętokrzyskie', kod: '25', area: '41' },
};
export const PL_SECTORS: Record<string, string> = {
  'Handel detaliczny': 'retail',
  'Handel hurtowy': 'wholesale',
  Produkcja: 'manufacturing',
  Budownictwo: 'construction',
  Gastronomia: 'hospitality',
  'Przemysł spożywczy': 'food',
  Motoryzacja: 'automotive',
  'Usługi': 'services',
  Transport: 'logistics',
  'Ochrona zdrowia': 'healthcare',
  IT: 'technology',
  Rolnictwo: 'agriculture',
};
interface PlCompany {
  name: string;
  city: keyof typeof PL_CITIES;
  sector: keyof typeof PL_SECTORS;
  street: string;
  domain: string;
}
const PL_COMPANIES: PlCompany[] = [
  { name: 'Przedsiębiorstwo Handlowo-Usługowe "Żak" Sp. z o.o.', city: 'warszawa', sector: 'Handel hurtowy', street: 'ul. Marszałkowska 84/92 lok. 12', domain: 'phuzak.pl' },
  { name: 'Łódzkie Zakłady Mięsne S.A.', city: 'lodz', sector: 'Przemysł spożywczy', street: 'ul. Piotrkowska 221', domain: 'lzm.com.pl' },
  { name: 'Ślusarstwo Ćwik s.c.', city: 'krakow', sector: 'Produkcja', street: 'ul. Wielicka 28a', domain: 'slusarstwocwik.pl' },
  { name: 'Piekarnia Źródło Sp. z o.o.', city: 'poznan', sector: 'Przemysł spożywczy', street: 'ul. Głogowska 130', domain: 'piekarniazrodlo.pl' },
  { name: 'Kowalski i Wspólnicy Sp.j.', city: 'wroclaw', sector: 'Usługi', street: 'pl. Solny 14', domain: 'kowalski-wspolnicy.pl' },
  { name: 'Budownictwo Wiśniewski Sp. z o.o.', city: 'kielce', sector: 'Budownictwo', street: 'ul. Żelazna 35', domain: 'wisniewski-bud.pl' },
  { name: 'Transport Międzynarodowy Kozłowski Sp. z o.o.', city: 'gdansk', sector: 'Transport', street: 'ul. Elbląska 54', domain: 'kozlowski-transport.pl' },
  { name: 'Apteka Pod Różą Sp. z o.o.', city: 'krakow', sector: 'Ochrona zdrowia', street: 'ul. Floriańska 14', domain: 'aptekapodroza.pl' },
  { name: 'Auto-Części Dąbrowski Sp.k.', city: 'katowice', sector: 'Motoryzacja', street: 'ul. Chorzowska 107', domain: 'dabrowski-auto.pl' },
  { name: 'Hurtownia Spożywcza Wójcik Sp. z o.o.', city: 'szczecin', sector: 'Handel hurtowy', street: 'ul. Hangarowa 13', domain: 'hurtowniawojcik.pl' },
  { name: 'Restauracja Złota Kaczka Sp. z o.o.', city: 'warszawa', sector: 'Gastronomia', street: 'ul. Nowy Świat 22', domain: 'zlotakaczka.pl' },
  { name: 'Zieliński Software S.A.', city: 'wroclaw', sector: 'IT', street: 'ul. Legnicka 48', domain: 'zielinski-software.com' },
  { name: 'Gospodarstwo Rolne Jan Szymański', city: 'lublin', sector: 'Rolnictwo', street: 'Elizówka 17', domain: 'wp.pl' },
  { name: 'Meble Kamiński Sp. z o.o.', city: 'poznan', sector: 'Handel detaliczny', street: 'ul. Dąbrowskiego 75', domain: 'meblekaminski.pl' },
  { name: 'Drukarnia Lewandowski Sp.j.', city: 'lodz', sector: 'Produkcja', street: 'ul. Rokicińska 162', domain: 'drukarnia-lewandowski.pl' },
  { name: 'Hotel Pod Wawelem Sp. z o.o.', city: 'krakow', sector: 'Gastronomia', street: 'pl. Na Groblach 22', domain: 'podwawelem.pl' },
  { name: 'Usługi Informatyczne Tomasz Woźniak', city: 'gdansk', sector: 'IT', street: 'ul. Grunwaldzka 411', domain: 'wozniak-it.pl' },
  { name: 'Klinika Zdrowia Sp. z o.o.', city: 'warszawa', sector: 'Ochrona zdrowia', street: 'ul. Puławska 142', domain: 'klinikazdrowia.pl' },
  { name: 'Stolarstwo Mazur s.c.', city: 'lublin', sector: 'Produkcja', street: 'ul. Kunickiego 57', domain: 'stolarstwomazur.pl' },
  { name: 'Pralnia Śnieżka Sp. z o.o.', city: 'katowice', sector: 'Usługi', street: 'ul. Mikołowska 100', domain: 'pralniasniezka.pl' },
  { name: 'Sklep Ogrodniczy Kwiatkowski', city: 'szczecin', sector: 'Handel detaliczny', street: 'al. Wojska Polskiego 65', domain: 'onet.pl' },
  { name: 'Zakład Betoniarski Krawczyk Sp. z o.o.', city: 'kielce', sector: 'Budownictwo', street: 'ul. Ściegiennego 268', domain: 'beton-krawczyk.pl' },
  { name: 'Mleczarnia Łąckie Sery S.A.', city: 'krakow', sector: 'Przemysł spożywczy', street: 'ul. Półłanki 18', domain: 'lackiesery.pl' },
  { name: 'Przewozy Pawłowski Sp. z o.o.', city: 'poznan', sector: 'Transport', street: 'ul. Gnieźnieńska 8', domain: 'pawlowski-przewozy.pl' },
  { name: 'Salon Samochodowy Michalski Sp. z o.o.', city: 'wroclaw', sector: 'Motoryzacja', street: 'ul. Krakowska 180', domain: 'michalski-auto.pl' },
  { name: 'Biuro Rachunkowe Ewa Nowicka', city: 'warszawa', sector: 'Usługi', street: 'ul. Grójecka 19/25 lok. 4', domain: 'nowicka-biuro.pl' },
  { name: 'Elektro-Instal Górski Sp. z o.o.', city: 'gdansk', sector: 'Budownictwo', street: 'ul. Łąkowa 35', domain: 'elektroinstal-gorski.pl' },
  { name: 'Księgarnia Pod Globusem s.c.', city: 'lublin', sector: 'Handel detaliczny', street: 'Krakowskie Przedmieście 9', domain: 'podglobusem.pl' },
  { name: 'Agro-Pol Jabłoński Sp. z o.o.', city: 'lublin', sector: 'Rolnictwo', street: 'ul. Mełgiewska 74', domain: 'agropol-jablonski.pl' },
  { name: 'Chłodnie Bałtyckie S.A.', city: 'szczecin', sector: 'Transport', street: 'ul. Bytomska 7', domain: 'chlodniebaltyckie.pl' },
];
const PL_HEADERS = ['Kod', 'Nazwa firmy', 'NIP', 'REGON', 'Ulica', 'Kod pocztowy', 'Miasto', 'Województwo', 'Telefon', 'E-mail', 'Branża', 'Handlowiec'] as const;
const PL_INVALID_ROW = 12; // Zieliński Software S.A.
const PL_HANDLOWCY = ['Anna Wiśniewska', 'Piotr Zając', 'Małgorzata Kowalczyk'];

function buildPlKontrahenci(): { file: GeneratedFile; expectation: ExampleExpectation } {
  const rng = mulberry32(SEED ^ 0x91);
  const defects = new Defects();
  const records: string[][] = [[...PL_HEADERS]];
  PL_COMPANIES.forEach((c, k) => {
    const row = k + 1;
    const city = PL_CITIES[c.city];
    if (!city) throw new Error(`unknown city ${c.city}`);
    let nip = plNipFromDigits(`${int(rng, 101, 999)}${pad(int(rng, 0, 999_999), 6)}`);
    if (row === PL_INVALID_ROW) nip = corruptCheckDigit(nip);
    const nipText = row % 9 === 5 ? nip : formatPlNip(nip); // a few written without dashes
    const regon = plRegonFromDigits(pad(int(rng, 1_000_000, 99_999_999), 8));
    const phone = pick(rng, [
      `+48 ${city.area} ${int(rng, 200, 899)} ${pad(int(rng, 0, 99), 2)} ${pad(int(rng, 0, 99), 2)}`,
      `(${city.area}) ${int(rng, 200, 899)}-${pad(int(rng, 0, 99), 2)}-${pad(int(rng, 0, 99), 2)}`,
      `${pick(rng, ['501', '512', '535', '601', '662', '697', '724', '788', '792', '885'])} ${pad(int(rng, 0, 999), 3)} ${pad(int(rng, 0, 999), 3)}`,
      `${city.area} ${int(rng, 2, 8)}${pad(int(rng, 0, 999_999), 6)}`,
    ]);
    const personal = ['wp.pl', 'onet.pl'].includes(c.domain);
    const email = personal ? `${slug(c.name.split(' ').slice(-1)[0] ?? 'biuro')}.${row}@${c.domain}` : `${pick(rng, ['biuro', 'biuro', 'kontakt', 'sekretariat'])}@${c.domain}`;
    const code = `K${pad(row, 4)}`;
    records.push([
      code,
      c.name,
      nipText,
      regon,
      c.street,
      `${city.kod}-${pad(int(rng, 1, 999), 3)}`,
      city.miasto,
      city.woj,
      phone,
      email,
      c.sector,
      pick(rng, PL_HANDLOWCY),
    ]);
    if (row === PL_INVALID_ROW) defects.warn(row, code, 'invalid_tax_id', 'NIP', nipText);
  });
  const rows = records.length - 1;
  // Every field quoted (Subiekt style); the export ends with a separator-only line and an empty line.
  const text = toCsv(records, ';', { quoteAll: true }) + ';'.repeat(PL_HEADERS.length - 1) + '\r\n\r\n';
  const exp = expectation(
    {
      file: 'examples/pl/kontrahenci.csv',
      mapping: 'mappings/examples/pl-kontrahenci.json',
      entity: 'accounts',
      format: 'csv',
      encoding: 'windows-1250',
      delimiter: ';',
      lineEnding: 'CRLF',
      sheet: null,
      headerRow: 1,
      rows,
      notes:
        'Windows-1250 (ą ć ę ł ń ó ś ź ż as single bytes), ";" separated with every field in double quotes (Subiekt GT style), CRLF; row 1 has quotes inside a quoted field ("Żak"). ' +
        'NIP mostly as 526-000-12-46 (dashes), a few as 10 plain digits; REGON 9 digits (valid, kept as an extra). ' +
        `The file ends with a separator-only line (";;;;;;;;;;;") and an empty line: neither is a data row nor a reject (${rows} rows). No duplicates.`,
    },
    defects,
  );
  return { file: { path: 'pl/kontrahenci.csv', content: encode(text, 'windows-1250') }, expectation: exp };
}

// ------------------------------------------------------------------------------------------ Russia: kontragenty.csv

interface RuCity {
  city: string;
  index: string; // postcode prefix
  area: string;
  office: string; // INN tax office
}
const RU_CITIES: Record<string, RuCity> = {
  moskva: { city: 'г. Москва', index: '1', area: '495', office: '7701' },
  moskva2: { city: 'г. Москва', index: '1', area: '499', office: '7714' },
  spb: { city: 'г. Санкт-Петербург', index: '19', area: '812', office: '7805' },
  nsk: { city: 'г. Новосибирск', index: '630', area: '383', office: '5406' },
  ekb: { city: 'г. Екатеринбург', index: '620', area: '343', office: '6658' },
  kazan: { city: 'г. Казань', index: '420', area: '843', office: '1655' },
  nn: { city: 'г. Нижний Новгород', index: '603', area: '831', office: '5260' },
  samara: { city: 'г. Самара', index: '443', area: '846', office: '6315' },
  krasnodar: { city: 'г. Краснодар', index: '350', area: '861', office: '2310' },
};
interface RuCompany {
  name: string;
  city: keyof typeof RU_CITIES;
  street: string;
  email: string;
  ip?: boolean;
}
const RU_COMPANIES: RuCompany[] = [
  { name: 'ООО «Ромашка»', city: 'moskva', street: 'ул. Пречистенка, д. 10, оф. 5', email: 'info@romashka-opt.ru' },
  { name: 'ИП Иванов И.И.', city: 'moskva2', street: 'ул. Профсоюзная, д. 65, кв. 112', email: 'ivanov.ii@mail.ru', ip: true },
  { name: 'АО «Северная звезда»', city: 'spb', street: 'Невский пр-т, д. 28, лит. А', email: 'office@sev-zvezda.ru' },
  { name: 'ООО «Вектор-М»', city: 'moskva', street: 'Варшавское ш., д. 118, корп. 1', email: 'zakaz@vector-m.ru' },
  { name: 'ООО «ТехноСтрой»', city: 'ekb', street: 'ул. Малышева, д. 51, оф. 1204', email: 'tehnostroy@yandex.ru' },
  { name: 'ИП Петрова А.С.', city: 'kazan', street: 'ул. Баумана, д. 44', email: 'petrova.as@yandex.ru', ip: true },
  { name: 'ПАО «Уральский трубный завод»', city: 'ekb', street: 'ул. Фронтовых бригад, д. 18', email: 'sales@utz-ural.ru' },
  { name: 'ООО «Сибирские окна»', city: 'nsk', street: 'Красный пр-т, д. 86', email: 'okna@sib-okna.ru' },
  { name: 'ООО «Волга-Логистик»', city: 'samara', street: 'Московское ш., д. 4, стр. 2', email: 'logist@volga-log.ru' },
  { name: 'ИП Кузнецов Д.В.', city: 'nn', street: 'ул. Большая Покровская, д. 7', email: 'kuznetsov.dv@gmail.com', ip: true },
  { name: 'ООО «Кубань-Агро»', city: 'krasnodar', street: 'ул. Красная, д. 122', email: 'agro@kuban-agro.ru' },
  { name: 'АО «Медтехника»', city: 'moskva2', street: 'Ленинский пр-т, д. 95', email: 'info@medtehnika.ru' },
  { name: 'ООО «Пекарня №1»', city: 'spb', street: 'ул. Садовая, д. 32/1', email: 'hleb@pekarnya1.ru' },
  { name: 'ООО «Невские берега»', city: 'spb', street: 'наб. Обводного канала, д. 138', email: 'info@nevberega.ru' },
  { name: 'ООО «АвтоДеталь»', city: 'kazan', street: 'пр-т Победы, д. 141', email: 'parts@avtodetal-kzn.ru' },
  { name: 'ИП Смирнова О.Н.', city: 'samara', street: 'ул. Куйбышева, д. 103', email: 'smirnova.on@mail.ru', ip: true },
  { name: 'ООО «Информ-Сервис»', city: 'nsk', street: 'ул. Ленина, д. 21, оф. 301', email: 'support@inform-service.ru' },
  { name: 'ООО «Строймаркет»', city: 'krasnodar', street: 'ул. Северная, д. 326', email: 'market@stroymarket23.ru' },
  { name: 'АО «Транзит»', city: 'moskva', street: 'ул. Сельскохозяйственная, д. 17', email: 'tranzit@tranzit-ao.ru' },
  { name: 'ООО «Гостиница Волжская»', city: 'nn', street: 'Нижне-Волжская наб., д. 9', email: 'hotel@volzhskaya.ru' },
  { name: 'ИП Соколов А.А.', city: 'ekb', street: 'ул. 8 Марта, д. 46, кв. 7', email: '', ip: true },
  { name: 'ООО «Молочный двор»', city: 'kazan', street: 'ул. Техническая, д. 10', email: 'moloko@moldvor.ru' },
  { name: 'ООО «Северсталь-Снаб»', city: 'spb', street: 'Московский пр-т, д. 212', email: 'snab@ss-snab.ru' },
  { name: 'ООО «Фармацея»', city: 'moskva2', street: 'ул. Новослободская, д. 14/19', email: 'apteka@farmaceya.ru' },
  { name: 'ООО «Энергомонтаж»', city: 'samara', street: 'ул. Ново-Садовая, д. 106', email: 'em@energomontazh63.ru' },
  { name: 'ИП Попов С.Г.', city: 'krasnodar', street: 'ул. Ставропольская, д. 75', email: 'popov.sg@bk.ru', ip: true },
  // row 27 is the duplicate of row 1 (inserted below)
  { name: 'ООО «Цифровые решения»', city: 'nsk', street: 'ул. Николаева, д. 11', email: 'hello@digital-resh.ru' },
  { name: 'ООО «Уралхимпром»', city: 'ekb', street: 'ул. Мамина-Сибиряка, д. 145', email: 'zakupki@uralhimprom.ru' },
  { name: 'АО «Московский хлеб»', city: 'moskva', street: 'ул. Верхняя Красносельская, д. 3', email: '' },
];
const RU_HEADERS = ['Код', 'Наименование', 'ИНН', 'КПП', 'Адрес', 'Телефон', 'Электронная почта', 'Менеджер', 'Вид контрагента'] as const;
const RU_DUPLICATE_ROW = 27;
const RU_INVALID_ROW = 15; // ООО «АвтоДеталь»
const RU_MANAGERS = ['Смирнова Анна Сергеевна', 'Волков Дмитрий Петрович', 'Орлова Екатерина Игоревна'];

function buildRuKontragenty(): { file: GeneratedFile; expectation: ExampleExpectation } {
  const rng = mulberry32(SEED ^ 0x77);
  const defects = new Defects();
  const records: string[][] = [[...RU_HEADERS]];
  let row = 0;
  let firstInn = '';
  const add = (c: RuCompany, o: Partial<{ name: string; email: string }> = {}): void => {
    row++;
    const city = RU_CITIES[c.city];
    if (!city) throw new Error(`unknown city ${c.city}`);
    let inn = c.ip ? ruInn12FromDigits(`${city.office}${pad(int(rng, 0, 999_999), 6)}`) : ruInn10FromDigits(`${city.office}${pad(int(rng, 0, 99_999), 5)}`);
    if (row === RU_DUPLICATE_ROW) inn = firstInn;
    if (row === RU_INVALID_ROW) inn = corruptCheckDigit(inn);
    const kpp = c.ip ? '' : ruKppForInn(inn);
    const index = `${city.index}${pad(int(rng, 0, 10 ** (6 - city.index.length) - 1), 6 - city.index.length)}`;
    const num = `${int(rng, 200, 999)}-${pad(int(rng, 0, 99), 2)}-${pad(int(rng, 0, 99), 2)}`;
    const phone = pick(rng, [`8 (${city.area}) ${num}`, `+7 (${city.area}) ${num}`, `8 ${city.area} ${num}`, `+7${city.area}${num.replace(/-/g, '')}`]);
    const code = pad(row, 9);
    records.push([
      code,
      o.name ?? c.name,
      inn,
      kpp,
      `${index}, ${city.city}, ${c.street}`,
      phone,
      o.email ?? c.email,
      pick(rng, RU_MANAGERS),
      c.ip ? 'Физическое лицо' : 'Юридическое лицо',
    ]);
    if (row === RU_INVALID_ROW) defects.warn(row, code, 'invalid_tax_id', 'ИНН', inn);
  };
  const first = RU_COMPANIES[0] as RuCompany;
  for (const c of RU_COMPANIES) {
    if (row + 1 === RU_DUPLICATE_ROW) {
      add(first, { name: 'Ромашка ООО', email: 'buh@romashka-opt.ru' });
      defects.duplicate({ row, key: pad(row, 9), duplicateOfRow: 1, duplicateOfKey: pad(1, 9), by: 'tax_id', value: firstInn });
    }
    add(c);
    if (row === 1) firstInn = records[1]?.[2] ?? '';
  }
  const text = toCsv(records, '\t');
  const exp = expectation(
    {
      file: 'examples/ru/kontragenty.csv',
      mapping: 'mappings/examples/ru-kontragenty.json',
      entity: 'accounts',
      format: 'csv',
      encoding: 'windows-1251',
      delimiter: '\t',
      lineEnding: 'CRLF',
      sheet: null,
      headerRow: 1,
      rows: row,
      notes:
        '1C-style export: Windows-1251, TAB separated, no quoting, CRLF. Код is a 9-digit text code with leading zeros (000000001). ' +
        'ИНН: 10 digits with КПП for companies (ООО, АО, ПАО), 12 digits and empty КПП for ИП; Адрес is one column "индекс, город, улица…"; phones 8 (495) 123-45-67, +7 (812) …, 8 383 …, +7843…; two rows without e-mail. ' +
        `Row ${RU_DUPLICATE_ROW} ("Ромашка ООО") has the ИНН of row 1 (ООО «Ромашка»).`,
    },
    defects,
  );
  return { file: { path: 'ru/kontragenty.csv', content: encode(text, 'windows-1251') }, expectation: exp };
}

// ------------------------------------------------------------------------------------------ expected.ts + README

function renderExpectedTs(list: ExampleExpectation[]): string {
  return `/**
 * Expected outcome of importing each sample file in examples/ with its mapping.
 * GENERATED by scripts/generate-examples.ts — do not edit by hand; re-run the script.
 *
 * Counting rules: \`rows\` are data records under the header (blank and separator-only lines are not
 * rows). A row is rejected only when it cannot become a record: (contacts) its account code matches
 * no account of the same source. A bad value — a tax id that fails its checksum, an e-mail that is
 * not an address, a lookup label the mapping's \`values\` does not know — is a warning: the row loads
 * without it. Duplicates are accepted rows whose compacted valid tax id (accounts) or trimmed
 * lower-cased e-mail (contacts) equals an earlier row's: they merge into it.
 * expectedImported = rows - expectedRejected - duplicates. \`crossSourceMatches\` are what the import's
 * match stage must do against the accounts already in the CRM (files imported before it): merge
 * automatically or queue for review; expectedAutoMerges / expectedReviewPairs count them.
 */
import type { ExampleExpectation } from '../scripts/generate-examples';

export type { ExampleExpectation, ExpectedCrossSourceMatch, ExpectedDuplicate, ExpectedReject, ExpectedWarning, RejectReason, WarningReason } from '../scripts/generate-examples';

export const EXAMPLES: ExampleExpectation[] = ${JSON.stringify(list, null, 2)};
`;
}

function renderReadme(list: ExampleExpectation[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  const fmt = (e: ExampleExpectation) =>
    e.format === 'xlsx' ? `XLSX, sheet "${e.sheet}", header row ${e.headerRow}` : `${e.encoding}, ${e.delimiter === '\t' ? 'TAB' : `"${e.delimiter}"`}, ${e.lineEnding}`;
  const rejects = (e: ExampleExpectation) =>
    e.rejects.length === 0 ? '—' : e.rejects.map((r) => `row ${r.row} (${r.key}): ${r.reason} — ${r.column} = \`${esc(r.value)}\``).join('<br>');
  const warnings = (e: ExampleExpectation) =>
    e.warnings.length === 0 ? '—' : e.warnings.map((r) => `row ${r.row} (${r.key}): ${r.reason} — ${r.column} = \`${esc(r.value)}\``).join('<br>');
  const dups = (e: ExampleExpectation) =>
    e.duplicates.length === 0 ? '—' : e.duplicates.map((d) => `row ${d.row} (${d.key}) = row ${d.duplicateOfRow} (${d.duplicateOfKey}) by ${d.by} \`${esc(d.value)}\``).join('<br>');
  const lines = [
    '# Sample exports',
    '',
    'Small files as real European SME exports look, imported by `npm start` on a fresh machine and asserted by the',
    'integration tests. **Generated** by `node bin/run-ts.cjs scripts/generate-examples.ts` (seeded, byte-identical on',
    're-run); edit the script, not the files. The same numbers are exported as data in [`expected.ts`](expected.ts);',
    '`examples.unit.test.ts` re-checks every file independently (stdnum checksums, libphonenumber, e-mail syntax, lookups).',
    '',
    '"Row" = data row under the header, 1-based (XLSX sheet row = row + header row). Counting rules: a row is **rejected**',
    'only when it cannot become a record: (contacts) its account code matches no account of the same source. A bad value',
    "— a tax id that fails the checksum, an e-mail that is not an address, a lookup label the mapping's `values` does not",
    'list — is a **warning**: the row loads without that value, which is kept with the run (`crmhub rejects <run> --warnings`).',
    'A **duplicate** is an accepted row whose compacted valid tax id (accounts) or trimmed, lower-cased e-mail (contacts)',
    'equals an earlier row\'s; it merges into that row. Imported = rows − rejected − duplicates.',
    '',
    '| File | Mapping | Entity | Format | Rows | Rejected (row: reason) | Warnings (row: reason) | Duplicates | Imported | Quirks |',
    '|---|---|---|---|---:|---|---|---|---:|---|',
    ...list.map(
      (e) =>
        `| \`${e.file.replace(/^examples\//, '')}\` | \`${e.mapping}\` | ${e.entity} | ${fmt(e)} | ${e.rows} | ${e.expectedRejected}: ${rejects(e)} | ${e.expectedWarnings}: ${warnings(e)} | ${e.duplicates.length}: ${dups(e)} | ${e.expectedImported} | ${esc(e.notes)} |`,
    ),
    '',
    'Import order: `es/clientes_erp.xlsx` before `es/contactos.csv` (contacts reference its customer codes, same source `erp_es`)',
    'and before `es/clientes_tienda.csv` (the shop\'s customers are matched against the ERP\'s accounts).',
    '',
    '## Cross-source matches',
    '',
    'After loading its rows, every import runs a match stage: the records it created are matched against the accounts',
    'already in the CRM. Strong evidence merges automatically (a `merge_history` entry, undone by `crmhub unmerge <id>`);',
    'a probable match waits in the review queue (`crmhub review list`); two different valid tax ids never merge. The shop',
    'export has no tax ids, so its matches rest on names, phones, addresses and e-mails. `crossSourceMatches` in',
    '`expected.ts` lists what the match stage must do; rows not listed stay accounts of their own.',
    '',
    '| File | Row (key) | Meets | Decision | Evidence |',
    '|---|---|---|---|---|',
    ...list.flatMap((e) =>
      e.crossSourceMatches.map(
        (m) => `| \`${e.file.replace(/^examples\//, '')}\` | ${m.row} (${m.key}) | ${m.source} ${m.matchesKey} | ${m.decision === 'auto_merge' ? 'merged automatically' : 'review queue'} | ${esc(m.why)} |`,
      ),
    ),
    '',
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------ main

/** Builds every file (paths relative to the examples directory). Pure: no IO. */
export function buildExamples(): { files: GeneratedFile[]; expectations: ExampleExpectation[] } {
  const es = buildEsClientes();
  const contacts = buildEsContactos(es);
  const shop = buildEsTienda(es);
  const it = buildItClienti();
  const pl = buildPlKontrahenci();
  const ru = buildRuKontragenty();
  const expectations = [es.expectation, contacts.expectation, shop.expectation, it.expectation, pl.expectation, ru.expectation];
  const files: GeneratedFile[] = [es.file, contacts.file, shop.file, it.file, pl.file, ru.file];
  files.push({ path: 'expected.ts', content: Buffer.from(renderExpectedTs(expectations), 'utf8') });
  files.push({ path: 'README.md', content: Buffer.from(renderReadme(expectations), 'utf8') });
  return { files, expectations };
}

export function writeExamples(outDir: string): string[] {
  const { files } = buildExamples();
  for (const f of files) {
    const p = join(outDir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return files.map((f) => join(outDir, f.path));
}

if (process.argv[1] && /generate-examples\.ts$/.test(process.argv[1])) {
  const outDir = resolve(process.argv[2] ?? 'examples');
  for (const p of writeExamples(outDir)) console.log(`wrote ${p}`);
}
