/**
 * Survivorship on the import's write path (issue 8: one place decides field values). The CRM
 * records a batch updates or joins are recomputed from every source record that feeds them, by
 * the same rules a merge uses (domain/merge/survivorship-rules.ts): a spreadsheet imported with
 * `--no-match` no longer overwrites an ERP's legal name, and the values of a record fed by two
 * sources do not depend on which was imported last. New records with a single source take its
 * values directly (the rules give exactly those), so first imports stay set-based.
 */
import type { Knex } from 'knex';
import { writeSurvivors, type EntityRow } from '../merge/survivor-values';
import type { StageContext } from './targets/entity-target';

const CHUNK = 2000;

export async function surviveStaged(trx: Knex.Transaction, ctx: StageContext, table: 'accounts' | 'contacts'): Promise<void> {
  // Already locked in id order by the resolve stage's lock step.
  const { rows } = await trx.raw<{ rows: EntityRow[] }>(
    `SELECT t.* FROM ${table} t
      WHERE t.id IN (SELECT s.crm_id FROM ${ctx.stage} s WHERE s.action IN ('update', 'merge')) AND t.deleted_at IS NULL
      ORDER BY t.id`,
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    await writeSurvivors(trx, table, rows.slice(i, i + CHUNK).map((r) => [r]));
  }
}
