/**
 * Bad input through the whole import (real Temporal dev server, worker in-process, real
 * PostgreSQL). Each file gives exactly one of:
 *  - a failed run: WorkflowFailedError with a non-retryable BadInput/BadConfiguration failure whose
 *    message names the problem, no CRM row written, and (when the run was opened) a `failed` ledger row;
 *  - a finished run whose counts add up, the bad rows quarantined with reason, place and raw values,
 *    and the good rows around them loaded.
 * Never a crash or a hang: every case has its own 60 s timeout.
 */
import { useImportHarness } from './support/import-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import iconv from 'iconv-lite';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchCounts, ImportReport } from '../activities/pipeline/sync-runs';
import type { ImportRequest } from '../domain/imports/import-request';
import { csv, mixedLines, noise, paddedSheetPart, part, sheetPart, sheetRow, workbook, xlsxPackage, zip } from './support/bad-files';
import { startImport } from './support/run-import';
import { count } from './support/test-database';

const SOURCE = 'bad_input';
const HEADER = 'Código;Razón social;Email';
const MiB = 1024 * 1024;
const KEPT_CELL = 64 * 1024;
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

interface Ctx { db: Knex; runId: number; file: string; rejects: RejectRow[] }
interface RejectRow { row_number: number; reason: string; file_name: string; sheet: string | null; place: unknown; raw: [string, unknown][]; issues: { path: string; code: string; message: string }[] }
interface Case {
  name: string;
  file: string;
  data: () => Buffer;
  /** Mapping columns beyond Código/Razón social/Email. */
  columns?: Record<string, string>;
  /** Other mapping keys (e.g. `strict`). */
  mapping?: Record<string, unknown>;
  request?: Partial<ImportRequest>;
  fails?: { type: 'BadInput' | 'BadConfiguration'; message: RegExp; atLoad?: boolean };
  loads?: {
    counts: Partial<BatchCounts>;
    loaded: string[];
    /** [row, reason, issue codes (or paths for validation rejects)] */
    rejects: [number, string, string[]][];
    /** [row, fields whose values were dropped with a warning] (default: none). */
    warnings?: [number, string[]][];
    check?: (ctx: Ctx) => Promise<void>;
  };
  /** Blocked by a product bug: reported as it.todo with this summary. */
  bug?: string;
}

const rows = (prefix: string, n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `${prefix}${from + i};Empresa ${prefix}${from + i} SL;${prefix.toLowerCase()}${from + i}@empresa.es`);

/** The CRM account a source row of this suite landed in. */
async function account(db: Knex, externalId: string) {
  return db('accounts as a').join('source_records as s', 's.crm_id', 'a.id')
    .where({ 's.source_system_code': SOURCE, 's.external_id': externalId }).first('a.*');
}

const RU = ['ООО Ромашка', 'Иванов и партнёры', 'ЗАО Северный ветер', 'Торговый дом Волга'];
// Headers without accents (windows-1251 has no "ó"); the mapping's "Razón social" still matches "Razon social".
const cyrillic = () => iconv.encode(['Codigo;Razon social;Email;Poblacion', ...RU.map((n, i) => `R${i + 1};${n};r${i + 1}@romashka.ru;Москва`)].join('\r\n'), 'windows-1251');
const SHEET_HEAD = sheetRow(1, ['Código', 'Razón social', 'Email']) + sheetRow(2, ['Z1', 'Bomba SL', 'z1@bomba.es']);

