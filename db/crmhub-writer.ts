/**
 * Marks a transaction's writes as crmhub's own. The user-edit trigger (migration 005) records
 * every other UPDATE of accounts and contacts as a person's edit, which syncs and merges then
 * never overwrite; so every crmhub transaction that writes them calls this first.
 */
import type { Knex } from 'knex';

export async function markCrmhubWriter(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`SET LOCAL crmhub.writer = 'crmhub'`);
}
