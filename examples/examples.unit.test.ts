/**
 * Re-checks the committed sample files independently of the generator's bookkeeping: decodes and
 * parses each file, validates every tax id (stdnum), e-mail, phone (libphonenumber) and lookup label
 * against the mapping, recomputes rejects and duplicates, and compares them with `expected.ts`.
 * Also proves the generator is deterministic and the committed files are up to date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { stdnum, type Validator } from 'stdnum';
import { isValidPhoneNumber, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import { ENTITY_FIELDS, type TargetEntity } from '../domain/canonical/fields';
import { buildExamples, type ExampleExpectation, type ExpectedDuplicate, type ExpectedReject, type ExpectedWarning } from '../scripts/generate-examples';
import { EXAMPLES } from './expected';

function validator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name}`);
  return v;
}


const ROOT = process.cwd();

type ColumnSpec = string | { field?: string; transform?: unknown[]; values?: Record<string, string>; ignore?: boolean; default?: unknown };
interface Mapping {
  version: number;
  entity: TargetEntity;
  source: string;
  sourceKind?: string;
  locale: string;
  sheet?: string;
  headerRow?: number;
  columns: Record<string, ColumnSpec>;
  defaults?: Record<string, string>;
}

const LOOKUP_CODES: Record<string, RegExp | string[]> = {
  relationship_type: ['client', 'prospect', 'target', 'non_client', 'other'],
  category: ['A', 'B', 'C'],
  role: ['decision_maker', 'influencer', 'non_decision_maker'],
  department: ['management', 'sales', 'purchasing', 'finance', 'marketing', 'operations', 'it', 'hr', 'technical', 'other'],
  industry: /^[a-z][a-z_]*$/,
  zone: /^(es|it|pl|ru)_[a-z_]+$/,
};

const EMAIL_RE = /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;

function loadMapping(path: string): Mapping {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Mapping;
}

function fieldOf(spec: ColumnSpec): string | undefined {
  return typeof spec === 'string' ? spec : spec.field;
}

/** Header + data records as strings (XLSX numbers kept as their raw value). */
function readTable(e: ExampleExpectation): { header: string[]; rows: string[][] } {
  const buf = readFileSync(join(ROOT, e.file));
  if (e.format === 'xlsx') {
    const wb = XLSX.read(buf, { type: 'buffer' });
    const ws = wb.Sheets[e.sheet ?? ''];
    if (!ws) throw new Error(`sheet ${e.sheet} missing`);
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, blankrows: true, defval: '' });
    const header = (aoa[e.headerRow - 1] ?? []).map(String);
    const rows = aoa.slice(e.headerRow).map((r) => r.map((v) => String(v ?? '')));
    return { header, rows };
  }
  let text: string;
  if (e.encoding === 'utf-8-bom') {
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    text = buf.subarray(3).toString('utf8');
  } else {
    text = iconv.decode(buf, e.encoding);
  }
  // CRLF everywhere outside quoted fields: no bare LF line ends except inside quotes.
  const records = parse(text, { delimiter: e.delimiter ?? ';', relax_column_count: false, skip_empty_lines: true, bom: false }) as string[][];
  const [header, ...rest] = records;
  if (!header) throw new Error('empty file');
  // A separator-only line is not a data row.
  const rows = rest.filter((r) => r.some((v) => v.trim() !== ''));
  return { header, rows };
}

const TAX_VALIDATORS: Record<string, (v: string) => { isValid: boolean; compact?: string }> = {
  ES: (v) => validator('ES', 'nif').validate(v),
  IT: (v) => validator('IT', 'iva').validate(v),
  PL: (v) => validator('PL', 'nip').validate(v),
  RU: (v) => validator('RU', 'inn').validate(v),
};

function applyTransforms(v: string, spec: ColumnSpec): string {
  if (typeof spec === 'string' || !spec.transform) return v;
  let out = v;
  for (const t of spec.transform) {
    if (t === 'trim') out = out.trim();
    else if (t === 'upper') out = out.toUpperCase();
    else if (t === 'lower') out = out.toLowerCase();
    else if (t === 'digits') out = out.replace(/\D/g, '');
  }
  return out;
}

