/**
 * A progress bar on a terminal (stderr), fed by the run ledger: the counts each committed batch
 * adds to `sync_runs`. Off when stderr is not a TTY or output is JSON.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Knex } from 'knex';

export function startProgress(db: Knex, workflowId: string, enabled: boolean): () => void {
  if (!enabled || !process.stderr.isTTY) return () => undefined;
  const bar = new SingleBar(
    { format: 'importing |{bar}| {value}/{total} rows  {rate} rows/s  run {run}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  const t0 = Date.now();
  const timer = setInterval(async () => {
    const run = await db('sync_runs').where({ workflow_id: workflowId }).orderBy('id', 'desc').first('id', 'rows_read', 'rows_estimated').catch(() => null);
    if (!run) return;
    const total = Math.max(run.rows_estimated ?? 0, run.rows_read, 1);
    const rate = Math.round(run.rows_read / Math.max((Date.now() - t0) / 1000, 0.001));
    if (!started) {
      bar.start(total, run.rows_read, { run: run.id, rate });
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(run.rows_read, { run: run.id, rate });
    }
  }, 300);
  return () => {
    clearInterval(timer);
    if (started) bar.stop();
  };
}
