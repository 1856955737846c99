/**
 * The console's import wizard through fastify.inject, against real PostgreSQL and Temporal: upload
 * the Spanish ERP workbook (summary sheet first, header on row 4), choose the sheet, accept the
 * proposed mapping, dry-run it, approve it; approving twice and approving after the file changed
 * are refused visibly (409 with the workflow's reason). Uploads are checked before parsing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WizardState } from '../workflows/import-wizard-contract';
import { wizardState } from '../console/imports/wizards';
import { Browserless, eventually, startConsoleHarness, USERS, type ConsoleHarness } from './support/console-harness';
import { workbook, zip, part } from './support/bad-files';

const XLSX = readFileSync('examples/es/clientes_erp.xlsx');

describe('console import wizard', () => {
  let h: ConsoleHarness;
  let ana: Browserless;
  beforeAll(async () => {
    h = await startConsoleHarness();
    ana = new Browserless(h.app, 'es-ES,es;q=0.9');
    expect((await ana.login(USERS.reviewer)).statusCode).toBe(303);
  });
  afterAll(async () => h?.stop());

  const state = (id: string) => wizardState(h.temporal, `wizard-${id}`);
  const until = (id: string, ok: (s: WizardState) => boolean) => eventually(async () => {
    const s = await state(id).catch(() => undefined);
    return s && ok(s) ? s : undefined;
  }, 120_000);

  async function upload(name: string, data: Buffer, entity = 'accounts'): Promise<string> {
    const res = await ana.upload('/imports', { entity, source: 'erp_madrid' }, { name, data });
    expect(res.statusCode, res.body).toBe(201);
    return (JSON.parse(res.body).location as string).split('/').pop()!;
  }

  it('takes a European XLSX from upload to an approved import, and refuses a second approval', async () => {
    const id = await upload('clientes_erp.xlsx', XLSX);
    await until(id, (s) => s.phase !== 'inspecting');
    let page = await ana.get(`/imports/${id}?step=1`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Hoja y fila de cabecera');
    expect(page.body).toContain('<option value="Clientes"');

    // Step 1: the data sheet and its header row.
    let res = await ana.post(`/imports/${id}/configure`, { sheet: 'Clientes', headerRow: '4' });
    expect(res.statusCode, res.body).toBe(303);
    const planned = await state(id);
    expect(planned.plan?.sheet).toBe('Clientes');
    expect(planned.plan?.headerRow).toBe(4);

    // Step 2: the proposed mapping, with confidence, reason and samples per column.
    page = await ana.get(`/imports/${id}?step=2`);
    expect(page.body).toContain('Razón social');
    expect(page.body).toContain('known header');
    expect(page.body).toMatch(/<meter[^>]+value="1"/);
    const form: Record<string, string> = { locale: 'es' };
    for (const m of page.body.matchAll(/<select name="(col_\d+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const selected = /<option value="([^"]*)" selected/.exec(m[2]!);
      form[m[1]!] = selected ? selected[1]! : '';
    }
    expect(Object.keys(form).length).toBeGreaterThan(8);
    res = await ana.post(`/imports/${id}/mapping`, form);
    expect(res.statusCode, res.body).toBe(303);

    // Step 3: the dry run, with counts, warnings by field and the downloads.
    const dry = await until(id, (s) => s.dryRun?.status !== 'running' && s.phase === 'reviewing');
    expect(dry.dryRun?.status).toBe('succeeded');
    page = await ana.get(`/imports/${id}`);
    expect(page.body).toContain('Simulación');
    expect(page.body).toContain('40 filas leídas');
    expect(page.body).toContain('No se ha escrito nada');
    expect(page.body).toMatch(/rejects\.csv/);
    expect(Number((await h.db('accounts').count({ n: '*' }))[0]!.n)).toBe(0);
    const planHash = /name="planHash" value="([0-9a-f]{64})"/.exec(page.body)![1]!;

    // Step 4: approve; then the same approval again is refused, visibly.
    res = await ana.post(`/imports/${id}/approve`, { planHash });
    expect(res.statusCode, res.body).toBe(303);
    res = await ana.post(`/imports/${id}/approve`, { planHash });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('already approved by rita.reviewer@example.com');
    const done = await until(id, (s) => s.phase === 'done' || s.phase === 'failed');
    expect(done.phase).toBe('done');
    expect(Number((await h.db('accounts').whereNull('deleted_at').count({ n: '*' }))[0]!.n)).toBe(39);
    page = await ana.get(`/imports/${id}`);
    expect(page.body).toContain('La importación ha terminado.');
    const audit = await h.db('console_audit').where({ action: 'approve_import' }).select('actor');
    expect(audit).toEqual([{ actor: USERS.reviewer }]);
  });

  it('refuses an approval after the file changed, and one naming a stale plan', async () => {
    const csv = Buffer.from('Código;Razón social;NIF;Email\r\nC1;Talleres García S.L.;B28038628;info@talleres.es\r\nC2;Frutas Levante;;ventas@frutas.es\r\n');
    const id = await upload('clientes.csv', csv);
    await until(id, (s) => s.phase === 'ready' && !!s.plan);
    let res = await ana.post(`/imports/${id}/dry-run`, { planHash: 'f'.repeat(64) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('the plan changed since this page was shown');
    const plan = (await state(id)).plan!;
    res = await ana.post(`/imports/${id}/dry-run`, { planHash: plan.hash });
    expect(res.statusCode).toBe(303);
    await until(id, (s) => s.phase === 'reviewing');
    const upload_ = await h.db('console_uploads').where({ id }).first('stored_path');
    writeFileSync(upload_.stored_path, Buffer.concat([csv, Buffer.from('C3;Nuevo;;x@y.es\r\n')]));
    res = await ana.post(`/imports/${id}/approve`, { planHash: plan.hash });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('the file changed since it was planned');
    expect((await state(id)).approval).toBeNull();
  });

  it('checks uploads before parsing: size cap, content sniffing, zip bombs, CSRF header', async () => {
    let res = await ana.upload('/imports', { entity: 'accounts', source: 'erp' }, { name: 'big.csv', data: Buffer.alloc(h.config.maxUploadBytes + 10, 0x41) });
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/2 MB/);
    res = await ana.upload('/imports', { entity: 'accounts', source: 'erp' }, { name: 'report.csv', data: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n') });
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body).error).toMatch(/PDF/);
    const bomb = zip([part('[Content_Types].xml', '<Types/>'), part('xl/workbook.xml', ' '.repeat(50 * 1024 * 1024))]);
    expect(bomb.length).toBeLessThan(h.config.maxUploadBytes);
    res = await ana.upload('/imports', { entity: 'accounts', source: 'erp' }, { name: 'bomb.xlsx', data: bomb });
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body).error).toMatch(/zip bomb|compression|ratio/i);
    res = await ana.upload('/imports', { entity: 'accounts', source: 'erp' }, { name: 'x.xlsx', data: workbook('Hoja1', [['Nombre'], ['A']]) }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await h.db('console_uploads').count({ n: '*' }).then((r) => Number(r[0]!.n))).toBe(2);
  });
});
