/**
 * The review queue: pairs scored between the two thresholds wait here for a person. Accepting
 * merges them (decided_by 'review:<user>'); rejecting remembers them as not-a-duplicate. A pair
 * that has a decision, is already pending, or involves a deleted record is never enqueued.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { explainPair, type ScoredPair } from '../../domain/matching';
import { orderedPair } from '../../domain/merge';
import { MergeRefusedError } from './errors';
import { columnsOf, type MergeEntity } from './entity-tables';
import { defaultSurvivor, mergeInTransaction } from './merge-records';

/** A scored pair as the matcher hands it over (tolerant: extra keys are kept in the explanation). */
export const ReviewPairInput = z.looseObject({
  a: z.string().uuid(),
  b: z.string().uuid(),
  weight: z.number(),
  probability: z.number().min(0).max(1),
  evidence: z.string().nullable().optional(),
  contributions: z.array(z.looseObject({ comparison: z.string(), level: z.string(), weight: z.number() })).default([]),
});
export type ReviewPairInput = z.infer<typeof ReviewPairInput>;

/** Enqueues pairs set-based (one statement, whatever the count). Returns how many were added. */
export async function enqueueReview(db: Knex | Knex.Transaction, entity: MergeEntity, pairs: readonly unknown[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const rows = pairs.map((p) => {
    const pair = ReviewPairInput.parse(p);
    const [a, b] = orderedPair(pair.a, pair.b);
    return { a, b, probability: pair.probability, weight: pair.weight, explanation: pair };
  });
  const { rowCount } = await db.raw(
    `INSERT INTO review_queue (entity_type, record_a, record_b, probability, weight, explanation)
     SELECT DISTINCT ON (p.a, p.b) ?, p.a, p.b, p.probability, p.weight, p.explanation
       FROM jsonb_to_recordset(?::jsonb) AS p(a uuid, b uuid, probability float8, weight float8, explanation jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM match_decisions d WHERE d.entity_type = ? AND d.record_a = p.a AND d.record_b = p.b)
        AND (SELECT count(*) FROM ${entity} t WHERE t.id IN (p.a, p.b) AND t.deleted_at IS NULL) = 2
      ORDER BY p.a, p.b, p.probability DESC
     ON CONFLICT (entity_type, record_a, record_b) WHERE status = 'pending' DO NOTHING`,
    [entity, JSON.stringify(rows), entity],
  );
  return rowCount ?? 0;
}

export interface ReviewItem {
  id: number;
  entityType: MergeEntity;
  recordA: string;
  recordB: string;
  labelA: string | null;
  labelB: string | null;
  probability: number;
  weight: number;
  status: 'pending' | 'accepted' | 'rejected' | 'superseded';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  mergeId: number | null;
}

const LABEL: Record<MergeEntity, string> = {
  accounts: 'x.name',
  contacts: "coalesce(nullif(concat_ws(' ', x.first_name, x.last_name), ''), x.email, x.phone, x.mobile)",
};

function itemQuery(db: Knex | Knex.Transaction, entity: MergeEntity) {
  return db('review_queue as q').where('q.entity_type', entity)
    .select('q.*',
      db.raw(`(SELECT ${LABEL[entity]} FROM ${entity} x WHERE x.id = q.record_a) AS label_a`),
      db.raw(`(SELECT ${LABEL[entity]} FROM ${entity} x WHERE x.id = q.record_b) AS label_b`));
}

function toItem(r: Record<string, unknown>): ReviewItem {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    id: Number(r.id), entityType: r.entity_type as MergeEntity, recordA: r.record_a as string, recordB: r.record_b as string,
    labelA: (r.label_a as string | null) ?? null, labelB: (r.label_b as string | null) ?? null,
    probability: Number(r.probability), weight: Number(r.weight), status: r.status as ReviewItem['status'],
    createdAt: iso(r.created_at)!, decidedAt: iso(r.decided_at), decidedBy: (r.decided_by as string | null) ?? null,
    mergeId: r.merge_id === null || r.merge_id === undefined ? null : Number(r.merge_id),
  };
}

