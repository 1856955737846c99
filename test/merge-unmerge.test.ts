/**
 * Merges and unmerges against a real PostgreSQL: references follow the survivor, survivorship
 * picks the golden values, and an unmerge restores every table exactly (compared as jsonb text,
 * so a bigint or a microsecond that moved would show).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyMergePlan } from '../activities/merge/apply-merge-plan';
import { mergeRecords } from '../activities/merge/merge-records';
import { unmerge } from '../activities/merge/unmerge';
import { syncMatchProfiles } from '../activities/match/match-profiles';
import { freshTestDatabase } from './support/test-database';

const SNAPSHOT_TABLES: [table: string, order: string][] = [
  ['accounts', 'id'], ['contacts', 'id'], ['account_potentials', 'id'], ['source_records', 'id'], ['match_profiles', 'entity_type, record_id'],
];

async function snapshot(db: Knex): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [t, order] of SNAPSHOT_TABLES) {
    const { rows } = await db.raw<{ rows: { r: string }[] }>(`SELECT to_jsonb(t)::text AS r FROM ${t} t ORDER BY ${order}`);
    out[t] = rows.map((x) => x.r);
  }
  return out;
}

interface Fixture { a: string; b: string; c: string; child: string; contactB: string; contactC: string }

/** The example: the same company from the ERP, the shop and an old Excel. */
async function seed(db: Knex): Promise<Fixture> {
  await db('source_systems').insert([
    { code: 'erp', label: 'ERP', kind: 'erp', connector_code: 'spreadsheet' },
    { code: 'shop', label: 'Shop', kind: 'ecommerce', connector_code: 'spreadsheet' },
    { code: 'xls', label: 'Old Excel', kind: 'spreadsheet', connector_code: 'spreadsheet' },
  ]).onConflict('code').ignore();
  const ins = async (row: Record<string, unknown>, createdAt: string) => {
    const [r] = await db('accounts').insert({ ...row, created_at: createdAt, updated_at: createdAt }).returning('id');
    return r.id as string;
  };
  const a = await ins({ name: 'Distribuciones Pérez', legal_name: 'Distribuciones Pérez S.L.', legal_form: 'S.L.', tax_id: 'B12345674', tax_id_country: 'ES', tax_id_kind: 'es_nif', country_code: 'ES', city: 'Madrid' }, '2024-01-01T10:00:00.123456Z');
  const b = await ins({ name: 'distribuciones perez', email: 'distribucionesperez@gmail.com', country_code: 'ES' }, '2025-01-01T10:00:00Z');
  const c = await ins({ name: 'DISTRIBUCIONES PEREZ', legal_name: 'DISTRIBUCIONES PEREZ SL', legal_form: 'SL', phone: '+34600123123', notes: 'cliente antiguo' }, '2023-06-01T10:00:00Z');
  const child = await ins({ name: 'Pérez Logística', parent_account_id: c }, '2025-02-01T10:00:00Z');
  const [{ id: contactB }] = await db('contacts').insert({ account_id: b, first_name: 'Ana', email: 'ana@gmail.com' }).returning('id');
  const [{ id: contactC }] = await db('contacts').insert({ account_id: c, first_name: 'Luis', phone: '+34600999888' }).returning('id');
  await db('account_potentials').insert([
    { account_id: a, year: 2026, potential_micros: '9007199254740993', currency_code: 'EUR' }, // 2^53 + 1: not a JS number
    { account_id: b, year: 2026, potential_micros: '5000000', currency_code: 'EUR' },
    { account_id: c, year: 2025, potential_micros: '7000000', currency_code: 'EUR' },
  ]);
  const sr = (system: string, ext: string, crmId: string, payload: Record<string, unknown>, seen: string) =>
    ({ source_system_code: system, entity_type: 'account', external_id: ext, crm_id: crmId, data_hash: ext, payload: JSON.stringify(payload), resolved_by: 'new', last_seen_at: seen, first_seen_at: seen });
  await db('source_records').insert([
    sr('erp', 'C001', a, { name: 'Distribuciones Pérez', legal_name: 'Distribuciones Pérez S.L.', legal_form: 'S.L.', tax_id: 'B12345674', tax_id_country: 'ES', tax_id_kind: 'es_nif', city: 'Madrid', country_code: 'ES' }, '2026-01-01T00:00:00Z'),
    sr('shop', 'u-77', b, { name: 'distribuciones perez', email: 'distribucionesperez@gmail.com', country_code: 'ES' }, '2026-02-01T00:00:00Z'),
    sr('xls', 'row-9', c, { name: 'DISTRIBUCIONES PEREZ', legal_name: 'DISTRIBUCIONES PEREZ SL', legal_form: 'SL', phone: '+34600123123' }, '2026-03-01T00:00:00Z'),
  ]);
  await db('match_profiles').insert([
    { entity_type: 'accounts', record_id: a, profile: JSON.stringify({ id: a, name: 'perez distrib' }), block_keys: ['n:perez distrib', 't:ES:B12345674'] },
    { entity_type: 'accounts', record_id: b, profile: JSON.stringify({ id: b, name: 'perez distrib' }), block_keys: ['n:perez distrib'] },
  ]);
  return { a, b, c, child, contactB, contactC };
}