const CASES: Case[] = [
  { name: 'empty file (0 bytes)', file: 'vacio.csv', data: () => Buffer.alloc(0), fails: { type: 'BadInput', message: /is empty \(0 bytes\)/ } },
  { name: 'only blank lines', file: 'blanco.csv', data: () => Buffer.from('\r\n  \r\n;;\r\n'), fails: { type: 'BadInput', message: /has no data: every row is empty/ } },
  { name: 'header only: succeeded, nothing read', file: 'cabecera.csv', data: () => csv([HEADER]), loads: { counts: {}, loaded: [], rejects: [] } },
  {
    name: 'unbalanced quotes: rows before load, the tail is one quarantined row',
    file: 'comillas.csv',
    data: () => csv([HEADER, ...rows('Q', 2), 'Q3;"Comillas SL;q3@empresa.es', 'Q4;Después SL;q4@empresa.es']),
    loads: {
      counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['Q1', 'Q2'], rejects: [[4, 'unreadable_row', ['unbalanced_quotes']]],
      check: async ({ rejects: [r] }) => {
        expect(r!.raw).toEqual([['(raw text)', 'Q3;"Comillas SL;q3@empresa.es\r\nQ4;Después SL;q4@empresa.es\r\n']]);
        expect(r!.issues[0]!.message).toMatch(/quote .* line 4 is never closed/);
      },
    },
  },
  {
    name: 'windows-1251 file with an explicit utf-8 encoding: clear error',
    file: 'cirilico.csv', data: cyrillic, columns: { 'Población': 'city' }, request: { encoding: 'utf-8' },
    fails: { type: 'BadInput', message: /is not valid UTF-8 \(looks like windows-1251\); omit the encoding/ },
  },
  {
    name: 'the same windows-1251 file without an encoding: detected, Cyrillic stored right',
    file: 'cirilico.csv', data: cyrillic, columns: { 'Población': 'city' },
    loads: {
      counts: { read: 4, inserted: 4 }, loaded: ['R1', 'R2', 'R3', 'R4'], rejects: [],
      check: async ({ db, runId }) => {
        expect((await db('sync_runs').where({ id: runId }).first()).options.encoding).toBe('windows-1251');
        const a = await account(db, 'R2');
        expect([a.legal_name, a.city]).toEqual(['Иванов и партнёры', 'Москва']);
      },
    },
  },
  {
    name: 'a 20,000-column row between good rows: quarantined as too_many_columns',
    file: 'ancho.csv',
    data: () => csv([HEADER, ...rows('W', 1), ['W2', 'Ancho SL', 'w2@empresa.es', ...Array<string>(19_997).fill('x')].join(';'), ...rows('W', 1, 3)]),
    loads: {
      counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['W1', 'W3'], rejects: [[3, 'unreadable_row', ['too_many_columns']]],
      check: async ({ rejects: [r] }) => {
        expect(r!.issues[0]!.message).toMatch(/20000 columns, more than the limit of 2000/);
        expect(String(r!.raw[0]![1])).toMatch(/^W2;Ancho SL;w2@empresa\.es;x;x;/);
      },
    },
  },
  {
    name: 'a 10 MB cell: quarantined with its raw text cut to 64 KiB',
    file: 'celda-grande.csv',
    data: () => csv([HEADER, ...rows('M', 1), `M2;${'A'.repeat(10 * MiB)};m2@empresa.es`, ...rows('M', 1, 3)]),
    loads: {
      counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['M1', 'M3'], rejects: [[3, 'unreadable_row', ['cell_too_large']]],
      check: async ({ db, runId, rejects: [r] }) => {
        expect(r!.issues[0]!.message).toMatch(/column 2 is 10485760 bytes/);
        expect(String(r!.raw[0]![1]).length).toBe(KEPT_CELL);
        expect(String(r!.raw[0]![1])).toMatch(/^M2;AAAA/);
        const size = await db.raw('SELECT octet_length(raw::text) AS n FROM rejected_rows WHERE sync_run_id = ?', [runId]);
        expect(size.rows[0].n).toBeLessThan(KEPT_CELL + 1024);
      },
    },
  },
  {
    name: 'a 10 MB shared string in an XLSX: quarantined, not loaded',
    file: 'celda-grande.xlsx',
    data: () => zip(xlsxPackage(sheetPart(sheetRow(1, ['Código', 'Razón social', 'Email']) + sheetRow(2, ['X1', 'Antes SL', 'x1@empresa.es'])
      + sheetRow(3, ['X2', 's:0', 'x2@empresa.es']) + sheetRow(4, ['X3', 'Después SL', 'x3@empresa.es'])), [noise(10 * MiB)])),
    loads: { counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['X1', 'X3'], rejects: [[3, 'unreadable_row', ['cell_too_large']]] },
  },
  {
    name: '__proto__ and constructor headers: data in extras, no prototype pollution',
    file: 'proto.csv',
    // P2 has no name: it cannot become a record, so its raw cells (the __proto__ one too) are quarantined.
    data: () => csv([`${HEADER};__proto__;constructor`, 'P1;Proto SL;p1@empresa.es;"{""isAdmin"":true}";pwned', 'P2;;no-es-correo;"{""isAdmin"":true}";x', 'P3;Tras SL;p3@empresa.es;;']),
    loads: {
      counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['P1', 'P3'], rejects: [[3, 'validation', ['email', 'name']]],
      check: async ({ db, rejects: [r] }) => {
        const { id } = await account(db, 'P1');
        const e = await db.raw(`SELECT extras->>'__proto__' AS p, extras->>'constructor' AS c, (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(extras) k) AS keys FROM accounts WHERE id = ?`, [id]);
        expect(e.rows[0]).toEqual({ p: '{"isAdmin":true}', c: 'pwned', keys: ['__proto__', 'constructor'] });
        expect((await account(db, 'P3')).extras).toEqual({});
        expect(r!.raw.slice(3)).toEqual([['__proto__', '{"isAdmin":true}'], ['constructor', 'x']]);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        expect({}.constructor).toBe(Object);
      },
    },
  },
  {
    name: 'a mapping that names the __proto__ column: clear configuration error',
    file: 'proto-mapping.csv', data: () => csv([`${HEADER};__proto__`, 'PM1;Proto SL;pm1@empresa.es;x']), columns: { ['__proto__']: 'notes' },
    fails: { type: 'BadConfiguration', message: /"__proto__" is reserved/ },
  },
  {
    name: 'formula cells in an XLSX: cached values imported; no cached value → quarantined',
    file: 'formulas.xlsx',
    data: () => workbook('Clientes', [
      ['Código', 'Razón social', 'Email', 'Importe'],
      ['F1', 'Uno SL', 'f1@empresa.es', { t: 'n', f: '1+1', v: 2 }],
      ['F2', { t: 's', f: '"Calc"&" SL"', v: 'Calc SL' }, 'f2@empresa.es', 1],
      ['F3', 'Sin Calcular SL', 'f3@empresa.es', { t: 'n', f: 'D2*2' }],
      ['F4', 'Cuatro SL', 'f4@empresa.es', 4],
    ]),
    loads: {
      counts: { read: 4, inserted: 3, rejected: 1 }, loaded: ['F1', 'F2', 'F4'], rejects: [[4, 'unreadable_row', ['formula']]],
      check: async ({ db, rejects: [r] }) => {
        expect((await account(db, 'F1')).extras).toEqual({ Importe: 2 });
        expect((await account(db, 'F2')).legal_name).toBe('Calc SL');
        expect(r!.sheet).toBe('Clientes');
      },
    },
  },
  {
    name: 'a CSV cell starting with = is plain text',
    file: 'igual.csv',
    data: () => csv([`${HEADER};Notas`, 'E1;Igual SL;e1@empresa.es;=1+1', 'E2;Enlace SL;e2@empresa.es;"=HYPERLINK(""http://x.es"",""clic"")"']),
    loads: {
      counts: { read: 2, inserted: 2 }, loaded: ['E1', 'E2'], rejects: [],
      check: async ({ db }) => {
        expect((await account(db, 'E1')).extras).toEqual({ Notas: '=1+1' });
        expect((await account(db, 'E2')).extras).toEqual({ Notas: '=HYPERLINK("http://x.es","clic")' });
      },
    },
  },
  { name: 'an .xlsx that is not a zip', file: 'texto.xlsx', data: () => csv([HEADER, ...rows('T', 2)]), fails: { type: 'BadInput', message: /not a zip package/ } },
  {
    name: 'zip bomb: a sheet that declares 2.5 GiB',
    file: 'bomba.xlsx', data: () => zip(xlsxPackage(paddedSheetPart(SHEET_HEAD, 2.5 * 1024 * MiB))),
    fails: { type: 'BadInput', message: /looks like a zip bomb \(part "xl\/worksheets\/sheet1.xml" declares \d+ bytes\)/ },
  },
  {
    name: 'zip bomb: 8 MiB of sheet in a few KB (compression ratio)',
    file: 'bomba-ratio.xlsx', data: () => zip(xlsxPackage(paddedSheetPart(SHEET_HEAD, 8 * MiB))),
    fails: { type: 'BadInput', message: /looks like a zip bomb .*compression ratio of \d+:1/ },
  },
  {
    name: 'zip bomb: a sheet that lies about its size (declares 1 KB, inflates to 64 MiB)',
    file: 'bomba-mentira.xlsx', data: () => zip(xlsxPackage(paddedSheetPart(SHEET_HEAD, 64 * MiB)), (p) => (p.name.endsWith('sheet1.xml') ? 1000 : p.size)),
    fails: { type: 'BadInput', message: /looks like a zip bomb .*inflates beyond its declared size/ },
  },
  {
    name: 'a NUL byte in the middle of a CSV',
    file: 'nul.csv', data: () => Buffer.concat([csv([HEADER, ...rows('N', 1)]), Buffer.from('N2;Nul\0 SL;n2@empresa.es\r\n'), csv(rows('N', 1, 3))]),
    fails: { type: 'BadInput', message: /contains a NUL byte at offset \d+: it is a binary file/ },
  },
  {
    name: 'a NUL byte beyond the first 256 KiB read: the run fails while loading, nothing written',
    file: 'nul-tardio.csv', data: () => Buffer.concat([csv([HEADER, ...rows('L', 10_000)]), Buffer.from([0]), csv(rows('L', 10, 10_001))]),
    fails: { type: 'BadInput', message: /contains a NUL byte at offset \d+: it is a binary file/, atLoad: true },
  },
  {
    name: 'a JSON export named .csv: refused, naming it, instead of "succeeding" with 0 rows',
    file: 'clientes.csv', data: () => Buffer.from(JSON.stringify([{ 'Código': 'J1', 'Razón social': 'Json SL', Email: 'j1@empresa.es' }], null, 2)),
    fails: { type: 'BadInput', message: /clientes\.csv looks like a JSON document, not a CSV file: it starts with "\[ \{ \\"Código\\": \\"J1\\".*export the data as CSV or XLSX/ },
  },
  {
    name: 'a PDF named .csv: refused, naming it',
    file: 'listado.csv', data: () => Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
    fails: { type: 'BadInput', message: /listado\.csv looks like a PDF document, not a CSV file/ },
  },
  {
    name: 'a zipped CSV named .csv: refused, naming the file to extract',
    file: 'clientes-zip.csv', data: () => zip([part('clientes.csv', csv([HEADER, ...rows('Z', 2)]))]),
    fails: { type: 'BadInput', message: /looks like a ZIP archive \(holding clientes\.csv\), not a CSV file; extract clientes\.csv and import it/ },
  },
  {
    name: 'a file whose only line is "{": no header',
    file: 'llave.csv', data: () => Buffer.from('{\r\n'),
    fails: { type: 'BadInput', message: /no header row found .*the first row is "\{"/ },
  },
  {
    name: 'UTF-8 with one stray Windows-1252 byte: read as UTF-8, the byte repaired, accents intact',
    file: 'poblacion.csv', columns: { 'Población': 'city' },
    data: () => mixedLines([
      `${HEADER};Población`,
      'U1;Muñoz y Peña SL;u1@empresa.es;Málaga',
      ['U2;Construcciones Ibéricas SL;u2@empresa.es;Le', [0xf3], 'n'],
      'U3;Cerámicas Núñez SL;u3@empresa.es;Cádiz',
    ]),
    loads: {
      // The repaired byte is kept as a warning on its row and column.
      counts: { read: 3, inserted: 3 }, loaded: ['U1', 'U2', 'U3'], rejects: [], warnings: [[3, ['city']]],
      check: async ({ db, runId }) => {
        const [w] = await db('row_warnings').where({ sync_run_id: runId });
        expect(w).toMatchObject({ field: 'city', column: 'Población', code: 'invalid_utf8_repaired', raw_value: 'León' });
        expect(w.message).toMatch(/0xF3 → "ó"/);
        const run = await db('sync_runs').where({ id: runId }).first();
        expect(run.options.encoding).toBe('utf-8');
        expect(Object.keys(run.mapping.columns)).toContain('Población');
        const cities = await Promise.all(['U1', 'U2', 'U3'].map(async (id) => (await account(db, id)).city));
        expect(cities).toEqual(['Málaga', 'León', 'Cádiz']);
        expect((await account(db, 'U3')).legal_name).toBe('Cerámicas Núñez SL');
      },
    },
  },
  {
    name: 'invalid tax id, phone and e-mail in one row: the row loads without them, one warning each',
    file: 'campos.csv', columns: { NIF: 'tax_id', 'Teléfono': 'phone' },
    data: () => csv([`${HEADER};NIF;Teléfono`, 'V1;Bien Uno SL;v1@empresa.es;B12345674;912 345 678', 'V2;Mal SL;no-es-correo;B12345678;123', 'V3;Bien Tres SL;v3@empresa.es;;']),
    loads: {
      counts: { read: 3, inserted: 3 }, loaded: ['V1', 'V2', 'V3'], rejects: [], warnings: [[3, ['email', 'phone', 'tax_id']]],
      check: async ({ db }) => {
        expect(await account(db, 'V2')).toMatchObject({ name: 'Mal', email: null, phone: null, tax_id: null, tax_id_invalid: 'B12345678' });
      },
    },
  },
  {
    name: 'the same row when the mapping makes tax_id strict: one quarantined row listing each',
    file: 'campos-estricto.csv', columns: { NIF: 'tax_id', 'Teléfono': 'phone' }, mapping: { strict: ['tax_id'] },
    data: () => csv([`${HEADER};NIF;Teléfono`, 'ST1;Bien Uno SL;st1@empresa.es;B63617229;912 345 678', 'ST2;Mal SL;no-es-correo;B12345678;123', 'ST3;Bien Tres SL;st3@empresa.es;;']),
    // Only the strict field rejects the row; its other bad values are listed with it.
    loads: { counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['ST1', 'ST3'], rejects: [[3, 'validation', ['email', 'phone', 'tax_id']]] },
  },
  {
    name: 'invalid country and e-mail in one row: the row loads without them, both warned',
    file: 'pais.csv', columns: { 'País': 'country_code' },
    data: () => csv([`${HEADER};País`, 'K1;Bien SL;k1@empresa.es;España', 'K2;Mal SL;no-es-correo;Narnia', 'K3;Bien Tres SL;k3@empresa.es;']),
    loads: { counts: { read: 3, inserted: 3 }, loaded: ['K1', 'K2', 'K3'], rejects: [], warnings: [[3, ['country_code', 'email']]] },
  },
  {
    name: 'empty name and invalid e-mail in one row: both listed',
    file: 'sin-nombre.csv',
    data: () => csv([HEADER, ...rows('S', 1), 'S2;;no-es-correo', ...rows('S', 1, 3)]),
    loads: { counts: { read: 3, inserted: 2, rejected: 1 }, loaded: ['S1', 'S3'], rejects: [[3, 'validation', ['email', 'name']]] },
  },
];

describe('bad input through the import workflow', () => {
  let env: TestWorkflowEnvironment;
  let db: Knex;
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-bad-'));
  const crmCounts = async () => ({ accounts: await count(db, 'accounts'), sources: await count(db, 'source_records'), contacts: await count(db, 'contacts') });

  const h = useImportHarness();
  beforeAll(() => ({ db, env } = h));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  CASES.forEach((c, index) => {
    if (c.bug) {
      it.todo(`${c.name}: ${c.bug}`);
      return;
    }
    it(c.name, async () => {
      const file = join(dir, `${index}-${c.file}`);
      writeFileSync(file, c.data());
      const mapping = { version: 1, entity: 'accounts', source: SOURCE, locale: 'es', ...c.mapping, columns: { 'Código': 'external_id', 'Razón social': 'name', Email: 'email', ...c.columns } };
      const before = await crmCounts();
      const handle = await startImport(env.client, { file, entity: 'accounts', mapping, ...c.request }, `case${index}`);
      const outcome = await handle.result().then((report: ImportReport) => ({ report }), (error: unknown) => ({ error }));
      const runs = await db('sync_runs').where({ workflow_id: handle.workflowId });

      if (c.fails) {
        if (!('error' in outcome)) throw new Error(`expected a failed import, got ${outcome.report.status} ${JSON.stringify(outcome.report.counts)}`);
        expect(outcome.error).toBeInstanceOf(WorkflowFailedError);
        const cause = (outcome.error as WorkflowFailedError).cause?.cause as ApplicationFailure; // ActivityFailure → ApplicationFailure
        expect(cause).toBeInstanceOf(ApplicationFailure);
        expect({ type: cause.type, nonRetryable: cause.nonRetryable }).toEqual({ type: c.fails.type, nonRetryable: true });
        expect(cause.message).toMatch(c.fails.message);
        // A file refused while preparing never opens a run; one refused while loading closes its run as failed.
        if (c.fails.atLoad) expect(runs).toHaveLength(1);
        for (const run of runs) {
          expect(run).toMatchObject({ status: 'failed', error_type: c.fails.type, rows_read: 0 });
          expect(run.error).toMatch(c.fails.message);
          expect(await count(db, 'rejected_rows', { sync_run_id: run.id })).toBe(0);
        }
        expect(await crmCounts()).toEqual(before);
        return;
      }

      if ('error' in outcome) throw outcome.error;
      const { report } = outcome;
      const want = c.loads!;
      const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, rejected: 0, skipped: 0, ...want.counts };
      expect(report.counts).toEqual(counts);
      expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.rejected + counts.skipped).toBe(counts.read);
      const warned = await db('row_warnings').where({ sync_run_id: report.runId }).orderBy(['row_number', 'field']).select('row_number', 'field');
      const byRow = new Map<number, string[]>();
      for (const w of warned) byRow.set(w.row_number, [...(byRow.get(w.row_number) ?? []), w.field]);
      expect([...byRow.entries()]).toEqual(want.warnings ?? []);
      expect(report.status).toBe(counts.rejected > 0 ? 'partial' : 'succeeded');
      expect(runs.map((r) => r.status)).toEqual([report.status]);

      const lineage = await db('source_records').where({ last_run_id: report.runId }).orderBy('external_id').pluck('external_id');
      expect(lineage).toEqual([...want.loaded].sort());
      const rejects: RejectRow[] = await db('rejected_rows').where({ sync_run_id: report.runId }).orderBy('row_number');
      const byPath = (r: RejectRow) => (r.reason === 'validation' ? r.issues.map((i) => i.path).sort() : r.issues.map((i) => i.code));
      expect(rejects.map((r) => [r.row_number, r.reason, byPath(r)])).toEqual(want.rejects);
      const fileName = `${index}-${c.file}`;
      for (const r of rejects) {
        expect(r.file_name).toBe(fileName);
        expect(r.place).toEqual({ file: fileName, sheet: r.sheet, row: r.row_number });
        expect(r.issues.every((i) => i.message.length > 0)).toBe(true);
        expect(r.raw.length).toBeGreaterThan(0);
        for (const [, value] of r.raw) expect(String(value ?? '').length).toBeLessThanOrEqual(KEPT_CELL + 64);
      }
      await want.check?.({ db, runId: report.runId, file, rejects });
    }, 60_000);
  });
});
