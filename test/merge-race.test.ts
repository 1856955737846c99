/**
 * A merge racing a sync of the same account, both ways round, on a real PostgreSQL with two
 * connections: the import runs its real activities (prepare, load, finalize) while a merge holds
 * the account's lock, and a merge runs while an import batch holds it. No update is lost (the
 * sync's new value ends on the survivor), nothing points at the absorbed record, counts add up.
 *
 * The activities are called directly rather than through a Temporal workflow: the interleaving
 * is the subject here, and it is forced from inside PostgreSQL (an open transaction, pg_sleep).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finalizeImport } from '../activities/import/finalize-import';
import { loadImportRows } from '../activities/import/load-import-rows';
import { prepareImport } from '../activities/import/prepare-import';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { mergeInTransaction, mergeRecords } from '../activities/merge/merge-records';
import { freshTestDatabase } from './support/test-database';

const dir = mkdtempSync(join(tmpdir(), 'crmhub-race-'));
let fileNo = 0;

const ACCOUNTS = {
  version: 1, entity: 'accounts', locale: 'es',
  columns: { 'Código': 'external_id', 'Razón social': 'name', NIF: 'tax_id', 'Teléfono': 'phone', Email: 'email' },
};
const CONTACTS = {
  version: 1, entity: 'contacts', source: 'shop', locale: 'es',
  columns: { Id: 'external_id', Nombre: 'first_name', Email: 'email', Cliente: 'account_external_id' },
};

async function importRows(db: Knex, mapping: Record<string, unknown>, source: string, lines: string[]): Promise<ImportReport> {
  const file = join(dir, `f${++fileNo}.csv`);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  const prepared = await prepareImport(db, { file, entity: mapping.entity, mapping: { ...mapping, source }, source, match: false }, { workflowId: `race-${fileNo}`, runId: 'r' });
  await loadImportRows({ db }, prepared.runId);
  return finalizeImport(db, prepared.runId);
}

const erpLine = (phone: string) => ['Código;Razón social;NIF;Teléfono;Email', `C001;Distribuciones Pérez, S.L.;B12345674;${phone};info@perez.es`];
const shopLine = (phone: string) => ['Código;Razón social;NIF;Teléfono;Email', `u-77;distribuciones perez;;${phone};distribucionesperez@gmail.com`];

/** Waits until some backend is in the given wait state (a lock wait, a pg_sleep). */
async function waitForBackend(db: Knex, where: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND ${where}`);
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no backend reached: ${where}`);
}

const countsAddUp = (r: ImportReport) => r.counts.inserted + r.counts.updated + r.counts.unchanged + r.counts.merged + r.counts.rejected === r.counts.read;

