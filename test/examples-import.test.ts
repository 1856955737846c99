/**
 * The sample exports that `npm start` imports, end to end through Temporal into PostgreSQL:
 * each file's counts, rejected rows (by key and reason) and duplicates match examples/expected.ts,
 * so do the match stage's cross-source merges and review pairs (the shop's customers against the
 * ERP's), and importing them all again leaves every row unchanged.
 */
import { useImportHarness } from './support/import-harness';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/expected';
import { loadMappingFile, type Mapping } from '../domain/mapping';
import { runImport } from './support/run-import';

const ROOT = join(__dirname, '..');
// Accounts first: the contacts file refers to the Spanish customer codes.
const ORDERED = [...EXAMPLES].sort((a, b) => (a.entity === b.entity ? 0 : a.entity === 'accounts' ? -1 : 1));

const REASON: Record<string, string> = { unknown_account: 'unmatched_account' };
/** The field whose value a warning drops, by the generator's reason. */
const WARNED_FIELD: Record<string, string[]> = {
  invalid_tax_id: ['tax_id'], invalid_email: ['email'], unknown_lookup_value: ['relationship_type', 'category', 'industry', 'zone', 'status_tier'],
};

describe('examples/ imported end to end', () => {
  const h = useImportHarness();
  let env: TestWorkflowEnvironment;
  let db: Knex;
  beforeAll(() => ({ db, env } = h));

  for (const ex of ORDERED) {
    const matches = ex.crossSourceMatches.length ? `, ${ex.expectedAutoMerges} merged into other sources' accounts, ${ex.expectedReviewPairs} to review` : '';
    it(`${ex.file}: ${ex.rows} rows, ${ex.expectedRejected} rejected, ${ex.duplicates.length} duplicate(s)${matches}`, async () => {
      const mapping: Mapping = await loadMappingFile(join(ROOT, ex.mapping));
      const r = await runImport(env.client, { file: join(ROOT, ex.file), entity: ex.entity, mapping });
      expect(r.counts).toEqual({
        read: ex.rows, inserted: ex.expectedImported, updated: 0, unchanged: 0, merged: ex.duplicates.length, rejected: ex.expectedRejected, skipped: 0,
      });
      expect(r.warnings.total).toBe(ex.expectedWarnings);
      const keyColumn = Object.entries(mapping.columns).find(([, m]) => m === 'external_id' || (typeof m === 'object' && 'field' in m && m.field === 'external_id'))?.[0];
      const rejects = await db('rejected_rows').where({ sync_run_id: r.runId }).orderBy('row_number');
      const got = rejects.map((x) => [new Map<string, unknown>(x.raw).get(keyColumn!), x.reason, x.file_name]);
      expect(got).toEqual(ex.rejects.map((e) => [e.key, REASON[e.reason], ex.file.split('/').pop()]));
      // Each bad value is a warning on its row, naming its column and the value as written.
      const warnings = await db('row_warnings').where({ sync_run_id: r.runId }).orderBy('row_number');
      expect(warnings.map((w) => [w.column, w.raw_value])).toEqual(ex.warnings.map((w) => [w.column, w.value]));
      for (const [k, w] of ex.warnings.entries()) expect(WARNED_FIELD[w.reason]).toContain(warnings[k].field);
      // The match stage against the accounts already loaded: exactly the declared merges and review pairs.
      expect(r.match).toMatchObject({ merges: ex.expectedAutoMerges, reviewQueued: ex.expectedReviewPairs });
      const crmIdOf = async (source: string | undefined, key: string): Promise<string> =>
        (await db('source_records').where({ source_system_code: source, external_id: key }).first()).crm_id;
      for (const m of ex.crossSourceMatches) {
        const [ours, theirs] = [await crmIdOf(mapping.source, m.key), await crmIdOf(m.source, m.matchesKey)];
        if (m.decision === 'auto_merge') {
          expect(ours, `${m.key} merged into ${m.matchesKey}`).toBe(theirs);
          const history = await db('merge_history').where({ survivor_id: ours, decided_by: 'auto' }).whereNull('undone_at');
          expect(history).toHaveLength(1);
          expect(history[0].absorbed_ids).toHaveLength(1);
        } else {
          expect(ours).not.toBe(theirs);
          const [a, b] = [ours, theirs].sort();
          expect(await db('review_queue').where({ record_a: a, record_b: b, status: 'pending' }), `${m.key} queued with ${m.matchesKey}`).toHaveLength(1);
        }
      }
      if (ex.crossSourceMatches.length > 0) {
        // Every other row (new customers, the namesake) stays an account of its own, not even queued.
        const declared = new Set(ex.crossSourceMatches.map((m) => m.key));
        const others = await db('source_records').where({ source_system_code: mapping.source }).whereNotIn('external_id', [...declared]);
        expect(others).toHaveLength(ex.expectedImported - declared.size);
        for (const o of others) {
          expect(await db('source_records').where({ crm_id: o.crm_id }), o.external_id).toHaveLength(1);
          expect(await db('review_queue').where({ record_a: o.crm_id }).orWhere({ record_b: o.crm_id }), o.external_id).toHaveLength(0);
        }
      }
      for (const d of ex.duplicates) {
        const source = await db('source_records').where({ source_system_code: mapping.source, external_id: d.key }).first();
        const original = await db('source_records').where({ source_system_code: mapping.source, external_id: d.duplicateOfKey }).first();
        expect(source.crm_id).toBe(original.crm_id); // one customer, one record
        expect(source.resolved_by).toBe(d.by);
      }
    });
  }

  it('importing every example again leaves every row unchanged', async () => {
    for (const ex of ORDERED) {
      const mapping = await loadMappingFile(join(ROOT, ex.mapping));
      const r = await runImport(env.client, { file: join(ROOT, ex.file), entity: ex.entity, mapping }, 'again');
      expect(r.counts).toEqual({ read: ex.rows, inserted: 0, updated: 0, unchanged: ex.rows - ex.expectedRejected, merged: 0, rejected: ex.expectedRejected, skipped: 0 });
    }
  });

  it('stores normalized values from every country', async () => {
    const ru = await db('accounts').where({ tax_id_country: 'RU' }).whereILike('name', '%Ромашка%').first();
    expect(ru).toMatchObject({ legal_form: 'ООО' });
    const es = await db('accounts').where({ tax_id_country: 'ES' }).whereNotNull('postcode').whereLike('postcode', '0%').first();
    expect(es.postcode).toMatch(/^0\d{4}$/); // leading zero kept
    const phones = await db('accounts').whereNotNull('phone').pluck('phone');
    expect(phones.every((p: string) => /^\+\d{8,15}$/.test(p))).toBe(true);
    const contact = await db('contacts').whereNotNull('account_id').first();
    expect(contact.email).toBe(contact.email.toLowerCase());
  });
});
