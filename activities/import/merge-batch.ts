/**
 * Merges one staged batch into the CRM: references, resolve steps, writes, quarantine and the
 * run's counts and checkpoint, all in the caller's transaction, so a batch is either fully in
 * (data + rejects + checkpoint) or not at all.
 */
import type { Knex } from 'knex';
import { markCrmhubWriter } from '../../db/crmhub-writer';
import type { Batch } from './batch';
import { insertRejects, keepRaw, type QuarantineContext, type RejectedRow } from './quarantine';
import { countActions } from './resolve-steps';
import { addBatch, type BatchCounts } from './sync-runs';
import type { ImportTarget, StageContext } from './targets/import-target';

export interface MergeOptions {
  target: ImportTarget<{ external_id: string }>;
  headers: readonly string[];
  stage: StageContext;
  quarantine: QuarantineContext;
  /** Where rejects and counts go: the batch's transaction, or (dry run) the database itself. */
  ledger: Knex | Knex.Transaction;
  /** null in a dry run: nothing is committed, so there is nothing to resume from. */
  checkpoint: boolean;
}

export async function mergeBatch(trx: Knex.Transaction, batch: Batch, o: MergeOptions): Promise<BatchCounts> {
  await markCrmhubWriter(trx); // crmhub's own writes are not user edits (migration 005)
  const refRejects = await o.target.resolveReferences(trx, o.stage);
  const rejects: RejectedRow[] = [...batch.rejects];
  for (const r of refRejects) {
    const row = batch.rows.get(r.rowNumber);
    rejects.push({
      rowNumber: r.rowNumber,
      externalId: null,
      raw: row ? keepRaw(o.headers, row.cells) : [],
      issues: [{ path: r.field, code: r.reason, message: r.message }],
      reason: r.reason,
    });
  }
  for (const step of o.target.resolveSteps) await step.run(trx, o.stage);
  const a = await countActions(trx, o.stage);
  if (a.update + a.merge > 0) {
    // The staging table has no statistics yet: without them the planner may scan the whole CRM
    // table to update a few rows. Two columns only: a full ANALYZE of wide rows costs more.
    await trx.raw(`ANALYZE ${o.stage.stage} (action, crm_id)`);
  }
  await o.target.write(trx, o.stage, a);
  const counts: BatchCounts = {
    read: batch.read,
    inserted: a.insert,
    updated: a.update,
    unchanged: a.unchanged,
    merged: a.merge,
    rejected: rejects.length,
  };
  if (counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.rejected !== counts.read) {
    // Cannot happen unless a resolve step loses rows; refuse to commit a ledger that does not add up.
    throw new Error(`batch ending at row ${batch.lastRow}: counts do not add up (${JSON.stringify(counts)})`);
  }
  rejects.sort((x, y) => x.rowNumber - y.rowNumber);
  await insertRejects(o.ledger, o.quarantine, rejects);
  await addBatch(o.ledger, o.stage.runId, counts, o.checkpoint ? batch.lastRow : null);
  return counts;
}