interface Analysis {
  rows: number;
  rejects: Omit<ExpectedReject, 'value' | 'column'>[];
  warnings: Omit<ExpectedWarning, 'value' | 'column'>[];
  duplicates: Pick<ExpectedDuplicate, 'row' | 'duplicateOfRow' | 'by'>[];
  keys: string[];
  badPhones: string[];
}

function analyse(e: ExampleExpectation, mapping: Mapping, knownAccounts: Set<string>): Analysis {
  const { header, rows } = readTable(e);
  const country = mapping.defaults?.country_code ?? 'ES';
  const col = (field: string) => Object.entries(mapping.columns).find(([, s]) => fieldOf(s) === field);
  const idx = (name: string) => header.indexOf(name);
  const keyCol = col('external_id');
  if (!keyCol) throw new Error('no external_id column');
  const rejects: Analysis['rejects'] = [];
  const warnings: Analysis['warnings'] = [];
  const duplicates: Analysis['duplicates'] = [];
  const seen = new Map<string, number>();
  const keys: string[] = [];
  const badPhones: string[] = [];
  rows.forEach((r, k) => {
    const row = k + 1;
    const cell = (name: string) => r[idx(name)] ?? '';
    const key = cell(keyCol[0]).trim();
    keys.push(key);
    let rejected = false;
    const reject = (reason: ExpectedReject['reason']) => {
      rejects.push({ row, key, reason });
      rejected = true;
    };
    // A bad value costs the value, not the row: it loads without it.
    const warn = (reason: ExpectedWarning['reason']) => warnings.push({ row, key, reason });
    let dedupKey: { by: 'tax_id' | 'email'; value: string } | undefined;
    for (const [name, spec] of Object.entries(mapping.columns)) {
      const field = fieldOf(spec);
      if (!field) continue;
      const raw = applyTransforms(cell(name), spec);
      if (raw.trim() === '') continue;
      if (field === 'tax_id') {
        const validate = TAX_VALIDATORS[country];
        if (!validate) throw new Error(`no validator for ${country}`);
        const res = validate(raw);
        if (!res.isValid) warn('invalid_tax_id');
        else dedupKey = { by: 'tax_id', value: res.compact ?? raw };
      } else if (field === 'email') {
        const email = raw.trim().toLowerCase();
        if (!EMAIL_RE.test(email)) warn('invalid_email');
        else if (mapping.entity === 'contacts') dedupKey = { by: 'email', value: email };
      } else if (field === 'phone' || field === 'mobile') {
        if (!isValidPhoneNumber(raw, country as CountryCode)) badPhones.push(`${key}: ${raw}`);
      } else if (field === 'account_external_id') {
        if (!knownAccounts.has(raw.trim())) reject('unknown_account');
      }
      if (typeof spec !== 'string' && spec.values && !(raw in spec.values)) warn('unknown_lookup_value');
    }
    if (!rejected && dedupKey) {
      const prev = seen.get(`${dedupKey.by}:${dedupKey.value}`);
      if (prev !== undefined) duplicates.push({ row, duplicateOfRow: prev, by: dedupKey.by });
      else seen.set(`${dedupKey.by}:${dedupKey.value}`, row);
    }
  });
  return { rows: rows.length, rejects, warnings, duplicates, keys, badPhones };
}

const byFile = (file: string) => {
  const e = EXAMPLES.find((x) => x.file === file);
  if (!e) throw new Error(`${file} missing from EXAMPLES`);
  return e;
};

