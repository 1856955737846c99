/**
 * One merge, in one transaction (the engine is merge-many.ts; a single merge is a batch of one
 * that throws on refusal), and the survivor choice when nobody made one.
 */
import type { Knex } from 'knex';
import { chooseSurvivor } from '../../domain/merge';
import type { MergeEntity } from './entity-tables';
import { mergeMany, type MergeRequest } from './merge-many';

export { byPerson, markCrmhubWriter, mergeMany, type MergeOutcome, type MergeRequest, type Refusal } from './merge-many';

export interface Change { table: string; pk: string; column: string; old: string; new: string }
export interface Deletion { table: string; pk: string; deleted: true; reason: string }

/** Merges in its own transaction; returns the merge id (merge_history.id). */
export async function mergeRecords(db: Knex, req: MergeRequest): Promise<number> {
  return db.transaction((trx) => mergeInTransaction(trx, req));
}

/** Merges in the caller's transaction; throws MergeRefusedError when the merge is not allowed. */
export async function mergeInTransaction(trx: Knex.Transaction, req: MergeRequest): Promise<number> {
  const { mergeIds } = await mergeMany(trx, req.entityType, [req], 'throw');
  return mergeIds[0]!;
}

/** The survivor a merge keeps when nobody chose: the oldest record (created_at, then id). */
export async function defaultSurvivor(db: Knex | Knex.Transaction, entity: MergeEntity, ids: readonly string[]): Promise<string> {
  const rows: { id: string; created_at: Date }[] = await db(entity).whereIn('id', [...ids]).select('id', 'created_at');
  return chooseSurvivor(rows.map((r) => ({ id: r.id, createdAt: r.created_at })));
}
