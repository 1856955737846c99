/**
 * Issue 8, files as real exports are (real PostgreSQL, real Temporal): duplicates inside one file,
 * two sources feeding one account, a totals row, phones without area codes, "No" in a URL column,
 * unknown lookup labels, a tax id two accounts share, replays of fixed rows. Each point checks the
 * counts (they add up), what was written, and — for re-imports — that nothing was rewritten at all
 * (the rows' xmin does not move).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { useImportHarness } from './support/import-harness';
import { runImport } from './support/run-import';
import { count } from './support/test-database';

const HEADER = 'Código;Razón social;NIF;Teléfono;Email;Web;Población;Tipo cliente';
const mapping = (source: string, sourceKind = 'spreadsheet', extra: Record<string, unknown> = {}) => ({
  version: 1, entity: 'accounts', source, sourceKind, locale: 'es',
  columns: {
    'Código': 'external_id', 'Razón social': 'name', NIF: 'tax_id', 'Teléfono': 'phone', Email: 'email', Web: 'website',
    'Población': 'city', 'Tipo cliente': 'relationship_type',
  },
  ...extra,
});

function addsUp(r: ImportReport): void {
  const c = r.counts;
  expect(c.inserted + c.updated + c.unchanged + c.merged + c.rejected + c.skipped).toBe(c.read);
}

describe('real-world files (issue 8)', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  beforeAll(() => ({ db, env } = h));
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-real-'));
  let n = 0;
  const file = (rows: string[], header = HEADER) => {
    const p = join(dir, `f${++n}.csv`);
    writeFileSync(p, `${[header, ...rows].join('\r\n')}\r\n`);
    return p;
  };
  const load = async (path: string, source: string, o: { kind?: string; extra?: Record<string, unknown>; request?: Record<string, unknown>; tag?: string } = {}) => {
    const r = await runImport(env.client, { file: path, entity: 'accounts', mapping: mapping(source, o.kind, o.extra), match: false, ...o.request }, o.tag);
    addsUp(r);
    return r;
  };
  const xmins = async () => (await db.raw('SELECT coalesce(sum(xmin::text::bigint), 0) AS x, count(*) AS n FROM accounts')).rows[0];
  const byTax = (taxId: string) => db('accounts').where({ tax_id: taxId }).whereNull('deleted_at');

  it('the same customer twice in one file (another phone, another spelling): one account; a re-import writes nothing', async () => {
    const rows = [
      'D1;Ferretería Ruiz S.L.;B63617229;912 000 001;;;Madrid;Cliente',
      'D2;Papelería Sol S.L.;B12345674;912 000 002;;;Toledo;Cliente',
      'D1;FERRETERIA RUIZ SL;B63617229;600 111 222;compras@ruiz.es;;Madrid;Cliente', // the same code, later and fuller
    ];
    const path = file(rows);
    const first = await load(path, 'dup_src');
    expect(first.counts).toMatchObject({ read: 3, inserted: 2, merged: 1, updated: 0, rejected: 0 });
    const [ruiz] = await byTax('B63617229');
    // The later row wins where it has a value; the earlier phone is kept as an additional one.
    expect(ruiz).toMatchObject({ phone: '+34600111222', email: 'compras@ruiz.es', additional_phones: ['+34912000001'] });
    const before = await xmins();
    const again = await load(path, 'dup_src', { tag: 'again' });
    expect(again.counts).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3, merged: 0 });
    expect(await xmins()).toEqual(before);
    // One changed row of the pair: only that customer is rewritten, and the other row still counts.
    const changed = [...rows];
    changed[0] = changed[0]!.replace('Madrid', 'Getafe');
    const third = await load(file(changed), 'dup_src');
    expect(third.counts).toMatchObject({ read: 3, updated: 1, unchanged: 1, merged: 1 });
    expect((await byTax('B63617229'))[0].additional_phones).toEqual(['+34912000001']);
    const stable = await load(file(changed), 'dup_src', { tag: 'stable' });
    expect(stable.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('two sources feeding one account: A, B, A, B writes nothing the second time, and survivorship decides, not the order', async () => {
    const erp = ['E1;Distribuciones Pérez, S.L.;B80000003;912 345 678;info@perez.es;;Madrid;Cliente'];
    const xls = ['X1;DISTRIBUCIONES PEREZ SL;B80000003;600 999 888;;www.perez.es;MADRID;Cliente'];
    const [a, b] = [file(erp), file(xls)];
    await load(a, 'erp_ab', { kind: 'erp' });
    await load(b, 'xls_ab');
    const golden = (await byTax('B80000003'))[0];
    // The ERP's legal name, whatever the spreadsheet says and whenever it was imported.
    expect(golden).toMatchObject({ legal_name: 'Distribuciones Pérez, S.L.', website: 'https://www.perez.es' });
    const before = await xmins();
    const ra = await load(a, 'erp_ab', { kind: 'erp', tag: 'a2' });
    const rb = await load(b, 'xls_ab', { tag: 'b2' });
    expect([ra.counts.inserted + ra.counts.updated, rb.counts.inserted + rb.counts.updated]).toEqual([0, 0]);
    expect(await xmins()).toEqual(before);

    // The same two sources in the other order give the same account.
    const erp2 = ['E2;Talleres García, S.A.;A58818501;931 234 567;taller@garcia.es;;Barcelona;Cliente'];
    const xls2 = ['X2;TALLERES GARCIA SA;A58818501;600 000 111;;;BARCELONA;Cliente'];
    await load(file(xls2), 'xls_ba');
    await load(file(erp2), 'erp_ba', { kind: 'erp' });
    expect((await byTax('A58818501'))[0]).toMatchObject({ legal_name: 'Talleres García, S.A.', name: 'Talleres García', city: 'Barcelona' });
  });

  it('with --no-match a spreadsheet no longer overwrites an ERP’s legal name', async () => {
    await load(file(['E3;Construccions Puig i Fills, S.L.;B63617211;972 112 233;;;Girona;Cliente']), 'erp_nm', { kind: 'erp' });
    const r = await load(file(['E3;CONSTRUCCIONES PUIG SL;B63617211;;;;GIRONA;Cliente']), 'xls_nm');
    expect(r.counts.merged).toBe(1);
    expect((await byTax('B63617211'))[0]).toMatchObject({ legal_name: 'Construccions Puig i Fills, S.L.', city: 'Girona' });
  });

  it('a tax id two live accounts share is ambiguous: quarantined naming both, never given to the oldest', async () => {
    const [{ id: one }] = await db('accounts').insert({ name: 'Grupo Norte (Bilbao)', tax_id: 'B95000006', tax_id_country: 'ES' }).returning('id');
    const [{ id: two }] = await db('accounts').insert({ name: 'Grupo Norte (Vitoria)', tax_id: 'B95000006', tax_id_country: 'ES' }).returning('id');
    const r = await load(file(['G1;Grupo Norte S.L.;B95000006;944 000 000;;;Bilbao;Cliente']), 'amb_src');
    expect(r.counts).toMatchObject({ read: 1, rejected: 1, inserted: 0, merged: 0 });
    const [reject] = await db('rejected_rows').where({ sync_run_id: r.runId });
    expect(reject.reason).toBe('ambiguous_match');
    expect(reject.issues[0].message).toContain(one);
    expect(reject.issues[0].message).toContain(two);
  });

  it('a TOTAL row and a footer are skipped and counted with their place; the customers around them load', async () => {
    const header = 'Código;Razón social;Ventas 2025;Unidades';
    const path = file([
      'T1;Alfa S.L.;1.200,50;10',
      'T2;Beta S.L.;800,00;5',
      ';TOTAL;2.000,50;15',
      'Listado generado el 01/12/2026',
    ], header);
    const m = { version: 1, entity: 'accounts', source: 'tot_src', locale: 'es', columns: { 'Código': 'external_id', 'Razón social': 'name' } };
    const r = await runImport(env.client, { file: path, entity: 'accounts', mapping: m, match: false });
    addsUp(r);
    expect(r.counts).toMatchObject({ read: 4, inserted: 2, skipped: 2, rejected: 0 });
    expect(r.status).toBe('succeeded');
    const skipped = await db('rejected_rows').where({ sync_run_id: r.runId }).orderBy('row_number');
    expect(skipped.map((s) => [s.row_number, s.reason, s.status])).toEqual([[4, 'summary_row', 'skipped'], [5, 'summary_row', 'skipped']]);
    expect(skipped[0].place).toMatchObject({ row: 4 });
    expect(await db('accounts').whereIn('name', ['TOTAL', 'Listado generado el 01/12/2026'])).toHaveLength(0);
  });

  it('US sites with 7-digit local phones, "No" in a URL column and unknown types: every record loads, each bad value a warning', async () => {
    const header = 'Site ID;Site Name;Phone;Website;Type;City';
    const rows = Array.from({ length: 30 }, (_, i) => `S${i + 1};Site ${i + 1} Inc;${555_0100 + i};${i % 3 === 0 ? 'No' : `www.site${i + 1}.com`};${i % 5 === 0 ? 'Landfill' : 'Customer'};Springfield`);
    const m = { version: 1, entity: 'accounts', source: 'us_sites', locale: 'en-US', columns: { 'Site ID': 'external_id', 'Site Name': 'name', Phone: 'phone', Website: 'website', Type: 'relationship_type', City: 'city' } };
    const r = await runImport(env.client, { file: file(rows, header), entity: 'accounts', mapping: m, match: false });
    addsUp(r);
    expect(r.counts).toMatchObject({ read: 30, inserted: 30, rejected: 0 });
    const byField = await db('row_warnings').where({ sync_run_id: r.runId }).groupBy('field').select('field').count<{ field: string; count: string }[]>({ count: '*' });
    expect(Object.fromEntries(byField.map((f) => [f.field, Number(f.count)]))).toEqual({ phone: 30, website: 10, relationship_type: 6 });
    expect(r.warnings).toEqual({ total: 46, rows: 30 });
    const site = await db('accounts as a').join('source_records as s', 's.crm_id', 'a.id').where({ 's.source_system_code': 'us_sites', 's.external_id': 'S1' }).first('a.*');
    expect(site).toMatchObject({ name: 'Site 1', legal_form: 'Inc.', phone: null, website: null, city: 'Springfield', relationship_type_code: null });
  });

  it('replays fixed rows under the run’s mapping: they become replayed, the counts of both runs add up; ignore closes the rest', async () => {
    const r = await load(file([
      'R1;Uno S.L.;;;;;;Cliente',
      'R2;;;;;;;Cliente', // no name: cannot become a record
      'R3;;;;;;;Cliente',
    ]), 'replay_src');
    expect(r.counts).toMatchObject({ read: 3, inserted: 1, rejected: 2 });
    expect(r.status).toBe('partial');
    // What `crmhub rejects <run> --csv` writes, with R2's name filled in by a person.
    const fixed = join(dir, 'fixed.csv');
    writeFileSync(fixed, `crmhub_file,crmhub_sheet,crmhub_row,crmhub_reason,crmhub_field,crmhub_issues,Código,Razón social,NIF,Teléfono,Email,Web,Población,Tipo cliente\r\n`
      + `f.csv,,3,validation,name,name is required,R2,Dos S.L.,,'+34 600 000 002,,,,Cliente\r\n`);
    const replay = await runImport(env.client, {
      file: fixed, entity: 'accounts', mapping: mapping('replay_src'), source: 'replay_src', locale: 'es', replayOf: r.runId, match: false,
    });
    addsUp(replay);
    expect(replay.counts).toMatchObject({ read: 1, inserted: 1 });
    expect(replay.replayOf).toBe(r.runId);
    const dos = await db('accounts').where({ name: 'Dos' }).first();
    expect(dos).toMatchObject({ phone: '+34600000002', extras: {} }); // the export's formula guard is gone; crmhub's columns are no extras
    const statuses = await db('rejected_rows').where({ sync_run_id: r.runId }).orderBy('row_number').select('row_number', 'status', 'replayed_in_run_id');
    expect(statuses.map((s) => [s.row_number, s.status, s.replayed_in_run_id && Number(s.replayed_in_run_id)])).toEqual([[3, 'replayed', replay.runId], [4, 'open', null]]);
    // The original run's counts are what happened in it.
    expect((await db('sync_runs').where({ id: r.runId }).first()).rows_rejected).toBe(2);
    await db('rejected_rows').where({ sync_run_id: r.runId, status: 'open' }).update({ status: 'ignored' });
    expect(await count(db, 'rejected_rows', { sync_run_id: r.runId, status: 'open' })).toBe(0);
  });
});
