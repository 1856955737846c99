/**
 * Merges one staged batch into the CRM: references, resolve steps, writes, quarantine, warnings,
 * and the run's counts and checkpoint, all in the caller's transaction, so a batch is either fully
 * in (data + rejects + warnings + checkpoint) or not at all.
 */
import type { Knex } from 'knex';
import { markCrmhubWriter } from '../../db/crmhub-writer';
import type { LoadBatch } from './batch';
import { recordKnownRows } from './known-rows';
import { insertRejects, type QuarantineContext, type RejectedRow } from './quarantine';
import { countActions } from './resolve-steps';
import { seenTableName } from './seen-rows';
import { addBatch, type BatchCounts, type CheckpointMove } from './sync-runs';
import type { EntityTarget, RowReject, StageContext } from './targets/entity-target';
import { insertWarnings } from './warnings';

export interface MergeOptions {
  target: EntityTarget<{ external_id: string }>;
  stage: StageContext;
  quarantine: QuarantineContext;
  /** Where rejects, warnings and counts go: the batch's transaction, or (dry run) the database itself. */
  ledger: Knex | Knex.Transaction;
  /**
   * How the run's checkpoint moves with this batch (from the previous batch's last row to this
   * one's, and for a paged source the page's cursor), or null in a dry run (nothing is committed,
   * so there is nothing to resume from). The ledger only advances from exactly `from`: an attempt
   * that a retry superseded cannot commit over the retry's work.
   */
  checkpoint: CheckpointMove | null;
  /** Filled with milliseconds per merge step (`m_<step>`), for the phase split of benchmarks. */
  timings?: Record<string, number>;
  /** Waits, inside the transaction, for what must commit before this batch's checkpoint (load-loop.ts). */
  beforeLedger?: (trx: Knex.Transaction) => Promise<void>;
}

export interface MergedBatch { counts: BatchCounts; warnings: number; rowsWarned: number; stillWaiting: number }

export async function mergeBatch(trx: Knex.Transaction, batch: LoadBatch, o: MergeOptions): Promise<MergedBatch> {
  const t = o.timings ?? {};
  let t0 = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    t[`m_${step}`] = (t[`m_${step}`] ?? 0) + now - t0;
    t0 = now;
  };
  await markCrmhubWriter(trx); // crmhub's own writes are not user edits (migration 005)
  if (batch.known.length > 0) {
    // Recorded as seen before the resolve stage, like the unchanged rows it finds: a changed row of
    // the same customer further down the file collapses with them (collapse-groups.ts).
    const scope = { sourceSystem: o.stage.sourceSystem, entityType: o.target.entityType, runId: o.stage.runId };
    await recordKnownRows(trx, scope, seenTableName(o.stage.runId), batch.known);
    lap('known');
    t.known_rows = (t.known_rows ?? 0) + batch.known.length; // a count among the phases' ms: how many rows were not parsed
  }
  const refused: RowReject[] = [...(await o.target.resolveReferences(trx, o.stage))];
  lap('references');
  for (const step of o.target.resolveSteps) {
    const r = await step.run(trx, o.stage);
    if (r) refused.push(...r);
    lap(step.name);
  }
  const all: RejectedRow[] = [...batch.rejects, ...expandGroups(batch, refused)];
  // A fact retried from the quarantine (its account had not arrived) that still cannot load stays
  // where it was: it is neither read nor quarantined again by this run.
  const stillWaiting = batch.hasReplays ? all.filter((r) => batch.rowOf(r.rowNumber)?.replays?.retry) : [];
  const rejects = stillWaiting.length ? all.filter((r) => !batch.rowOf(r.rowNumber)?.replays?.retry) : all;
  const { actions, rows } = await countActions(trx, o.stage);
  if (actions.update + actions.merge > 0) {
    // The staging table has no statistics yet: without them the planner may scan the whole CRM
    // table to update a few rows. Two columns only: a full ANALYZE of wide rows costs more.
    await trx.raw(`ANALYZE ${o.stage.stage} (action, crm_id)`);
  }
  lap('count');
  await o.target.write(trx, o.stage, actions);
  lap('write');
  const counts: BatchCounts = {
    read: batch.read - stillWaiting.length,
    inserted: rows.insert,
    updated: rows.update,
    unchanged: rows.unchanged + batch.known.length,
    merged: rows.merge,
    rejected: rejects.length,
    skipped: batch.skipped.length,
  };
  const accounted = counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.rejected + counts.skipped;
  if (accounted !== counts.read) {
    // Cannot happen unless a resolve step loses rows; refuse to commit a ledger that does not add up.
    throw new Error(`batch ending at row ${batch.lastRow}: counts do not add up (${JSON.stringify(counts)})`);
  }
  rejects.sort((x, y) => x.rowNumber - y.rowNumber);
  await insertRejects(o.ledger, o.quarantine, rejects);
  await insertRejects(o.ledger, o.quarantine, batch.skipped, 'skipped');
  const rejected = new Set(rejects.map((r) => r.rowNumber));
  const kept = batch.warnings.filter((w) => !rejected.has(w.rowNumber));
  await insertWarnings(o.ledger, o.quarantine, kept);
  if (!o.stage.dryRun) await markReplayed(o.ledger, o.stage.runId, batch, new Set(all.map((r) => r.rowNumber)));
  const rowsWarned = new Set(kept.map((w) => w.rowNumber)).size;
  if (o.beforeLedger) {
    await o.beforeLedger(trx);
    lap('wait_previous');
  }
  await addBatch(o.ledger, o.stage.runId, { ...counts, warnings: kept.length, rowsWarned }, o.checkpoint);
  lap('ledger');
  return { counts, warnings: kept.length, rowsWarned, stillWaiting: stillWaiting.length };
}

/** A staging row the resolve stage refused stands for every file row of its group. */
function expandGroups(batch: LoadBatch, refused: readonly RowReject[]): RejectedRow[] {
  if (refused.length === 0) return [];
  const members = batch.memberRows();
  return refused.flatMap((r) => (members.get(r.rowNumber) ?? [r.rowNumber]).map((rowNumber) => {
    const row = batch.rowOf(rowNumber);
    return {
      rowNumber,
      externalId: null,
      raw: row?.raw ?? [],
      issues: [{ path: r.field, code: r.reason, message: r.message }],
      reason: r.reason,
      ...(row ? { place: row.place } : {}),
    };
  }));
}

/** Rows of other runs' quarantine that loaded in this batch: `replayed`, pointing at this run. */
async function markReplayed(db: Knex | Knex.Transaction, runId: number, batch: LoadBatch, rejected: ReadonlySet<number>): Promise<void> {
  const byRun = new Map<number, number[]>();
  for (const row of batch.replayRows()) {
    if (!row.replays || rejected.has(row.rowNumber)) continue;
    const list = byRun.get(row.replays.runId) ?? [];
    list.push(row.replays.row);
    byRun.set(row.replays.runId, list);
  }
  for (const [origin, rows] of byRun) {
    await db('rejected_rows')
      .where({ sync_run_id: origin, status: 'open' })
      .whereRaw('row_number = ANY(?::int[])', [rows])
      .update({ status: 'replayed', replayed_in_run_id: runId, resolved_at: db.fn.now() });
  }
}
