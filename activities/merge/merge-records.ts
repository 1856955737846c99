/**
 * One merge, in one transaction: the absorbed records fold into the survivor, every reference
 * follows, and merge_history keeps the before-image of every row changed so `unmerge` can put
 * everything back exactly.
 *
 * Order matters for concurrency: the merged records are locked first, in id order (two merges
 * or a merge and an import batch, which locks its target rows in id order too, cannot deadlock
 * on them), then the rows that reference them.
 */
import type { Knex } from 'knex';
import { chooseSurvivor, orderedPair } from '../../domain/merge';
import { MergeRefusedError } from './errors';
import { columnsOf, ident, primaryKey, referencesTo, SOURCE_ENTITY_TYPE, type MergeEntity } from './entity-tables';
import { captureRows, imagesJson, type CapturedRows } from './row-images';
import { writeSurvivor, type EntityRow } from './survivor-values';

export interface MergeRequest {
  entityType: MergeEntity;
  survivorId: string;
  absorbedIds: readonly string[];
  /** What decided: 'same_tax_id', 'score', 'review', 'manual' … (free text, shown to people). */
  rule: string;
  /** 'auto' | 'review:<user>' | 'user:<name>' */
  decidedBy: string;
  /** The scored pairs behind the decision (ScoredPair[]), kept as evidence. */
  scores?: readonly unknown[];
}

export interface Change { table: string; pk: string; column: string; old: string; new: string }
export interface Deletion { table: string; pk: string; deleted: true; reason: string }

/** crmhub's own writes: the user-edit trigger leaves them alone (see migration 005). */
export async function markCrmhubWriter(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`SET LOCAL crmhub.writer = 'crmhub'`);
}

const byPerson = (decidedBy: string) => decidedBy.startsWith('user:') || decidedBy.startsWith('review:');

export async function mergeRecords(db: Knex, req: MergeRequest): Promise<number> {
  return db.transaction((trx) => mergeInTransaction(trx, req));
}

/** The survivor a merge keeps when nobody chose: the oldest record (created_at, then id). */
export async function defaultSurvivor(db: Knex | Knex.Transaction, entity: MergeEntity, ids: readonly string[]): Promise<string> {
  const rows: { id: string; created_at: Date }[] = await db(entity).whereIn('id', [...ids]).select('id', 'created_at');
  return chooseSurvivor(rows.map((r) => ({ id: r.id, createdAt: r.created_at })));
}