describe('examples', { timeout: 30_000 }, () => {
  it('the committed files are exactly what the generator produces (deterministic, up to date)', () => {
    const a = buildExamples();
    const b = buildExamples();
    for (const [k, f] of a.files.entries()) {
      expect(f.content.equals(b.files[k]?.content ?? Buffer.alloc(0)), `${f.path} not deterministic`).toBe(true);
      const committed = readFileSync(join(ROOT, 'examples', f.path));
      expect(committed.equals(f.content), `examples/${f.path} is stale: re-run scripts/generate-examples.ts`).toBe(true);
    }
    expect(a.expectations).toEqual(EXAMPLES);
  });

  it('lists one entry per file with consistent totals', () => {
    expect(EXAMPLES.map((e) => e.file)).toEqual([
      'examples/es/clientes_erp.xlsx',
      'examples/es/contactos.csv',
      'examples/es/clientes_tienda.csv',
      'examples/it/clienti.csv',
      'examples/pl/kontrahenci.csv',
      'examples/ru/kontragenty.csv',
    ]);
    for (const e of EXAMPLES) {
      expect(e.rows).toBeGreaterThanOrEqual(e.crossSourceMatches.length > 0 ? 12 : 25); // the shop file is short
      expect(e.expectedAutoMerges).toBe(e.crossSourceMatches.filter((m) => m.decision === 'auto_merge').length);
      expect(e.expectedReviewPairs).toBe(e.crossSourceMatches.filter((m) => m.decision === 'review').length);
      expect(e.rows).toBeLessThanOrEqual(60);
      expect(e.expectedRejected).toBe(e.rejects.length);
      expect(e.expectedWarnings).toBe(e.warnings.length);
      expect(e.expectedImported).toBe(e.rows - e.expectedRejected - e.duplicates.length);
    }
  });

  describe.each(EXAMPLES.map((e) => [e.file, e] as const))('%s', (_file, e) => {
    const mapping = loadMapping(e.mapping);
    const es = byFile('examples/es/clientes_erp.xlsx');
    const esMapping = loadMapping(es.mapping);
    const esAnalysis = analyse(es, esMapping, new Set());
    const esRejected = new Set(esAnalysis.rejects.map((r) => r.row));
    const knownAccounts = new Set(esAnalysis.keys.filter((_, k) => !esRejected.has(k + 1)));
    const result = analyse(e, mapping, knownAccounts);

    it('mapping: entity, canonical fields, lookup codes, headers present', () => {
      expect(mapping.version).toBe(1);
      expect(mapping.entity).toBe(e.entity);
      expect(['erp_es', 'shop_es', 'erp_it', 'erp_pl', 'erp_ru']).toContain(mapping.source);
      if (mapping.sourceKind !== undefined) expect(['erp', 'ecommerce', 'spreadsheet']).toContain(mapping.sourceKind);
      if (e.format === 'xlsx') {
        expect(mapping.sheet).toBe(e.sheet);
        expect(mapping.headerRow).toBe(e.headerRow);
      }
      const fields = Object.keys(ENTITY_FIELDS[e.entity]);
      const { header } = readTable(e);
      for (const [name, spec] of Object.entries(mapping.columns)) {
        expect(header, `column ${name}`).toContain(name);
        if (typeof spec !== 'string' && spec.ignore) continue;
        const field = fieldOf(spec);
        expect(fields, `field of ${name}`).toContain(field);
        if (typeof spec !== 'string' && spec.values) {
          const allowed = LOOKUP_CODES[field ?? ''];
          expect(allowed, `values on non-lookup ${name}`).toBeDefined();
          for (const code of Object.values(spec.values)) {
            if (Array.isArray(allowed)) expect(allowed).toContain(code);
            else expect(code).toMatch(allowed as RegExp);
          }
        }
      }
      for (const f of Object.keys(mapping.defaults ?? {})) expect(fields).toContain(f);
    });

    it('row count, rejects, warnings and duplicates match expected.ts', () => {
      expect(result.rows).toBe(e.rows);
      expect(result.rejects).toEqual(e.rejects.map(({ row, key, reason }) => ({ row, key, reason })));
      expect(result.warnings).toEqual(e.warnings.map(({ row, key, reason }) => ({ row, key, reason })));
      expect(result.duplicates).toEqual(e.duplicates.map(({ row, duplicateOfRow, by }) => ({ row, duplicateOfRow, by })));
      expect(new Set(result.keys).size).toBe(result.keys.length); // external ids unique
    });

    it('every phone is valid for its country (phones are not deliberate defects)', () => {
      expect(result.badPhones).toEqual([]);
    });
  });

  it('ES xlsx: summary sheet first, title rows, text postcodes, real dates', () => {
    const wb = XLSX.read(readFileSync(join(ROOT, 'examples/es/clientes_erp.xlsx')), { type: 'buffer', cellNF: true });
    expect(wb.SheetNames).toEqual(['Resumen', 'Clientes']);
    const ws = wb.Sheets.Clientes;
    if (!ws) throw new Error('no sheet');
    expect(ws.A1?.v).toBe('LISTADO DE CLIENTES');
    expect(ws.A2?.t).toBe('s');
    expect(ws.A3).toBeUndefined();
    expect(ws.A4?.v).toBe('Código cliente');
    const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
    let leadingZero = 0;
    for (let r = 4; r <= range.e.r; r++) {
      const cp = ws[XLSX.utils.encode_cell({ r, c: 4 })];
      const date = ws[XLSX.utils.encode_cell({ r, c: 16 })];
      expect(cp?.t).toBe('s');
      expect(String(cp?.v)).toMatch(/^\d{5}$/);
      if (String(cp?.v).startsWith('0')) leadingZero++;
      expect(date?.t).toBe('n');
      expect(date?.z).toBe('dd/mm/yyyy');
    }
    expect(leadingZero).toBeGreaterThan(3);
  });

  it('IT: sole traders carry a valid 16-character codice fiscale; PL REGONs are valid; RU КПП only for companies', () => {
    const it = readTable(byFile('examples/it/clienti.csv'));
    const cfs = it.rows.map((r) => r[3] ?? '').filter((v) => v.length === 16);
    expect(cfs).toHaveLength(3);
    for (const cf of cfs) expect(validator('IT', 'codicefiscale').validate(cf).isValid, cf).toBe(true);
    const pl = readTable(byFile('examples/pl/kontrahenci.csv'));
    for (const r of pl.rows) expect(validator('PL', 'regon').validate(r[3] ?? '').isValid, r[3]).toBe(true);
    const ru = readTable(byFile('examples/ru/kontragenty.csv'));
    for (const r of ru.rows) expect((r[3] ?? '') === '' ? 12 : 10).toBe((r[2] ?? '').length);
  });

  it('CSV line endings are CRLF and the PL file ends with a separator-only line and an empty line', () => {
    for (const e of EXAMPLES.filter((x) => x.format === 'csv')) {
      const raw = readFileSync(join(ROOT, e.file)).toString('latin1');
      expect(raw.replace(/\r\n/g, '').includes('\r'), e.file).toBe(false);
      // the only bare LF is the embedded newline of the contacts file
      expect((raw.replace(/\r\n/g, '').match(/\n/g) ?? []).length, e.file).toBe(e.file.endsWith('contactos.csv') ? 1 : 0);
    }
    const pl = readFileSync(join(ROOT, 'examples/pl/kontrahenci.csv')).toString('latin1');
    expect(pl.endsWith('\r\n;;;;;;;;;;;\r\n\r\n')).toBe(true);
  });
});

