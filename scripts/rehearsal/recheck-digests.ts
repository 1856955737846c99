/**
 * Recomputes the digests of a kept rehearsal's two databases (after `--keep`, or with the cluster
 * started again): `node bin/run-ts.cjs scripts/rehearsal/recheck-digests.ts [port]`. The runs
 * compared are found as the rehearsal chose them: the main import and the first ERP sync.
 */
import pg from 'pg';
import { compareDigests, contentDigests } from './content-digest';

async function digestsOf(port: number, db: string) {
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${db}` });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: number }>(`
      SELECT id FROM sync_runs WHERE workflow_id LIKE 'rehearsal-%-main-%'
      UNION ALL
      SELECT id FROM sync_runs WHERE workflow_id = 'sync-erp_rehearsal'
         AND temporal_run_id = (SELECT temporal_run_id FROM sync_runs WHERE workflow_id = 'sync-erp_rehearsal' ORDER BY id LIMIT 1)`);
    return await contentDigests(c, rows.map((r) => Number(r.id)));
  } finally {
    await c.end();
  }
}

void (async () => {
  const port = Number(process.argv[2] ?? 5434);
  const ref = await digestsOf(port, 'crmhub_rehearsal_ref');
  const dis = await digestsOf(port, 'crmhub_rehearsal');
  const diffs = compareDigests(ref, dis);
  process.stdout.write(`${ref.length} tables, ${ref.reduce((a, d) => a + d.rows, 0).toLocaleString('en')} rows: ${diffs.length ? `DIFFERENT: ${diffs.join('; ')}` : 'identical'}\n`);
  if (diffs.length) process.exitCode = 1;
})();
