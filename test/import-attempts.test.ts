/**
 * Attempts and locks of the load (issue 8, "from a read of the code"), against a real PostgreSQL:
 * - two attempts of one load at once (Temporal retried an attempt whose worker was slow, not dead):
 *   each works in its own staging tables, the checkpoint only moves compare-and-set, the loser
 *   fails without committing, and the run ends exact;
 * - a dry run locks no CRM row while it runs, so syncs, merges and people editing are not held up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImportRows } from '../activities/import/load-import-rows';
import { prepareImport } from '../activities/import/prepare-import';
import { SupersededAttemptError } from '../activities/pipeline/sync-runs';
import { count, freshTestDatabase } from './support/test-database';

const mapping = { version: 1, entity: 'accounts', source: 'attempts', locale: 'es', columns: { 'Código': 'external_id', 'Razón social': 'name', 'Población': 'city' } };

describe('load attempts and locks', () => {
  let db: Knex;
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-attempts-'));
  const file = (name: string, rows: number, city = 'Madrid') => {
    const p = join(dir, name);
    const lines = ['Código;Razón social;Población'];
    for (let i = 1; i <= rows; i++) lines.push(`A${i};Empresa ${i} SL;${city}`);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  };
  const prepare = (path: string, extra: Record<string, unknown> = {}) =>
    prepareImport(db, { file: path, entity: 'accounts', mapping, batchSize: 500, match: false, ...extra }, { workflowId: `wf-${path}-${JSON.stringify(extra)}`, runId: 'r1' });

  beforeAll(async () => {
    db = await freshTestDatabase();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('two attempts of one load at once: the superseded one cannot commit over the other, and the run ends exact', async () => {
    const { runId } = await prepare(file('race.csv', 6000));
    const outcomes = await Promise.allSettled([loadImportRows({ db, attempt: 1 }, runId), loadImportRows({ db, attempt: 2 }, runId)]);
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed.length).toBeGreaterThanOrEqual(1); // both started at checkpoint 0: only one can move it
    for (const f of failed) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(SupersededAttemptError);
    // Temporal's next retry finishes what the losers left (nothing, if one attempt went all the way).
    await loadImportRows({ db, attempt: 3 }, runId);
    const run = await db('sync_runs').where({ id: runId }).first();
    expect({ read: run.rows_read, inserted: run.rows_inserted, merged: run.rows_merged, unchanged: run.rows_unchanged, checkpoint: run.checkpoint_row })
      .toEqual({ read: 6000, inserted: 6000, merged: 0, unchanged: 0, checkpoint: 6001 });
    expect(await count(db, 'accounts')).toBe(6000);
    expect(await count(db, 'source_records', { source_system_code: 'attempts' })).toBe(6000);
  });

  it('a dry run holds no lock on the CRM rows it would update, between its batches', async () => {
    const { runId: real } = await prepare(file('base.csv', 1200));
    await loadImportRows({ db }, real);
    const { id } = await db('accounts').where({ name: 'Empresa 1' }).first('id');
    // The same customers in another town, as a dry run in batches of 300.
    const { runId } = await prepare(file('dry.csv', 1200, 'Getafe'), { dryRun: true, batchSize: 300 });
    const nowait = () => db.transaction(async (trx) => {
      await trx.raw('SELECT id FROM accounts WHERE id = ? FOR UPDATE NOWAIT', [id]);
      return true;
    }).catch(() => false);
    // The heartbeat comes after each batch, while the dry run's one transaction is still open:
    // another session takes the row lock of an account the dry run would update, without waiting.
    const probes: Promise<boolean>[] = [];
    await loadImportRows({ db, heartbeat: () => { probes.push(nowait()); } }, runId);
    const granted = await Promise.all(probes);
    expect(granted).toEqual([true, true, true, true]);
    const run = await db('sync_runs').where({ id: runId }).first();
    expect({ read: run.rows_read, updated: run.rows_updated }).toEqual({ read: 1200, updated: 1200 });
    expect((await db('accounts').where({ id }).first()).city).toBe('Madrid'); // the dry run wrote nothing
  });
});
