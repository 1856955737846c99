/**
 * Duplicate review for the console, over the same functions as `crmhub review` and `crmhub
 * unmerge` (activities/merge): showReview explains a pair, acceptReview merges it, rejectReview
 * remembers it as two records, unmerge undoes a merge exactly. The console adds the decision log
 * (`review_decisions`: who, which model version, the scores shown) in the same transaction, and a
 * survivor preview computed by the merge's own survivorship (survivorValues).
 */
import type { Knex } from 'knex';
import { acceptReview, rejectReview, showReview, type ReviewDetail } from '../../activities/merge/review-queue';
import { columnsOf, SOURCE_ENTITY_TYPE, type MergeEntity } from '../../activities/merge/entity-tables';
import { defaultSurvivor } from '../../activities/merge/merge-records';
import { loadSurvivorshipSources, survivorValues, type EntityRow } from '../../activities/merge/survivor-values';
import { unmerge, type UnmergeResult } from '../../activities/merge/unmerge';
import type { FieldLineage } from '../../domain/merge';
import { audit } from '../audit';

import { QUEUE_PAGE } from './queue-page';

export { QUEUE_PAGE };

export interface QueueItem { id: number; entity: MergeEntity; labelA: string | null; labelB: string | null; probability: number; weight: number; evidence: string | null }

const LABEL: Record<MergeEntity, string> = {
  accounts: 'x.name',
  contacts: "coalesce(nullif(concat_ws(' ', x.first_name, x.last_name), ''), x.email, x.phone, x.mobile)",
};

/**
 * Pending pairs, most uncertain first: closest to even odds (|p − 0.5|), the ones where a
 * person's judgement adds most. Optional filter by entity.
 */
export async function reviewQueue(db: Knex, o: { entity?: MergeEntity; page: number; skippedBy?: string }): Promise<QueueItem[]> {
  const entities: MergeEntity[] = o.entity ? [o.entity] : ['accounts', 'contacts'];
  const parts = entities.map((e) => `SELECT q.id, q.entity_type, q.probability, q.weight, q.explanation->>'evidence' AS evidence,
      (SELECT ${LABEL[e]} FROM ${e} x WHERE x.id = q.record_a) AS label_a, (SELECT ${LABEL[e]} FROM ${e} x WHERE x.id = q.record_b) AS label_b
    FROM review_queue q WHERE q.status = 'pending' AND q.entity_type = '${e}'`);
  const { rows } = await db.raw(
    `SELECT * FROM (${parts.join(' UNION ALL ')}) p ORDER BY abs(p.probability - 0.5), p.id LIMIT ? OFFSET ?`,
    [QUEUE_PAGE + 1, (o.page - 1) * QUEUE_PAGE],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id), entity: r.entity_type as MergeEntity, labelA: (r.label_a as string | null) ?? null, labelB: (r.label_b as string | null) ?? null,
    probability: Number(r.probability), weight: Number(r.weight), evidence: (r.evidence as string | null) ?? null,
  }));
}

/** The next pending pair in queue order after skipping `exclude` (this person's skips). */
export async function nextPending(db: Knex, exclude: readonly number[]): Promise<number | null> {
  const row = await db('review_queue').where({ status: 'pending' }).whereNotIn('id', [...exclude, 0])
    .orderByRaw('abs(probability - 0.5), id').first('id');
  return row ? Number(row.id) : null;
}

/** The model a pair is scored with: the trained one's date and digest, or the default priors. */
export async function modelVersion(db: Knex | Knex.Transaction, entity: MergeEntity): Promise<string> {
  const row = await db('match_models').where({ entity_type: entity }).first(db.raw(`to_char(trained_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at`), db.raw('left(md5(model::text), 12) AS digest'));
  return row ? `${entity}@${row.at as string}#${row.digest as string}` : `${entity}@default`;
}

export interface PairView {
  detail: ReviewDetail;
  modelVersion: string;
  survivorId: string;
  /** The survivor's values after the merge, and where each came from. */
  preview: { field: string; value: unknown; lineage: FieldLineage | null }[];
  decisions: { decision: string; actor: string; modelVersion: string; at: Date }[];
}

const HIDDEN = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'extras', 'user_edited_fields']);