/** Pending pairs, most likely first. */
export async function listReview(db: Knex, o: { entity?: MergeEntity; limit?: number; status?: ReviewItem['status'] } = {}): Promise<ReviewItem[]> {
  const entities: MergeEntity[] = o.entity ? [o.entity] : ['accounts', 'contacts'];
  const out: ReviewItem[] = [];
  for (const e of entities) {
    const rows = await itemQuery(db, e).where('q.status', o.status ?? 'pending').orderBy([{ column: 'q.probability', order: 'desc' }, { column: 'q.id' }]).limit(o.limit ?? 50);
    out.push(...rows.map(toItem));
  }
  return out.sort((x, y) => y.probability - x.probability || x.id - y.id).slice(0, o.limit ?? 50);
}

export interface ReviewDetail {
  item: ReviewItem;
  /** Both records' business columns, side by side: [column, valueA, valueB]. */
  fields: [column: string, a: unknown, b: unknown][];
  explanation: ScoredPair;
  explanationText: string;
}

const HIDDEN = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'extras']);

export async function showReview(db: Knex, id: number): Promise<ReviewDetail> {
  const q = await db('review_queue').where({ id }).first('entity_type');
  if (!q) throw new MergeRefusedError(`no review item ${id}: see \`crmhub review list\``, 'not_found');
  const entity = q.entity_type as MergeEntity;
  const row = await itemQuery(db, entity).where('q.id', id).first();
  const item = toItem(row);
  const [a, b] = await Promise.all([item.recordA, item.recordB].map((rid) => db(entity).where({ id: rid }).first()));
  const columns = (await columnsOf(db, entity)).filter((c) => !HIDDEN.has(c));
  const fields = columns
    .map((c) => [c, a?.[c] ?? null, b?.[c] ?? null] as [string, unknown, unknown])
    .filter(([, x, y]) => !(isBlank(x) && isBlank(y)));
  const explanation = row.explanation as ScoredPair;
  return { item, fields, explanation, explanationText: explainPair(explanation) };
}

function isBlank(v: unknown): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

async function lockPending(trx: Knex.Transaction, id: number): Promise<{ entity_type: MergeEntity; record_a: string; record_b: string; explanation: unknown }> {
  const q = await trx('review_queue').where({ id }).forUpdate().first('status', 'entity_type', 'record_a', 'record_b', 'explanation', 'decided_by');
  if (!q) throw new MergeRefusedError(`no review item ${id}: see \`crmhub review list\``, 'not_found');
  if (q.status !== 'pending') throw new MergeRefusedError(`review item ${id} is ${q.status}${q.decided_by ? ` (by ${q.decided_by as string})` : ''}, not pending`, 'bad_request');
  return q;
}

export interface AcceptResult { reviewId: number; mergeId: number; survivorId: string; absorbedId: string }

/** Merges the pair: the oldest record survives. One transaction with the merge itself. */
export async function acceptReview(db: Knex, id: number, o: { by: string }): Promise<AcceptResult> {
  return db.transaction(async (trx) => {
    const q = await lockPending(trx, id);
    const survivorId = await defaultSurvivor(trx, q.entity_type, [q.record_a, q.record_b]);
    const absorbedId = survivorId === q.record_a ? q.record_b : q.record_a;
    const decidedBy = `review:${o.by}`;
    const mergeId = await mergeInTransaction(trx, { entityType: q.entity_type, survivorId, absorbedIds: [absorbedId], rule: `review ${id}`, decidedBy, scores: [q.explanation] });
    await trx('review_queue').where({ id }).update({ status: 'accepted', decided_at: trx.fn.now(), decided_by: decidedBy, merge_id: mergeId });
    return { reviewId: id, mergeId, survivorId, absorbedId };
  });
}

/** Remembers the pair as not-a-duplicate: it is never proposed again. */
export async function rejectReview(db: Knex, id: number, o: { by: string }): Promise<{ reviewId: number }> {
  return db.transaction(async (trx) => {
    const q = await lockPending(trx, id);
    const decidedBy = `review:${o.by}`;
    await trx('review_queue').where({ id }).update({ status: 'rejected', decided_at: trx.fn.now(), decided_by: decidedBy });
    await trx('match_decisions')
      .insert({ entity_type: q.entity_type, record_a: q.record_a, record_b: q.record_b, decision: 'not_duplicate', reason: `review ${id}`, decided_by: decidedBy })
      .onConflict(['entity_type', 'record_a', 'record_b']).merge(['decision', 'reason', 'decided_by', 'decided_at']);
    return { reviewId: id };
  });
}