export async function mergeInTransaction(trx: Knex.Transaction, req: MergeRequest): Promise<number> {
  const entity = req.entityType;
  const absorbed = [...new Set(req.absorbedIds.map((x) => x.toLowerCase()))];
  const survivorId = req.survivorId.toLowerCase();
  if (absorbed.length === 0 || absorbed.includes(survivorId)) {
    throw new MergeRefusedError('a merge needs a survivor and at least one other record', 'bad_request');
  }
  const ids = [survivorId, ...absorbed];
  await markCrmhubWriter(trx);

  const images: CapturedRows[] = [await captureRows(trx, entity, 't.id = ANY(?::uuid[])', [ids])];
  const rows: EntityRow[] = await trx(entity).whereIn('id', ids).select('*');
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = found.get(id);
    if (!r) throw new MergeRefusedError(`no ${entity} record ${id}`, 'not_found');
    if (r.deleted_at) {
      throw new MergeRefusedError(`${entity} record ${id} is already ${r.merged_into_id ? `merged into ${r.merged_into_id as string}` : 'deleted'}`, 'already_merged');
    }
  }
  if (entity === 'accounts' && !byPerson(req.decidedBy)) {
    const taxIds = new Set(rows.filter((r) => r.tax_id).map((r) => `${r.tax_id_country as string}:${r.tax_id as string}`));
    if (taxIds.size > 1) {
      throw new MergeRefusedError(`refusing an automatic merge of two different valid tax ids (${[...taxIds].join(', ')}): a person must decide`, 'different_tax_ids');
    }
  }
  if (!byPerson(req.decidedBy)) {
    const rejected = await trx('match_decisions').where({ entity_type: entity, decision: 'not_duplicate' })
      .whereIn('record_a', ids).whereIn('record_b', ids).first('record_a', 'record_b');
    if (rejected) throw new MergeRefusedError(`${rejected.record_a} and ${rejected.record_b} were decided not to be duplicates`, 'not_duplicate');
  }

  const changes: (Change | Deletion)[] = [];
  const ordered = [found.get(survivorId)!, ...absorbed.map((id) => found.get(id)!).sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1))];

  // References: every foreign key to the entity, and the identity map (which has no foreign key).
  const refs = [...(await referencesTo(trx, entity)), { table: 'source_records', column: 'crm_id' }];
  for (const ref of refs) {
    const self = ref.table === entity; // accounts.parent_account_id: the merged rows are handled by writeSurvivor
    const scope = ref.table === 'source_records' ? `t.entity_type = '${SOURCE_ENTITY_TYPE[entity]}' AND ` : '';
    const where = `${scope}t.${ident(ref.column)} = ANY(?::uuid[])${self ? ' AND NOT (t.id = ANY(?::uuid[]))' : ''}`;
    const binds = self ? [absorbed, ids] : [absorbed];
    const captured = await captureRows(trx, ref.table, where, binds);
    if (captured.rows.length === 0) continue;
    images.push(captured);
    if (ref.table === 'account_potentials') changes.push(...(await dropConflictingPotentials(trx, survivorId, absorbed)));
    const [pk, more] = await primaryKey(trx, ref.table);
    if (!pk || more) throw new Error(`${ref.table} needs a one-column primary key for merges to re-point ${ref.column}`);
    // Touching updated_at tells downstream syncs the row changed; the identity map has none.
    const touch = (await columnsOf(trx, ref.table)).includes('updated_at') ? ', updated_at = now()' : '';
    const { rows: moved } = await trx.raw<{ rows: { pk: string; old: string }[] }>(
      `UPDATE ${ident(ref.table)} t SET ${ident(ref.column)} = ?${touch}
         FROM (SELECT ${ident(pk)} AS pk, ${ident(ref.column)} AS old FROM ${ident(ref.table)} t WHERE ${where}) o
        WHERE t.${ident(pk)} = o.pk RETURNING o.pk::text AS pk, o.old::text AS old`,
      [survivorId, ...binds],
    );
    for (const m of moved) changes.push({ table: ref.table, pk: m.pk, column: ref.column, old: m.old, new: survivorId });
  }

  // Match profiles of absorbed records are gone with them (restored by unmerge).
  const profiles = await captureRows(trx, 'match_profiles', 't.entity_type = ? AND t.record_id = ANY(?::uuid[])', [entity, absorbed]);
  if (profiles.rows.length > 0) {
    images.push(profiles);
    await trx('match_profiles').where({ entity_type: entity }).whereIn('record_id', absorbed).delete();
    for (const id of absorbed) changes.push({ table: 'match_profiles', pk: `${entity}:${id}`, deleted: true, reason: 'absorbed record' });
  }

  await trx(entity).whereIn('id', absorbed).update({ deleted_at: trx.fn.now(), merged_into_id: survivorId, updated_at: trx.fn.now() });
  const lineage = await writeSurvivor(trx, entity, ordered);

  const [{ id: mergeId }] = await trx('merge_history').insert({
    entity_type: entity, survivor_id: survivorId, absorbed_ids: absorbed, rule: req.rule, decided_by: req.decidedBy,
    scores: JSON.stringify(req.scores ?? []), before_images: trx.raw('?::jsonb', [imagesJson(images)]),
    changes: JSON.stringify(changes), lineage: JSON.stringify(lineage),
  }).returning('id');

  // Pending reviews about an absorbed record are moot now; unmerge puts them back.
  await trx('review_queue').where({ entity_type: entity, status: 'pending' })
    .where((q) => q.whereIn('record_a', absorbed).orWhereIn('record_b', absorbed))
    .update({ status: 'superseded', decided_at: trx.fn.now(), decided_by: req.decidedBy, merge_id: mergeId });
  const decisions = absorbed.map((id) => {
    const [a, b] = orderedPair(survivorId, id);
    return { entity_type: entity, record_a: a, record_b: b, decision: 'duplicate', reason: req.rule, decided_by: req.decidedBy, merge_id: mergeId, decided_at: trx.fn.now() };
  });
  await trx('match_decisions').insert(decisions).onConflict(['entity_type', 'record_a', 'record_b']).merge(['decision', 'reason', 'decided_by', 'merge_id', 'decided_at']);
  return Number(mergeId);
}

/**
 * account_potentials has one row per (account, family, year): when the survivor already has one,
 * the survivor's stays and the absorbed record's is removed (kept in the before-image). Among the
 * absorbed records, the oldest row of a key is the one moved.
 */
async function dropConflictingPotentials(trx: Knex.Transaction, survivorId: string, absorbed: readonly string[]): Promise<Deletion[]> {
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `DELETE FROM account_potentials d USING (
       SELECT p.id, row_number() OVER (PARTITION BY p.product_family_code, p.year ORDER BY (p.account_id = ?) DESC, p.created_at, p.id) AS n
         FROM account_potentials p WHERE p.account_id = ? OR p.account_id = ANY(?::uuid[])) k
      WHERE d.id = k.id AND k.n > 1 RETURNING d.id::text AS id`,
    [survivorId, survivorId, [...absorbed]],
  );
  return rows.map((r) => ({ table: 'account_potentials', pk: r.id, deleted: true as const, reason: 'the survivor keeps its own potential for this family and year' }));
}