export async function pairView(db: Knex, id: number): Promise<PairView> {
  const detail = await showReview(db, id);
  const entity = detail.item.entityType;
  const ids = [detail.item.recordA, detail.item.recordB];
  const survivorId = await defaultSurvivor(db, entity, ids);
  const absorbedId = ids.find((x) => x !== survivorId)!;
  const rows = (await db(entity).whereIn('id', ids)) as EntityRow[];
  const ordered = [rows.find((r) => r.id === survivorId), rows.find((r) => r.id === absorbedId)].filter((r): r is EntityRow => !!r);
  const columns = (await columnsOf(db, entity)).filter((c) => !HIDDEN.has(c));
  const sources = await loadSurvivorshipSources(db, entity, ids);
  const { next, lineage } = survivorValues(entity, columns, ordered, [...(sources.get(survivorId) ?? []), ...(sources.get(absorbedId) ?? [])]);
  const preview = columns.filter((c) => !isBlank(next[c])).map((c) => ({ field: c, value: next[c], lineage: lineage[c] ?? null }));
  const decisions = await db('review_decisions').where({ review_id: id }).orderBy('id').select('decision', 'actor', 'model_version', 'decided_at');
  return {
    detail, modelVersion: await modelVersion(db, entity), survivorId, preview,
    decisions: decisions.map((d) => ({ decision: d.decision, actor: d.actor, modelVersion: d.model_version, at: d.decided_at })),
  };
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

export type Decision = 'accept' | 'reject' | 'skip';

/**
 * Records a person's decision with the model version and the scores they saw, in the same
 * transaction as its effect (accept: the merge; reject: the not-a-duplicate memory).
 */
export async function decide(db: Knex, id: number, decision: Decision, actor: string): Promise<{ mergeId: number | null }> {
  return db.transaction(async (trx) => {
    const q = await trx('review_queue').where({ id }).first('entity_type', 'probability', 'explanation');
    if (!q) throw new Error(`no review item ${id}`);
    const version = await modelVersion(trx, q.entity_type as MergeEntity);
    let mergeId: number | null = null;
    if (decision === 'accept') mergeId = (await acceptReview(trx as unknown as Knex, id, { by: actor })).mergeId;
    if (decision === 'reject') await rejectReview(trx as unknown as Knex, id, { by: actor });
    await trx('review_decisions').insert({
      review_id: id, decision, actor, model_version: version, probability: q.probability, scores: JSON.stringify(q.explanation), merge_id: mergeId,
    });
    await audit(trx, actor, `review_${decision}`, `review ${id}`, { modelVersion: version, mergeId });
    return { mergeId };
  });
}

export interface HistoryItem {
  id: number; entity: MergeEntity; survivorId: string; survivorLabel: string | null; absorbed: { id: string; label: string | null }[];
  rule: string; decidedBy: string; at: Date; undoneAt: Date | null; undoneBy: string | null;
}

export async function mergeHistory(db: Knex, o: { page: number }): Promise<HistoryItem[]> {
  const { rows } = await db.raw(
    `SELECT h.id, h.entity_type, h.survivor_id, h.absorbed_ids, h.rule, h.decided_by, h.created_at, h.undone_at, h.undone_by,
            CASE h.entity_type WHEN 'accounts' THEN (SELECT name FROM accounts WHERE id = h.survivor_id)
              ELSE (SELECT coalesce(nullif(concat_ws(' ', first_name, last_name), ''), email) FROM contacts WHERE id = h.survivor_id) END AS survivor_label,
            CASE h.entity_type WHEN 'accounts' THEN (SELECT json_agg(json_build_array(id, name)) FROM accounts WHERE id = ANY(h.absorbed_ids))
              ELSE (SELECT json_agg(json_build_array(id, coalesce(nullif(concat_ws(' ', first_name, last_name), ''), email))) FROM contacts WHERE id = ANY(h.absorbed_ids)) END AS absorbed_labels
       FROM merge_history h ORDER BY h.id DESC LIMIT ? OFFSET ?`,
    [QUEUE_PAGE + 1, (o.page - 1) * QUEUE_PAGE],
  );
  return rows.map((r: Record<string, unknown>) => {
    const labels = new Map(((r.absorbed_labels as [string, string | null][] | null) ?? []).map(([id, l]) => [id, l]));
    return {
      id: Number(r.id), entity: r.entity_type as MergeEntity, survivorId: r.survivor_id as string, survivorLabel: (r.survivor_label as string | null) ?? null,
      absorbed: (r.absorbed_ids as string[]).map((id) => ({ id, label: labels.get(id) ?? null })), rule: r.rule as string, decidedBy: r.decided_by as string,
      at: r.created_at as Date, undoneAt: (r.undone_at as Date | null) ?? null, undoneBy: (r.undone_by as string | null) ?? null,
    };
  });
}

export async function undoMerge(db: Knex, mergeId: number, actor: string): Promise<UnmergeResult> {
  return db.transaction(async (trx) => {
    const result = await unmerge(trx as unknown as Knex, mergeId, { decidedBy: `user:${actor}` });
    await audit(trx, actor, 'undo_merge', `merge ${mergeId}`, { restored: result.restoredIds });
    return result;
  });
}

export { SOURCE_ENTITY_TYPE };
