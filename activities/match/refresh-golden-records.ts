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
    const { rows }: { rows: { crm_id: string }[] } = await db.raw(
      // `o.crm_id > after` repeats what the join implies so that the planner's merge join starts
      // the inner scan at the page too: 1M source records, a page at the middle read 526k index
      // entries of `o` without it (0.66 s), 26k with it (70 ms).
      `SELECT DISTINCT sr.crm_id FROM source_records sr
        WHERE sr.entity_type = ? AND sr.last_run_id = ? ${after ? 'AND sr.crm_id > ?' : ''}
          AND EXISTS (SELECT 1 FROM source_records o WHERE o.entity_type = sr.entity_type AND o.crm_id = sr.crm_id
                         ${after ? 'AND o.crm_id > ?' : ''} AND o.id <> sr.id)
        ORDER BY sr.crm_id LIMIT ${BATCH}`,
      after ? [SOURCE_ENTITY_TYPE[entity], runId, after, after] : [SOURCE_ENTITY_TYPE[entity], runId],
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
    after = ids[ids.length - 1]!;
    if (rows.length < BATCH) break;
  }
  return done;
}
