/**
 * Facts that arrived before their account (or their parent) wait in the quarantine as
 * `unmatched_account` / `missing_parent`. Each sync of their stream reads them again first, from
 * the raw record kept with them; those that now resolve load and become `replayed`, the others
 * keep waiting where they are (never quarantined twice: SourceRow.replays.retry).
 */
import type { Knex } from 'knex';
import type { SourceRow } from '../pipeline/source-row';
import { splitRecord } from './readers/stream-reader';

const PAGE = 5000;

export async function* waitingRows(db: Knex, o: { sourceSystem: string; entityType: string; fields: ReadonlySet<string>; firstRow: number }): AsyncGenerator<SourceRow> {
  let after = 0;
  let n = o.firstRow;
  for (;;) {
    const rows: { id: string; sync_run_id: string; row_number: number; place: Record<string, unknown>; raw: [string, unknown][] }[] = await db('rejected_rows')
      .where({ source_system_code: o.sourceSystem, entity_type: o.entityType, status: 'open' })
      .whereIn('reason', ['unmatched_account', 'missing_parent'])
      // Rows of syncs: their raw record is keyed by canonical names (a file's rows wait for a replay by a person).
      .whereIn('sync_run_id', db('sync_runs').select('id').whereNot({ mode: 'file' }))
      .andWhere('id', '>', after)
      .orderBy('id').limit(PAGE)
      .select('id', 'sync_run_id', 'row_number', 'place', 'raw');
    for (const r of rows) {
      const split = splitRecord(Object.fromEntries(r.raw), o.fields, new Set(['updated_at']));
      yield {
        rowNumber: n++, place: { ...r.place, retried: true }, fields: split.fields, extras: split.extras, raw: r.raw as SourceRow['raw'],
        replays: { runId: Number(r.sync_run_id), row: r.row_number, retry: true },
      };
    }
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}