/**
 * The shop file's match expectations, re-checked against the files themselves: an auto-merge row
 * carries the hard-to-fake evidence of its ERP row (same phone once parsed, same postcode, a mailbox
 * at the same company domain, the same house number), a review row only the soft kind (same name,
 * postcode and town, a free-mail address, no phone), and no other row shares a phone or a company
 * domain with any ERP customer. Whether the matcher agrees is test/examples-import.test.ts's job.
 */
describe('examples/es/clientes_tienda.csv: cross-source evidence', () => {
  const FREE_MAIL = new Set(['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.es', 'yahoo.com']);
  const fold = (v: string) => v.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9ñ ]/g, ' ').replace(/\s+/g, ' ').trim();
  // The legal form, however written, is not part of the name.
  const bareName = (v: string) => fold(v).replace(/\b(s l u|s l p|s l|s a|sl|sa|slu|sociedad limitada|sociedad anonima)$/, '').trim();
  const e164 = (v: string) => (v.trim() === '' ? '' : parsePhoneNumberWithError(v, 'ES').number);
  const houseNumber = (v: string) => v.match(/\d+/g)?.join(' ') ?? '';
  const domainOf = (email: string) => email.trim().toLowerCase().split('@')[1] ?? '';

  const shop = byFile('examples/es/clientes_tienda.csv');
  const erp = byFile('examples/es/clientes_erp.xlsx');
  const rowsOf = (e: ExampleExpectation) => {
    const { header, rows } = readTable(e);
    return rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
  };
  const erpRows = rowsOf(erp);
  const erpClean = erpRows.filter((r) => ![...erp.rejects, ...erp.duplicates].some((d) => d.key === r['Código cliente']));
  const erpByKey = new Map(erpRows.map((r) => [r['Código cliente'] ?? '', r]));
  const shopRows = rowsOf(shop);

  it('declares auto merges and review pairs against clean ERP rows only', () => {
    expect(shop.expectedAutoMerges).toBeGreaterThanOrEqual(4);
    expect(shop.expectedReviewPairs).toBeGreaterThanOrEqual(2);
    expect(loadMapping(shop.mapping)).toMatchObject({ source: 'shop_es', sourceKind: 'ecommerce' });
    for (const m of shop.crossSourceMatches) {
      expect(shopRows[m.row - 1]?.['ID cliente']).toBe(m.key);
      expect(m.source).toBe('erp_es');
      expect(erpClean.map((r) => r['Código cliente'])).toContain(m.matchesKey);
    }
  });

  it.each(shop.crossSourceMatches.map((m) => [m.key, m.decision, m] as const))('row %s (%s) carries the declared evidence', (_k, _d, m) => {
    const s = shopRows[m.row - 1] ?? {};
    const e = erpByKey.get(m.matchesKey) ?? {};
    expect(s['Código postal']).toBe(e['C.P.']);
    expect(fold(s.Ciudad ?? '')).toBe(fold(e['Población'] ?? ''));
    expect(fold(s.Empresa ?? '')).not.toBe(fold(e['Razón social'] ?? '')); // written the shop's way, not copied
    if (m.decision === 'auto_merge') {
      expect(e164(s['Teléfono'] ?? '')).toBe(e164(e['Teléfono'] ?? ''));
      expect(s['Teléfono']).not.toBe(e['Teléfono']); // another format of the same number
      expect(domainOf(s.Email ?? '')).toBe(domainOf(e.Email ?? ''));
      expect(houseNumber(s['Dirección'] ?? '')).toBe(houseNumber(e['Dirección'] ?? ''));
    } else {
      expect(bareName(s.Empresa ?? '')).toBe(bareName(e['Razón social'] ?? ''));
      expect(FREE_MAIL.has(domainOf(s.Email ?? ''))).toBe(true);
      expect(s['Teléfono']).toBe('');
      expect(s['Dirección']).toBe('');
    }
  });

  it('the other rows share no phone or company domain with an ERP customer; a namesake lives elsewhere', () => {
    const declared = new Set(shop.crossSourceMatches.map((m) => m.key));
    const others = shopRows.filter((r) => !declared.has(r['ID cliente'] ?? ''));
    expect(others.length).toBeGreaterThanOrEqual(5);
    const erpPhones = new Set(erpClean.map((r) => e164(r['Teléfono'] ?? '')));
    const erpDomains = new Set(erpClean.map((r) => domainOf(r.Email ?? '')).filter((d) => !FREE_MAIL.has(d)));
    let namesakes = 0;
    for (const r of others) {
      expect(erpPhones.has(e164(r['Teléfono'] ?? '')), r['ID cliente']).toBe(false);
      expect(erpDomains.has(domainOf(r.Email ?? '')), r['ID cliente']).toBe(false);
      for (const e of erpClean.filter((x) => bareName(x['Razón social'] ?? '') === bareName(r.Empresa ?? ''))) {
        namesakes++;
        expect(fold(r.Ciudad ?? '')).not.toBe(fold(e['Población'] ?? ''));
        expect(r['Código postal']).not.toBe(e['C.P.']);
      }
    }
    expect(namesakes).toBe(1);
  });
});