describe('merge and unmerge', () => {
  let db: Knex;
  let f: Fixture;
  beforeAll(async () => {
    db = await freshTestDatabase();
  });
  afterAll(async () => db?.destroy());
  beforeEach(async () => {
    await db.raw('TRUNCATE accounts, contacts, account_potentials, source_records, match_profiles, merge_history, match_decisions, review_queue CASCADE');
    f = await seed(db);
  });

  it('merges: references follow the survivor, golden values by survivorship, history and decisions recorded', async () => {
    const mergeId = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b, f.c], rule: 'score', decidedBy: 'auto', scores: [{ a: f.a, b: f.b, weight: 12.5 }] });
    const accounts = new Map((await db('accounts').select('*')).map((r) => [r.id, r]));
    expect(accounts.get(f.b)).toMatchObject({ merged_into_id: f.a });
    expect(accounts.get(f.b).deleted_at).not.toBeNull();
    expect(accounts.get(f.c)).toMatchObject({ merged_into_id: f.a });
    expect(accounts.get(f.child).parent_account_id).toBe(f.a);
    expect(accounts.get(f.a)).toMatchObject({
      name: 'Distribuciones Pérez', legal_name: 'Distribuciones Pérez S.L.', tax_id: 'B12345674', // ERP first
      phone: '+34600123123', email: 'distribucionesperez@gmail.com', // most recent non-empty
      city: 'Madrid', notes: 'cliente antiguo', merged_into_id: null, deleted_at: null,
    });
    expect(await db('contacts').whereIn('id', [f.contactB, f.contactC]).pluck('account_id')).toEqual([f.a, f.a]);
    expect(await db('source_records').distinct().pluck('crm_id')).toEqual([f.a]);
    const potentials = await db('account_potentials').orderBy('year').select('account_id', 'year', db.raw('potential_micros::text AS micros'));
    expect(potentials).toEqual([{ account_id: f.a, year: 2025, micros: '7000000' }, { account_id: f.a, year: 2026, micros: '9007199254740993' }]);
    expect(await db('match_profiles').pluck('record_id')).toEqual([f.a]); // the absorbed record's profile is gone
    const h = await db('merge_history').where({ id: mergeId }).first();
    expect(h).toMatchObject({ entity_type: 'accounts', survivor_id: f.a, rule: 'score', decided_by: 'auto', undone_at: null });
    expect([...h.absorbed_ids].sort()).toEqual([f.b, f.c].sort());
    expect(h.lineage.legal_name).toMatchObject({ from: 'source', sourceSystem: 'erp', externalId: 'C001' });
    expect(h.changes).toContainEqual({ table: 'contacts', pk: f.contactB, column: 'account_id', old: f.b, new: f.a });
    // The identity map's image names each re-pointed source record and keeps its old crm_id, not its payload.
    const moved = await db('source_records').whereIn('external_id', h.before_images.source_records.map((r: { external_id: string }) => r.external_id)).select('id', 'source_system_code', 'external_id');
    expect(h.before_images.source_records).toEqual(expect.arrayContaining(moved.map((r) => ({ ...r, id: Number(r.id), crm_id: expect.stringMatching(new RegExp(`^(${f.b}|${f.c})$`)) }))));
    expect(h.before_images.source_records.every((r: object) => Object.keys(r).sort().join() === 'crm_id,external_id,id,source_system_code')).toBe(true);
    expect(await db('match_decisions').orderBy('id').pluck('decision')).toEqual(['duplicate', 'duplicate']);
  });

  it('unmerge of records merged without profiles (a dedupe profiles its survivors afterwards): the survivor\'s merged profile goes, and a sync rebuilds each from its own values', async () => {
    await db('match_profiles').del();
    const mergeId = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b, f.c], rule: 'score', decidedBy: 'auto' });
    await syncMatchProfiles(db, 'accounts', { matched: true });
    const merged = await db('match_profiles').where({ record_id: f.a }).first();
    expect(merged.profile).toMatchObject({ emails: ['distribucionesperez@gmail.com'], phones: ['+34600123123'] }); // the absorbed records' values
    await unmerge(db, mergeId, { decidedBy: 'user:test' });
    expect(await db('match_profiles').whereIn('record_id', [f.a, f.b, f.c]).pluck('record_id')).toEqual([]);
    await syncMatchProfiles(db, 'accounts', { matched: true });
    const profiles = new Map((await db('match_profiles').whereIn('record_id', [f.a, f.b, f.c])).map((p) => [p.record_id, p.profile]));
    expect(profiles.get(f.a)).toMatchObject({ emails: [], phones: [] });
    expect(profiles.get(f.b)).toMatchObject({ emails: ['distribucionesperez@gmail.com'] });
    expect(profiles.get(f.c)).toMatchObject({ phones: ['+34600123123'] });
  });

  it('unmerge restores every table exactly and remembers the pair as not a duplicate', async () => {
    const before = await snapshot(db);
    const mergeId = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b, f.c], rule: 'score', decidedBy: 'auto' });
    expect(await snapshot(db)).not.toEqual(before);
    // The matcher rebuilds the survivor's profile after the merge: unmerge still restores the old one.
    await db('match_profiles').where({ record_id: f.a }).update({ profile: JSON.stringify({ rebuilt: true }), updated_at: db.fn.now() });
    const r = await unmerge(db, mergeId, { decidedBy: 'user:test' });
    expect(r.survivorId).toBe(f.a);
    expect(await snapshot(db)).toEqual(before);
    const decisions = await db('match_decisions').select('record_a', 'record_b', 'decision');
    expect(decisions).toHaveLength(2);
    expect(decisions.every((d) => d.decision === 'not_duplicate' && d.record_a < d.record_b)).toBe(true);
    expect(await db('merge_history').where({ id: mergeId }).first('undone_by')).toEqual({ undone_by: 'user:test' });
    await expect(unmerge(db, mergeId, { decidedBy: 'user:test' })).rejects.toThrow(/already undone/);
    // Remembered: the matcher may not merge the pair automatically again; a person still may.
    await expect(mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b], rule: 'score', decidedBy: 'auto' })).rejects.toThrow(/not to be duplicates/);
  });

  it('after the merge: a new source record stays with the survivor, a row someone deleted stays deleted', async () => {
    const mergeId = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b, f.c], rule: 'score', decidedBy: 'auto' });
    await db('source_records').insert({ source_system_code: 'shop', entity_type: 'account', external_id: 'u-99', crm_id: f.a, data_hash: 'x', payload: '{}', resolved_by: 'identity' });
    await db('account_potentials').where({ year: 2025 }).delete(); // C's potential, moved to A by the merge, then deleted by a person
    await unmerge(db, mergeId, { decidedBy: 'user:test' });
    expect(await db('source_records').where({ external_id: 'u-99' }).first('crm_id')).toEqual({ crm_id: f.a });
    expect(await db('source_records').where({ external_id: 'u-77' }).first('crm_id')).toEqual({ crm_id: f.b });
    // B's 2026 potential, which the merge removed (A kept its own), is back; C's stays deleted.
    expect(await db('account_potentials').orderBy('account_id').select('account_id', 'year')).toEqual(
      [{ account_id: f.a, year: 2026 }, { account_id: f.b, year: 2026 }].sort((x, y) => (x.account_id < y.account_id ? -1 : 1)));
  });

  it('refuses to undo a merge while a later merge of the same records stands', async () => {
    const first = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b], rule: 'score', decidedBy: 'auto' });
    const second = await mergeRecords(db, { entityType: 'accounts', survivorId: f.c, absorbedIds: [f.a], rule: 'manual', decidedBy: 'user:eva' });
    await expect(unmerge(db, first, { decidedBy: 'user:test' })).rejects.toThrow(new RegExp(`undo merge ${second} first`));
    await unmerge(db, second, { decidedBy: 'user:test' });
    await unmerge(db, first, { decidedBy: 'user:test' });
    expect(await db('accounts').whereNotNull('deleted_at').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });

  it('refuses an automatic merge of two different valid tax ids, and of merged records', async () => {
    await db('accounts').where({ id: f.b }).update({ tax_id: 'A58818501', tax_id_country: 'ES' });
    await expect(mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b], rule: 'score', decidedBy: 'auto' }))
      .rejects.toThrow(/two different valid tax ids \(ES:A58818501, ES:B12345674\)|two different valid tax ids \(ES:B12345674, ES:A58818501\)/);
    expect(await db('merge_history').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
    const id = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b], rule: 'manual', decidedBy: 'user:eva' });
    expect(id).toBeGreaterThan(0);
    await expect(mergeRecords(db, { entityType: 'accounts', survivorId: f.c, absorbedIds: [f.b], rule: 'manual', decidedBy: 'user:eva' })).rejects.toThrow(/already merged into/);
  });

  it('a field a person edited in the CRM survives a merge, and its edit mark is restored by unmerge', async () => {
    await db('accounts').where({ id: f.a }).update({ name: 'Pérez Distribuciones (Madrid)' }); // no crmhub.writer: a person
    expect(await db('accounts').where({ id: f.a }).first('user_edited_fields')).toEqual({ user_edited_fields: ['name'] });
    const before = await snapshot(db);
    const mergeId = await mergeRecords(db, { entityType: 'accounts', survivorId: f.a, absorbedIds: [f.b, f.c], rule: 'score', decidedBy: 'auto' });
    expect(await db('accounts').where({ id: f.a }).first('name', 'user_edited_fields')).toEqual({ name: 'Pérez Distribuciones (Madrid)', user_edited_fields: ['name'] });
    await unmerge(db, mergeId, { decidedBy: 'user:test' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('merges contacts: identity map follows, e-mails are unioned', async () => {
    await db('source_records').insert([
      { source_system_code: 'shop', entity_type: 'contact', external_id: 'c-1', crm_id: f.contactB, data_hash: 'h', payload: JSON.stringify({ first_name: 'Ana', email: 'ana@gmail.com' }), resolved_by: 'new' },
    ]);
    const before = await snapshot(db);
    const mergeId = await mergeRecords(db, { entityType: 'contacts', survivorId: f.contactC, absorbedIds: [f.contactB], rule: 'same_email', decidedBy: 'auto' });
    const survivor = await db('contacts').where({ id: f.contactC }).first();
    expect(survivor).toMatchObject({ first_name: 'Ana', email: 'ana@gmail.com', phone: '+34600999888' });
    expect(await db('source_records').where({ external_id: 'c-1' }).first('crm_id')).toEqual({ crm_id: f.contactC });
    await unmerge(db, mergeId, { decidedBy: 'user:test' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('applies a dedupe plan in bulk: merges, refusals, review pairs; each bulk merge unmerges exactly', async () => {
    const [d] = await db('accounts').insert([{ name: 'Otra Empresa', tax_id: 'A58818501', tax_id_country: 'ES' }]).returning('id');
    const [e1, e2] = await db('accounts').insert([{ name: 'Frutas Levante' }, { name: 'Frutas de Levante' }]).returning('id');
    const [g1, g2] = await db('accounts').insert([
      { name: 'Talleres García', tax_id: 'B63617229', tax_id_country: 'ES' }, { name: 'Talleres García', tax_id: 'B12345674', tax_id_country: 'PT' },
    ]).returning('id');
    const before = await snapshot(db);
    const pair = (a: string, b: string, probability: number) => ({ a, b, weight: 10, probability, evidence: null, contributions: [{ comparison: 'name', level: 'exact', weight: 10 }] });
    const r = await applyMergePlan(db, 'accounts', [
      { members: [f.b, f.a, f.c], decision: 'auto', reason: 'score', pairs: [pair(f.a, f.b, 0.999), pair(f.a, f.c, 0.995)] },
      { members: [f.child, d.id], decision: 'auto', reason: 'score', pairs: [pair(f.child, d.id, 0.999)] },
      { members: [e1.id, e2.id], decision: 'review', reason: 'between thresholds', pairs: [pair(e1.id, e2.id, 0.9)] },
      { members: [g1.id, g2.id], decision: 'auto', reason: 'score', pairs: [pair(g1.id, g2.id, 0.999)] }, // two different tax ids
    ], { clustersPerTransaction: 2 });
    expect(r).toMatchObject({ merges: 2, absorbed: 3, enqueued: 1 });
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]!.reason).toMatch(/two different valid tax ids/);
    expect(await db('accounts').whereIn('id', [f.a, f.b]).pluck('merged_into_id')).toEqual([f.c, f.c]); // the oldest (2023) survives
    expect(await db('accounts').where({ id: d.id }).first('merged_into_id')).toEqual({ merged_into_id: f.child });
    expect(await db('review_queue').where({ status: 'pending' }).count<{ n: string }[]>('* as n')).toEqual([{ n: '1' }]);

    for (const { id } of await db('merge_history').orderBy('id', 'desc').select('id')) await unmerge(db, Number(id), { decidedBy: 'user:test' });
    expect(await snapshot(db)).toEqual(before);
  });
});
