/**
 * Issue 9 §5 end to end: a folder of e-invoices synced by the file-drop connector through the
 * `syncSource` workflow (real Temporal, real PostgreSQL). FatturaPA files with two bodies, signed
 * .p7m envelopes, an upper-case .XML, a TD04 credit note, a deposit; KSeF FA(3) invoices, a
 * correction and an advance invoice; purchase invoices (we are the buyer) skipped and counted; a
 * file in an unsupported version quarantined with the version named. Each file is read once per
 * version: a second sync reads nothing, a changed file is read again.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncReport } from '../workflows/sync-source';
import { useImportHarness } from './support/import-harness';
import { TEST_TASK_QUEUE } from './support/temporal-env';

const FIXTURES = join(__dirname, '..', 'connectors', 'file-drop', 'einvoice', 'fixtures');
const FILES = [
  'IT12345670017_00001.xml.p7m', // two invoices in one signed file
  'IT12345670017_00002.xml', // TD04 credit note
  'IT12345670017_00003.XML', // FPA12 deposit to a public body, upper-case extension
  'IT05554440379_00045.xml', // we are the buyer: a purchase
  'ksef-fa3-vat.xml', 'ksef-fa3-kor.xml', 'ksef-fa3-zal.xml',
  'ksef-fa2-purchase.xml', // we are the buyer
  'unsupported-versione-FPR11.xml',
];

describe('e-invoice folder sync (file-drop)', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  const folder = mkdtempSync(join(tmpdir(), 'crmhub-drop-'));
  beforeAll(async () => {
    ({ db, env } = h);
    for (const f of FILES) copyFileSync(join(FIXTURES, f), join(folder, f));
    writeFileSync(join(folder, 'LEEME.txt'), 'not an e-invoice: not matched by the patterns');
    await db('source_systems').insert({
      code: 'sdi_drop', label: 'sdi_drop', kind: 'accounting', connector_code: 'file-drop',
      config: JSON.stringify({ folder, patterns: ['*.xml', '*.p7m'], ownTaxIds: ['IT12345670017', 'PL 526-104-08-28'], recursive: false }),
      settings: JSON.stringify({ defaultCountry: 'IT', timezone: 'Europe/Rome', locale: 'en-GB' }),
    });
  });
  const sync = async () => {
    const handle = await env.client.workflow.start('syncSource', { taskQueue: TEST_TASK_QUEUE, workflowId: `sync-sdi-${Date.now()}`, args: [{ source: 'sdi_drop' }] });
    const r = (await handle.result()) as SyncReport;
    return Object.fromEntries(r.streams.map((s) => [s.sync!.stream, s]));
  };

  it('reads every document of every matching file: invoices, lines, the customers; purchases skipped, an unsupported version quarantined', async () => {
    const s = await sync();
    expect(s.invoices!.counts).toEqual({ read: 10, inserted: 7, updated: 0, unchanged: 0, merged: 0, rejected: 1, skipped: 2 });
    expect(s.invoice_lines!.counts).toMatchObject({ read: 12, inserted: 12, rejected: 0 });
    // One account per customer tax id, whichever file and document named it.
    expect(s.accounts!.counts).toMatchObject({ read: 7, inserted: 4, merged: 3, rejected: 0 });
    expect(await db('accounts').whereNotNull('tax_id').orderBy('tax_id').pluck('tax_id')).toEqual(['02468130584', '1234563218', '80012340586', '9517538522']);

    const invoices = await db('invoices').where({ source_system_code: 'sdi_drop' }).orderBy('number').select('number', 'kind', 'total_gross_minor', 'currency', 'corrects_external_id');
    expect(invoices.map((i) => [i.number, i.kind, Number(i.total_gross_minor)])).toEqual([
      ['2024/101', 'invoice', 131920], ['2024/115', 'invoice', 78030], ['2024/120', 'deposit', 366000],
      ['FK/2026/02/0003', 'credit_note', -61500], ['FV/2026/02/0017', 'invoice', 270200], ['FZ/2026/03/0002', 'deposit', 492000],
      ['NC-2024/7', 'credit_note', -22570],
    ]);
    expect(invoices.find((i) => i.number === 'FK/2026/02/0003')!.corrects_external_id).toMatch(/FV\/2026\/02\/0017/);
    // Every line belongs to its invoice and its customer, in the invoice's currency.
    const orphans = await db.raw(`SELECT count(*) AS n FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.account_id <> i.account_id OR l.currency <> i.currency`);
    expect(orphans.rows[0].n).toBe('0');

    const quarantined = await db('rejected_rows').where({ sync_run_id: s.invoices!.runId }).orderBy('row_number').select('reason', 'status', 'issues', 'place');
    expect(quarantined.map((q) => [q.reason, q.status])).toEqual([['purchase_document', 'skipped'], ['purchase_document', 'skipped'], ['unreadable_document', 'open']]);
    const unreadable = quarantined.find((q) => q.reason === 'unreadable_document')!;
    expect(unreadable.issues[0].message).toMatch(/unsupported-versione-FPR11\.xml: unsupported FatturaPA version "FPR11"/);
    expect(unreadable.place).toMatchObject({ file: 'unsupported-versione-FPR11.xml' });
  });

  it('reads each version of a file once: nothing new, nothing read; a changed file is read again and changes only what changed', async () => {
    const again = await sync();
    for (const stream of ['accounts', 'invoices', 'invoice_lines']) expect(again[stream]!.counts.read, stream).toBe(0);

    // The credit note is sent again with another amount (a new version of the file).
    const path = join(folder, 'IT12345670017_00002.xml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/<ImportoTotaleDocumento>225\.70<\/ImportoTotaleDocumento>/, '<ImportoTotaleDocumento>225.71</ImportoTotaleDocumento>'));
    const changed = await sync();
    expect(changed.invoices!.counts).toMatchObject({ read: 1, updated: 1 });
    expect(changed.invoice_lines!.counts).toMatchObject({ read: 1, unchanged: 1 });
    expect(changed.accounts!.counts).toMatchObject({ read: 1, unchanged: 1 });
    expect(Number((await db('invoices').where({ number: 'NC-2024/7' }).first()).total_gross_minor)).toBe(-22571);
  });
});
