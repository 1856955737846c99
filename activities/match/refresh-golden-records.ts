/**
 * After an import, records fed by several sources are recomputed by survivorship: the load writes
 * the source's values (a spreadsheet's "DISTRIBUCIONES PEREZ" would otherwise replace the ERP's
 * "Distribuciones Pérez"), then this puts every field back under its rule (source priority, most
 * recent, union…) and keeps what a person edited. Records with one source need nothing: their
 * only source wins every field anyway. Read by keyset pages of ids, so a first import of a million
 * rows never holds their ids at once; recomputing is idempotent, so a retry may redo a page.
 */
import type { Knex } from 'knex';
import type { MatchEntity } from '../../domain/matching';
import { markCrmhubWriter, SOURCE_ENTITY_TYPE, writeSurvivors } from '../merge';
import type { EntityRow } from '../merge/survivor-values';

const BATCH = 1000;

export async function refreshGoldenRecords(db: Knex, entity: MatchEntity, runId: number, onProgress?: () => void): Promise<number> {
  let done = 0;
  let after: string | null = null;
  for (;;) {
    // Keyset pages of the run's source records in `source_records_run_idx` (migration 020) order:
    // a page reads its 1,000 index entries, not the whole table (0.6–1.3 s a page at 1M source
    // records without the index, measured). A record that several of the run's rows feed (two
    // rows of one export resolved to one account) is taken at its first row only, so that it is
    // recomputed and counted once even when its rows fall in different pages. Both checks read
    // the record's few source records in one probe of `source_records_crm_idx`: as a NOT EXISTS,
    // the planner walked the run's index for each row instead (8.4 s a page at 10k rows, measured).
    const { rows }: { rows: { id: string; crm_id: string }[] } = await db.raw(
      `SELECT sr.id, sr.crm_id FROM source_records sr
        WHERE sr.entity_type = ? AND sr.last_run_id = ? ${after ? 'AND sr.id > ?' : ''}
          AND (SELECT count(*) > 1 AND bool_and(o.id >= sr.id OR o.last_run_id IS DISTINCT FROM sr.last_run_id)
                 FROM source_records o WHERE o.entity_type = sr.entity_type AND o.crm_id = sr.crm_id)
        ORDER BY sr.id LIMIT ${BATCH}`,
      after ? [SOURCE_ENTITY_TYPE[entity], runId, after] : [SOURCE_ENTITY_TYPE[entity], runId],
    );
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.crm_id);
    done += await db.transaction(async (trx) => {
      await markCrmhubWriter(trx);
      // Locked in id order, like merges, so a concurrent merge waits instead of deadlocking.
      const records: EntityRow[] = await trx(entity).whereIn('id', ids).whereNull('deleted_at').orderBy('id').forUpdate().select('*');
      await writeSurvivors(trx, entity, records.map((r) => [r]));
      return records.length;
    });
    onProgress?.();
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) break;
  }
  return done;
}
