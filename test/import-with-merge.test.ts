/**
 * Issue 4's story end to end (real PostgreSQL, real Temporal): the same company arrives from the
 * ERP with its CIF, from an old Excel export without it, and from the shop with a gmail address.
 * The imports' match stage merges what the evidence supports (logged, reversible), sends the
 * doubtful pair to review, and never merges two companies with different valid tax ids.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { unmerge } from '../activities/merge';
import { dedupe } from '../activities/match/dedupe';
import { matchChangedRecords } from '../activities/match/incremental-match';
import { matchAfterImport } from '../activities/match/match-after-import';
import { syncMatchProfiles } from '../activities/match/match-profiles';
import type { MatchSummary } from '../activities/match/match-summary';
import { useImportHarness } from './support/import-harness';
import { companyImporter, ERP, EXCEL } from './support/spanish-companies';

// Another company with the same name but its own valid CIF: a namesake, never merged.
const NAMESAKE = ['N2;Servicios Integrales Levante S.L.;B03123452;965 000 111;;;Calle Alicante 1;03001;Alicante'];


describe('imports merge duplicates across sources (match stage)', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  beforeAll(() => ({ db, env } = h));
  const importRows = companyImporter(() => env.client, 'crmhub-match-');
  const live = (name: string) => db('accounts').whereNull('deleted_at').whereILike('name', `%${name}%`).orderBy('created_at');

  it('merges the Excel rows into the ERP accounts, with history and lineage', async () => {
    const erp = await importRows('erp.csv', 'erp_es', ERP, 'erp');
    expect(erp.counts).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    const excel = await importRows('excel.csv', 'old_excel', EXCEL);
    expect(excel.counts).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    const match = excel.match as MatchSummary;
    expect(match).toMatchObject({ mode: 'incremental', records: 2, merges: 2, recordsAbsorbed: 2 });

    const perez = await live('Pérez');
    expect(perez).toHaveLength(1);
    // Survivorship: the ERP's legal name and tax id win over the old Excel's capitals.
    expect(perez[0]).toMatchObject({ name: 'Distribuciones Pérez', tax_id: 'B12345674', legal_form: 'S.L.', phone: '+34912345678', postcode: '28013' });
    // Both sources now point at the one account; the absorbed card is a tombstone, not deleted.
    const identities = await db('source_records').where({ crm_id: perez[0].id }).orderBy('source_system_code').pluck('source_system_code');
    expect(identities).toEqual(['erp_es', 'old_excel']);
    const tombstones = await db('accounts').where({ merged_into_id: perez[0].id });
    expect(tombstones).toHaveLength(1);
    expect(tombstones[0].deleted_at).not.toBeNull();

    const history = await db('merge_history').where({ survivor_id: perez[0].id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ entity_type: 'accounts', decided_by: 'auto', absorbed_ids: [tombstones[0].id] });
    expect(history[0].scores[0].contributions.length).toBeGreaterThan(3); // explained, field by field
  });

  it('a re-import of the Excel keeps the ERP’s name (source priority) and takes its newer phone (most recent)', async () => {
    const changed = [EXCEL[0]!.replace('+34 912345678', '915 555 000'), EXCEL[1]!];
    const r = await importRows('excel-2.csv', 'old_excel', changed);
    expect(r.counts).toMatchObject({ read: 2, updated: 1, unchanged: 1 });
    expect(r.match).toMatchObject({ recomputed: 1, merges: 0 });
    const [perez] = await live('Pérez');
    expect(perez).toMatchObject({ name: 'Distribuciones Pérez', legal_form: 'S.L.', tax_id: 'B12345674', phone: '+34915555000' });
    expect(perez.additional_phones).toContain('+34912345678'); // the ERP's phone is kept, as a second one
  });

  it('never merges a namesake with another valid tax id, and a full dedupe agrees', async () => {
    const r = await importRows('namesake.csv', 'erp_alicante', NAMESAKE, 'erp');
    // Its one candidate, the Valencia namesake, is found by the name blocking and never merged: two valid tax ids.
    expect(r.match).toMatchObject({ records: 1, candidates: 1, candidatePairs: 1, merges: 0, reviewQueued: 0 });
    expect(await live('Servicios Integrales Levante')).toHaveLength(2);
    const { summary } = await dedupe(db, { entity: 'accounts', dryRun: false });
    expect(summary).toMatchObject({ records: 4, merges: 0, reviewQueued: 0 });
    expect(await live('Servicios Integrales Levante')).toHaveLength(2);
    expect(await db('review_queue').where({ status: 'pending' })).toHaveLength(0);
  });

  it('an undone merge restores both accounts and is never proposed again', async () => {
    const [perez] = await live('Pérez');
    const merge = await db('merge_history').where({ survivor_id: perez.id }).first();
    const both = [merge.survivor_id, ...merge.absorbed_ids];
    const liveOfBoth = () => db('accounts').whereIn('id', both).whereNull('deleted_at').orderBy('created_at');
    await unmerge(db, Number(merge.id), { decidedBy: 'user:test' });
    expect((await liveOfBoth()).map((a) => a.name)).toEqual(['Distribuciones Pérez', 'DISTRIBUCIONES PEREZ']);
    expect(await db('source_records').whereIn('crm_id', both).orderBy('source_system_code').pluck('source_system_code')).toEqual(['erp_es', 'old_excel']);
    const { summary } = await dedupe(db, { entity: 'accounts', dryRun: false });
    expect(summary).toMatchObject({ merges: 0, skippedDecidedPairs: 1 });
    expect(await liveOfBoth()).toHaveLength(2);
  });

  it('sends the shop’s weak match (same name and town, a gmail address) to review, then merges it on accept', async () => {
    const r = await importRows('shop.csv', 'shop', ['S1;distribuciones perez;;;distribucionesperez@gmail.com;;;28013;Madrid'], 'ecommerce');
    // Same name, postcode and town, but no tax id, phone or company e-mail: probable, not proven.
    expect(r.match).toMatchObject({ records: 1, merges: 0, clusters: { auto: 0, review: 1 } });
    const pending = await db('review_queue').where({ status: 'pending' });
    expect(pending.length).toBeGreaterThanOrEqual(1);
    const [shop] = await db('source_records').where({ source_system_code: 'shop' }).pluck('crm_id');
    for (const p of pending) {
      expect([p.record_a, p.record_b]).toContain(shop);
      expect(p.probability).toBeGreaterThanOrEqual(0.8);
      expect(p.probability).toBeLessThan(0.99);
    }
    const { acceptReview } = await import('../activities/merge');
    const accepted = await acceptReview(db, Number(pending[0].id), { by: 'ana' });
    expect(await db('merge_history').where({ id: accepted.mergeId }).first()).toMatchObject({ decided_by: 'review:ana' });
    expect(await db('accounts').where({ id: shop }).first()).toMatchObject({ merged_into_id: expect.any(String) });
    // The other pending pair of the same shop record is no longer pending once it is merged.
    const still = await db('review_queue').where({ status: 'pending' });
    expect(still.filter((p) => p.record_a === shop || p.record_b === shop)).toHaveLength(0);
  });

  it('a match stage retried after it wrote the profiles still matches the same records (the to-do list is durable)', async () => {
    const r = await importRows('late.csv', 'late_excel', ['L1;Talleres Garcia;;+34 931 234 567;;;Carrer Mallorca 200;08036;Barcelona', 'L2;Vidres Nous SL;;972 000 000;;;;17001;Girona'], undefined, { match: false });
    expect(r.match).toBeNull();
    // A first attempt that died right after refreshing the profiles:
    await syncMatchProfiles(db, 'accounts');
    const summary = await matchAfterImport(db, r.runId);
    // L1 and L2, plus the survivor the accepted review rewrote (a merge outside a match pass).
    expect(summary).toMatchObject({ records: 3, merges: 1, recordsAbsorbed: 1 });
    // The stage's own profile sync, its chunks' profile reads and the survivors' profiles rewritten after a chunk commits (close) are separate phases, all reported.
    expect(Object.keys(summary!.ms)).toEqual(expect.arrayContaining(['survivorship', 'sync_profiles', 'profiles', 'candidates', 'apply', 'close']));
    const garcia = await db('source_records').where({ source_system_code: 'late_excel', external_id: 'L1' }).first();
    expect(await db('accounts').where({ id: garcia.crm_id }).first()).toMatchObject({ tax_id: 'A58818501', deleted_at: null });
    const again = await matchChangedRecords(db, 'accounts', { decidedBy: 'auto' });
    expect(again).toMatchObject({ records: 0, merges: 0 });
  });
});
