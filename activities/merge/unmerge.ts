/**
 * Undoing a merge: every row the merge changed gets its before-image back, in one transaction,
 * and the pair is remembered as not-a-duplicate so the matcher never proposes it again.
 *
 * The merged records themselves come back whole (values, user edits, timestamps). Rows that only
 * referenced them (contacts, potentials, the identity map, …) get back just the column the merge
 * re-pointed, and only where it still points at the survivor: a source record that arrived or
 * moved after the merge keeps its own state. Rows the merge deleted are inserted again.
 */
import type { Knex } from 'knex';
import { orderedPair } from '../../domain/merge';
import { MergeRefusedError } from './errors';
import { columnsOf, type MergeEntity } from './entity-tables';
import { markCrmhubWriter, type Change, type Deletion } from './merge-records';
import { restoreRows } from './row-images';

export interface UnmergeResult {
  mergeId: number;
  entityType: MergeEntity;
  survivorId: string;
  restoredIds: string[];
  restored: Record<string, { updated: number; inserted: number }>;
}

interface HistoryRow { id: string; entity_type: MergeEntity; survivor_id: string; absorbed_ids: string[]; undone_at: Date | null; changes: (Change | Deletion)[]; tables: string[] }

export async function unmerge(db: Knex, mergeId: number, o: { decidedBy: string }): Promise<UnmergeResult> {
  return db.transaction(async (trx) => {
    await markCrmhubWriter(trx);
    const h: HistoryRow | undefined = await trx('merge_history').where({ id: mergeId }).forUpdate()
      .first('id', 'entity_type', 'survivor_id', 'absorbed_ids', 'undone_at', 'changes', trx.raw('ARRAY(SELECT jsonb_object_keys(before_images)) AS tables'));
    if (!h) throw new MergeRefusedError(`no merge ${mergeId}: see merge_history`, 'not_found');
    if (h.undone_at) throw new MergeRefusedError(`merge ${mergeId} was already undone at ${h.undone_at.toISOString()}`, 'already_undone');
    const entity = h.entity_type;
    const ids = [h.survivor_id, ...h.absorbed_ids];
    const later = await trx('merge_history').where({ entity_type: entity }).where('id', '>', mergeId).whereNull('undone_at')
      .where((q) => q.whereRaw('survivor_id = ANY(?::uuid[])', [ids]).orWhereRaw('absorbed_ids && ?::uuid[]', [ids]))
      .orderBy('id', 'desc').first('id');
    if (later) throw new MergeRefusedError(`merge ${later.id} came later and involves these records: undo merge ${later.id} first`, 'later_merge');

    // Lock the merged records in id order, like a merge does, before writing anything.
    await trx(entity).whereIn('id', ids).orderBy('id').forUpdate().select('id');
    const image = (table: string) => `(SELECT before_images->'${table.replace(/'/g, "''")}' FROM merge_history WHERE id = ${Number(mergeId)})`;
    const restored: UnmergeResult['restored'] = {};
    restored[entity] = await restoreRows(trx, entity, image(entity));
    const changed = new Map<string, Set<string>>();
    for (const c of h.changes) if ('column' in c) changed.set(c.table, (changed.get(c.table) ?? new Set()).add(c.column));
    for (const table of h.tables.filter((t) => t !== entity)) {
      const columns = [...(changed.get(table) ?? [])];
      if (columns.length === 0) {
        // Only kept or deleted rows (match profiles): back whole.
        restored[table] = await restoreRows(trx, table, image(table));
        continue;
      }
      const touched = (await columnsOf(trx, table)).includes('updated_at') ? ['updated_at'] : [];
      // Re-pointed rows: the column back, only where it still points at the survivor. Rows the
      // merge deleted come back; rows someone deleted since stay deleted.
      const guard = columns.length === 1 ? { sql: `x."${columns[0]!.replace(/"/g, '""')}" = ?`, bindings: [h.survivor_id] } : undefined;
      const insertKeys = h.changes.filter((c): c is Deletion => 'deleted' in c && c.table === table).map((c) => c.pk);
      restored[table] = await restoreRows(trx, table, image(table), { columns: [...columns, ...touched], guard, insertKeys });
    }

    if (!h.tables.includes('match_profiles')) {
      // None of the records had a match profile when they merged (a dedupe writes its survivors'
      // after the merges): the survivor's was built from the merged values, so it goes, and the
      // next profile sync builds every member's from its restored values.
      await trx('match_profiles').where({ entity_type: entity }).whereIn('record_id', ids).del();
    }
    await trx('merge_history').where({ id: mergeId }).update({ undone_at: trx.fn.now(), undone_by: o.decidedBy });
    const decisions = h.absorbed_ids.map((id) => {
      const [a, b] = orderedPair(h.survivor_id, id);
      return { entity_type: entity, record_a: a, record_b: b, decision: 'not_duplicate', reason: `unmerge of merge ${mergeId}`, decided_by: o.decidedBy, merge_id: mergeId, decided_at: trx.fn.now() };
    });
    await trx('match_decisions').insert(decisions).onConflict(['entity_type', 'record_a', 'record_b']).merge(['decision', 'reason', 'decided_by', 'merge_id', 'decided_at']);
    // Reviews the merge made moot are open again, unless the pair now has a decision.
    await trx.raw(
      `UPDATE review_queue q SET status = 'pending', decided_at = NULL, decided_by = NULL, merge_id = NULL
        WHERE q.merge_id = ? AND q.status = 'superseded'
          AND NOT EXISTS (SELECT 1 FROM match_decisions d WHERE d.entity_type = q.entity_type AND d.record_a = q.record_a AND d.record_b = q.record_b)
          AND NOT EXISTS (SELECT 1 FROM review_queue p WHERE p.status = 'pending' AND p.entity_type = q.entity_type AND p.record_a = q.record_a AND p.record_b = q.record_b)`,
      [mergeId],
    );
    return { mergeId, entityType: entity, survivorId: h.survivor_id, restoredIds: h.absorbed_ids, restored };
  });
}
