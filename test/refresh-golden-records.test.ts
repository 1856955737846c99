/**
 * After an import, every record the run fed that has another source is recomputed by
 * survivorship, page after page of 1,000 ids (activities/match/refresh-golden-records.ts), and
 * only those. Real PostgreSQL; 2,300 two-source records make three pages, so the keyset
 * condition of the later pages (`sr.id > after`, in `source_records_run_idx` order) is used; ten
 * of them have a second row of the run in the last page, and are still recomputed once.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshGoldenRecords } from '../activities/match/refresh-golden-records';
import { freshTestDatabase } from './support/test-database';

let db: Knex;
const RUN = 7;

/** Accounts `from`..`to`-1, each with a source record per system (its run, or null). */
async function accountsWithSources(from: number, to: number, sources: { system: string; runId: number | null }[]): Promise<void> {
  const accounts: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const id = randomUUID();
    accounts.push({ id, name: `Account ${i}` });
    for (const s of sources) {
      records.push({
        source_system_code: s.system, entity_type: 'account', external_id: `${s.system}-${i}`, crm_id: id,
        data_hash: `h${i}`, payload: JSON.stringify({ name: `Account ${i} (${s.system})` }), resolved_by: 'test', last_run_id: s.runId,
      });
    }
  }
  await db.batchInsert('accounts', accounts, 500);
  await db.batchInsert('source_records', records, 500);
}

beforeAll(async () => {
  db = await freshTestDatabase();
  await accountsWithSources(0, 2300, [{ system: 'erp', runId: null }, { system: 'shop', runId: RUN }]);
  await accountsWithSources(2300, 2600, [{ system: 'shop', runId: RUN }]); // one source: nothing to recompute
  await accountsWithSources(2600, 2700, [{ system: 'erp', runId: 3 }, { system: 'shop', runId: 4 }]); // another run's
  // Two rows of the run's export resolved to one account: its second row lands pages later.
  const first = await db('source_records').where({ source_system_code: 'erp' }).orderBy('id').limit(10).pluck('crm_id');
  await db('source_records').insert(first.map((crmId: string, i: number) => ({
    source_system_code: 'shop', entity_type: 'account', external_id: `shop-twin-${i}`, crm_id: crmId,
    data_hash: `t${i}`, payload: JSON.stringify({ name: `Twin ${i}` }), resolved_by: 'test', last_run_id: RUN,
  })));
  await db.raw('ANALYZE source_records');
});
afterAll(async () => {
  await db?.destroy();
});

it('recomputes each record of the run that has another source, once, across pages', async () => {
  let pages = 0;
  expect(await refreshGoldenRecords(db, 'accounts', RUN, () => pages++)).toBe(2300);
  expect(pages).toBe(3);
});
