/**
 * A small ERP dataset for `npm start` (issue 10): invoices, lines, receivables and visits for the
 * demo's imported accounts, dated relative to today so that the shipped segmentation templates
 * find members whenever the demo runs. Deterministic: accounts sorted by name get one of eight
 * profiles in turn; external ids make a second run upsert the same rows.
 *
 * Profiles (turnover = net of the last 12 months, EUR):
 *   0 platinum 120,000.00, chairs and tables, category A, 3 visits
 *   1 gold 48,210.00, chairs only, category A, 6,050.00 overdue 75 days (credit hold), no visits
 *   2 silver 15,400.00, tables
 *   3 lapsed: 8,000.00 of chairs 700 days ago
 *   4 gold 41,000.00, chairs and tables, category A, 1 visit
 *   5 silver 10,000.00 exactly (the boundary), chairs; 1,200.00 due 20 days ago (no hold)
 *   6 nothing (a prospect)
 *   7 2,500.00 of chairs (a client without a tier)
 */
import type { Knex } from 'knex';
import { markCrmhubWriter } from '../../db/crmhub-writer';
import { addDays } from '../../domain/segmentation/windows';

export const DEMO_SOURCE = 'demo_erp';

interface Line { family: 'chairs' | 'tables'; minor: number; daysAgo: number }
interface Profile { lines: Line[]; overdue?: { minor: number; daysOverdue: number }; category?: string; visits?: number }

const PROFILES: Profile[] = [
  { lines: [{ family: 'chairs', minor: 4_000_000, daysAgo: 300 }, { family: 'tables', minor: 5_000_000, daysAgo: 150 }, { family: 'chairs', minor: 3_000_000, daysAgo: 20 }], category: 'A', visits: 3 },
  { lines: [{ family: 'chairs', minor: 2_000_000, daysAgo: 250 }, { family: 'chairs', minor: 1_821_000, daysAgo: 120 }, { family: 'chairs', minor: 1_000_000, daysAgo: 80 }], overdue: { minor: 605_000, daysOverdue: 75 }, category: 'A' },
  { lines: [{ family: 'tables', minor: 1_540_000, daysAgo: 60 }] },
  { lines: [{ family: 'chairs', minor: 800_000, daysAgo: 700 }] },
  { lines: [{ family: 'chairs', minor: 2_100_000, daysAgo: 200 }, { family: 'tables', minor: 2_000_000, daysAgo: 40 }], category: 'A', visits: 1 },
  { lines: [{ family: 'chairs', minor: 1_000_000, daysAgo: 90 }], overdue: { minor: 120_000, daysOverdue: 20 } },
  { lines: [] },
  { lines: [{ family: 'chairs', minor: 250_000, daysAgo: 10 }] },
];

export interface DemoFactCounts { accounts: number; invoices: number; receivables: number; visits: number }

export async function seedDemoFacts(db: Knex, asOf: string, maxAccounts = 24): Promise<DemoFactCounts> {
  return db.transaction(async (trx) => {
    await trx('source_systems').insert({ code: DEMO_SOURCE, label: 'Demo ERP', kind: 'erp', connector_code: 'sql' }).onConflict('code').ignore();
    await trx('product_families').insert([{ code: 'chairs', label: 'Chairs' }, { code: 'tables', label: 'Tables' }]).onConflict('code').ignore();
    const accounts = await trx('accounts').whereNull('deleted_at').orderBy([{ column: 'name' }, { column: 'id' }]).limit(maxAccounts).select('id', 'name', 'category_code');
    const counts: DemoFactCounts = { accounts: accounts.length, invoices: 0, receivables: 0, visits: 0 };
    await markCrmhubWriter(trx);
    for (const [i, a] of accounts.entries()) {
      const p = PROFILES[i % PROFILES.length]!;
      if (p.category && !a.category_code) await trx('accounts').where({ id: a.id }).update({ category_code: p.category });
      for (const [j, l] of p.lines.entries()) {
        const key = `${i}-${j}`;
        const date = addDays(asOf, -l.daysAgo);
        const [inv] = await trx('invoices').insert({
          source_system_code: DEMO_SOURCE, external_id: `inv-${key}`, account_id: a.id, number: `DEMO-${key}`, kind: 'invoice', status: 'posted',
          issue_date: date, due_date: addDays(date, 30), currency: 'EUR', total_net_minor: l.minor, total_gross_minor: Math.round(l.minor * 1.21), data_hash: `demo-${key}-${date}`,
        }).onConflict(['source_system_code', 'external_id']).merge().returning('id');
        await trx('invoice_lines').insert({
          source_system_code: DEMO_SOURCE, external_id: `line-${key}`, account_id: a.id, invoice_id: inv.id, line_no: 1, product_family: l.family,
          net_minor: l.minor, quantity: 1, issue_date: date, currency: 'EUR', data_hash: `demo-${key}-${date}`,
        }).onConflict(['source_system_code', 'external_id']).merge();
        counts.invoices++;
      }
      if (p.overdue) {
        const due = addDays(asOf, -p.overdue.daysOverdue);
        await trx('receivables').insert({
          source_system_code: DEMO_SOURCE, external_id: `rec-${i}`, account_id: a.id, document_number: `DEMO-R${i}`, due_date: due, currency: 'EUR',
          amount_due_minor: p.overdue.minor, status: 'open', as_of: new Date(), data_hash: `demo-rec-${i}-${due}`,
        }).onConflict(['source_system_code', 'external_id']).merge();
        counts.receivables++;
      }
      for (let v = 0; v < (p.visits ?? 0); v++) {
        await trx('activities').insert({
          source_system_code: DEMO_SOURCE, external_id: `visit-${i}-${v}`, account_id: a.id, kind: 'visit', occurred_at: new Date(`${addDays(asOf, -30 * (v + 1))}T09:00:00Z`), data_hash: `demo-visit-${i}-${v}`,
        }).onConflict(['source_system_code', 'external_id']).merge();
        counts.visits++;
      }
    }
    return counts;
  });
}
