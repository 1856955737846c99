/**
 * A small CRM for the console tests: accounts (one named like an XSS attack), two review pairs
 * scored by the real matcher, a finished import with a quarantined row and a warning, an SQL
 * source whose secret lives in an environment variable, an invoice, and a Temporal Schedule.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enqueueReview } from '../../activities/merge/review-queue';
import { accountMatchRecord, defaultMatchModel, scorePair } from '../../domain/matching';
import { runImport } from './run-import';

export const XSS_NAME = '<script>alert("pwned")</script> Hostil S.L.';
export const SENTINEL = 'SENTINEL-s3cr3t-7f2c9d';
export const ERP_URL_ENV = 'CRMHUB_TEST_ERP_URL';

export interface Seeded { accounts: { id: string; name: string }[]; reviewIds: number[]; runId: number; scheduleId: string }

export async function seedConsole(db: Knex, client: Client, taskQueue: string, dir: string): Promise<Seeded> {
  process.env[ERP_URL_ENV] = `postgres://erp_reader:${SENTINEL}@127.0.0.1:5432/crmhub_erp_that_does_not_exist`;
  const accounts = await db('accounts').insert([
    { name: XSS_NAME, tax_id: 'B64123458', tax_id_country: 'ES', email: 'info@hostil.es', phone: '+34931234567', city: 'Barcelona', created_at: '2024-01-01T00:00:00Z' },
    { name: 'Talleres García', email: 'info@talleresgarcia.es', city: 'Barcelona', created_at: '2024-01-02T00:00:00Z' },
    { name: 'Talleres Garcia', phone: '+34931234568', city: 'Barcelona', created_at: '2025-01-01T00:00:00Z' },
    { name: 'Frutas Levante', city: 'Valencia', created_at: '2025-02-01T00:00:00Z' },
    { name: 'Frutas de Levante', city: 'Valencia', created_at: '2025-03-01T00:00:00Z' },
  ]).returning(['id', 'name', 'email', 'phone', 'city']);
  const model = defaultMatchModel('accounts');
  const pair = (x: (typeof accounts)[number], y: (typeof accounts)[number]) => scorePair(model, accountMatchRecord(x.id, x), accountMatchRecord(y.id, y));
  await enqueueReview(db, 'accounts', [pair(accounts[1], accounts[2]), pair(accounts[3], accounts[4]), pair(accounts[0], accounts[1])]);
  // In the order enqueued: Talleres, Frutas, then the hostile name with Talleres García.
  const idOf = async (x: string, y: string) => Number((await db('review_queue').whereIn('record_a', [x, y]).whereIn('record_b', [x, y]).first('id')).id);
  const reviewIds = [await idOf(accounts[1].id, accounts[2].id), await idOf(accounts[3].id, accounts[4].id), await idOf(accounts[0].id, accounts[1].id)];

  await db('source_systems').insert({
    code: 'erp', label: 'ERP <b>Madrid</b>', kind: 'erp', connector_code: 'sql',
    config: JSON.stringify({ connection: { client: 'pg', urlEnv: ERP_URL_ENV }, streams: { accounts: { query: 'SELECT id AS external_id, name FROM customers' } } }),
  });
  await db('invoices').insert({
    source_system_code: 'erp', external_id: 'F-2025-001', account_id: accounts[0].id, number: 'F-2025-001', kind: 'invoice', status: 'posted',
    issue_date: '2025-03-01', currency: 'EUR', total_gross_minor: 121000, data_hash: 'x',
  });

  const file = join(dir, 'clientes_con_errores.csv');
  writeFileSync(file, [
    'Código;Razón social;NIF;Email;Teléfono',
    'C1;Distribuciones Norte S.L.;;ventas@norte.es;931112233',
    'C2;;;"=1+1";@SUM(A1)',
    'C3;Ferretería <img src=x onerror=alert(1)>;;no-es-un-email;+34 93 000 00 00',
  ].join('\r\n'));
  const report = await runImport(client, { file, entity: 'accounts', mapping: null, source: 'hoja', match: false });

  const scheduleId = 'crmhub-sync-erp';
  await client.schedule.create({
    scheduleId,
    spec: { intervals: [{ every: '1 day' }] },
    action: { type: 'startWorkflow', workflowType: 'testSource', args: [{ source: 'erp' }], taskQueue },
    policies: { overlap: 'SKIP' },
  });
  return { accounts: accounts.map((a) => ({ id: a.id, name: a.name })), reviewIds, runId: report.runId, scheduleId };
}
