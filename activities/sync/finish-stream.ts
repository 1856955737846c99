/**
 * Last step of a synced stream. A snapshot stream (an open-items list) settles the open
 * receivables its snapshot no longer lists — never deleting them — unless that would settle more
 * than the stream's `maxSettleShare` of them (a truncated export, a broken query): then the run
 * stops, says why, and settles nothing. Then the run's status and its scratch tables, as imports.
 */
import type { Knex } from 'knex';
import { settleGuard } from '../../connectors/sql';
import { SqlSourceConfig } from '../../connectors/sql/config';
import { BadInputError } from '../errors';
import { finalizeImport } from '../import/finalize-import';
import { seenTableName } from '../pipeline/seen-rows';
import { loadRun, toReport, type ImportReport } from '../pipeline/sync-runs';

export async function finishSyncStream(db: Knex, runId: number): Promise<ImportReport> {
  const run = await loadRun(db, runId);
  if (run.status !== 'running') return toReport(run);
  // A run that committed no page leaves the stream's cursor where it was: that is where it ended.
  if (run.cursor_to === null && run.stream) {
    await db('sync_runs').where({ id: runId }).whereNull('cursor_to').update({
      cursor_to: db('sync_cursors').where({ source_system_code: run.source_system_code, entity_type: run.stream }).select('cursor'),
    });
  }
  if (run.mode === 'snapshot' && run.entity_type === 'receivable') await settleMissing(db, runId, run.source_system_code, run.stream ?? 'receivables');
  return finalizeImport(db, runId);
}

async function settleMissing(db: Knex, runId: number, source: string, stream: string): Promise<void> {
  const seen = seenTableName(runId);
  const exists = (await db.raw<{ rows: { t: string | null }[] }>('SELECT to_regclass(?) AS t', [seen])).rows[0]?.t;
  // Open before this run: rows this run first wrote are not "before".
  const missingSql = `FROM receivables r WHERE r.source_system_code = ? AND r.status = 'open' AND r.first_run_id IS DISTINCT FROM ?
                        AND r.last_run_id IS DISTINCT FROM ? ${exists ? `AND NOT EXISTS (SELECT 1 FROM ${seen} x WHERE x.external_id = r.external_id)` : ''}`;
  const [{ open }] = (await db.raw<{ rows: { open: string }[] }>(
    `SELECT count(*) AS open FROM receivables r WHERE r.source_system_code = ? AND r.first_run_id IS DISTINCT FROM ? AND (r.status = 'open' OR r.last_run_id = ?)`,
    [source, runId, runId],
  )).rows as [{ open: string }];
  const [{ missing }] = (await db.raw<{ rows: { missing: string }[] }>(`SELECT count(*) AS missing ${missingSql}`, [source, runId, runId])).rows as [{ missing: string }];
  const config = SqlSourceConfig.safeParse((await db('source_systems').where({ code: source }).first('config'))?.config);
  const maxShare = config.success ? config.data.streams[stream]?.maxSettleShare ?? 0.5 : 0.5;
  const verdict = settleGuard({ openBefore: Number(open), missing: Number(missing), maxShare, stream });
  if (!verdict.ok) throw new BadInputError(verdict.refuse);
  if (Number(missing) === 0) return;
  await db.transaction(async (trx) => {
    const r = await trx.raw(
      `UPDATE receivables SET status = 'settled', settled_at = now(), last_run_id = ?, updated_at = now()
        WHERE id IN (SELECT r.id ${missingSql})`,
      [runId, source, runId, runId],
    );
    await trx('sync_runs').where({ id: runId }).update({ rows_settled: r.rowCount ?? 0, updated_at: trx.fn.now() });
  });
}