describe('a merge racing a sync of the same account', () => {
  let db: Knex;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = await freshTestDatabase();
  });
  afterAll(async () => db?.destroy());
  beforeEach(async () => {
    await db.raw('DROP TRIGGER IF EXISTS slow_identity_map ON source_records');
    await db.raw('TRUNCATE accounts, contacts, account_potentials, source_records, merge_history, match_decisions, review_queue, rejected_rows, sync_runs CASCADE');
    await importRows(db, ACCOUNTS, 'erp', erpLine('912345678'));
    await importRows(db, ACCOUNTS, 'shop', shopLine('600111111'));
    a = (await db('source_records').where({ external_id: 'C001' }).first('crm_id')).crm_id;
    b = (await db('source_records').where({ external_id: 'u-77' }).first('crm_id')).crm_id;
    expect(a).not.toBe(b);
  });

  async function expectNothingPointsAtAbsorbed(): Promise<void> {
    expect(await db('accounts').where({ id: b }).first('merged_into_id')).toEqual({ merged_into_id: a });
    expect(await db('source_records').where({ entity_type: 'account', crm_id: b }).count<{ n: string }[]>('* as n')).toEqual([{ n: '0' }]);
    expect(await db('contacts').where({ account_id: b }).count<{ n: string }[]>('* as n')).toEqual([{ n: '0' }]);
    expect(await db('accounts').whereNull('deleted_at').count<{ n: string }[]>('* as n')).toEqual([{ n: '1' }]);
  }

  it('sync while the merge holds the lock: the sync waits, then writes to the survivor', async () => {
    const merging = await db.transaction();
    try {
      await mergeInTransaction(merging, { entityType: 'accounts', survivorId: a, absorbedIds: [b], rule: 'test', decidedBy: 'auto' });
      // The merge is done but not committed: the sync of the absorbed account and a contacts import
      // that references it both start now.
      const sync = importRows(db, ACCOUNTS, 'shop', shopLine('600222222'));
      const contacts = importRows(db, CONTACTS, 'shop', ['Id;Nombre;Email;Cliente', 'k-1;Ana;ana@gmail.com;u-77']);
      await waitForBackend(db, `wait_event_type = 'Lock'`);
      await merging.commit();
      const [syncReport, contactsReport] = await Promise.all([sync, contacts]);
      expect(syncReport.counts).toMatchObject({ read: 1, updated: 1, rejected: 0 });
      expect(contactsReport.counts).toMatchObject({ read: 1, inserted: 1, rejected: 0 });
      expect(countsAddUp(syncReport) && countsAddUp(contactsReport)).toBe(true);
    } finally {
      if (!merging.isCompleted()) await merging.rollback();
    }
    expect(await db('accounts').where({ id: a }).first('phone')).toEqual({ phone: '+34600222222' }); // not lost
    expect(await db('contacts').where({ email: 'ana@gmail.com' }).first('account_id')).toEqual({ account_id: a });
    await expectNothingPointsAtAbsorbed();
  });

  it('merge while a sync batch holds the lock: the merge waits and keeps the sync\'s value', async () => {
    // Slow the identity-map write down: the batch then holds its account locks for a second.
    await db.raw(`CREATE OR REPLACE FUNCTION slow_identity_map() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.external_id = 'u-77' AND TG_OP = 'UPDATE' AND NEW.data_hash IS DISTINCT FROM OLD.data_hash THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$`);
    await db.raw(`CREATE TRIGGER slow_identity_map BEFORE UPDATE ON source_records FOR EACH ROW EXECUTE FUNCTION slow_identity_map()`);
    const sync = importRows(db, ACCOUNTS, 'shop', shopLine('600333333'));
    await waitForBackend(db, `wait_event = 'PgSleep'`);
    const merge = mergeRecords(db, { entityType: 'accounts', survivorId: a, absorbedIds: [b], rule: 'test', decidedBy: 'auto' });
    const syncReport = await sync;
    const mergeId = await merge;
    expect(syncReport.counts).toMatchObject({ read: 1, updated: 1 });
    expect(countsAddUp(syncReport)).toBe(true);
    expect(await db('accounts').where({ id: a }).first('phone')).toEqual({ phone: '+34600333333' }); // the shop's phone is the most recent
    const h = await db('merge_history').where({ id: mergeId }).first(db.raw(`before_images->'accounts' AS accounts`));
    expect(h.accounts.find((r: { id: string }) => r.id === b).phone).toBe('+34600333333'); // the merge saw the committed sync
    await expectNothingPointsAtAbsorbed();
  });

  it('a re-import after the merge updates the survivor, never the absorbed record, and keeps user edits', async () => {
    await mergeRecords(db, { entityType: 'accounts', survivorId: a, absorbedIds: [b], rule: 'test', decidedBy: 'auto' });
    await db('accounts').where({ id: a }).update({ email: 'compras@perez.es' }); // a person's edit in the CRM
    const absorbedBefore = await db('accounts').where({ id: b }).first();
    const r = await importRows(db, ACCOUNTS, 'shop', ['Código;Razón social;NIF;Teléfono;Email', 'u-77;distribuciones perez;;600444444;otro@gmail.com']);
    expect(r.counts).toMatchObject({ read: 1, updated: 1 });
    expect(await db('accounts').where({ id: a }).first('phone', 'email', 'user_edited_fields'))
      .toEqual({ phone: '+34600444444', email: 'compras@perez.es', user_edited_fields: ['email'] });
    expect(await db('accounts').where({ id: b }).first()).toEqual(absorbedBefore);
    await expectNothingPointsAtAbsorbed();
  });
});
