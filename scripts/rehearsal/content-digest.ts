/**
 * What "identical to an undisturbed run" is checked against: for every CRM table, a digest of its
 * rows with the values that differ between two equal runs left out (generated uuids, timestamps,
 * serial ids, run ids, timings), and for per-run tables only the rows of the runs under test (the
 * import and the ERP sync's streams; the schedules' runs fire a different number of times in two
 * runs of equal length). Two databases that received the same data give equal digests; a lost or
 * doubled row changes the count and the digest. The console's own tables (its users, sessions and
 * audit) hold the rehearsal's login, with a salted hash and a random token: not data under test.
 */
import type pg from 'pg';

export interface TableDigest { table: string; rows: number; md5: string }

// work_chunks is the match stages' to-do list: named by run id, and how concurrent stages split
// the chunks depends on timing; what they decided is in the CRM tables, compared in full.
const SKIP_TABLES = new Set(['knex_migrations', 'knex_migrations_lock', 'console_users', 'console_sessions', 'console_audit', 'console_uploads', 'work_chunks']);
const VOLATILE_COLUMNS = new Set(['workflow_id', 'temporal_run_id', 'phase_ms', 'error', 'mapping_file']);

export async function contentDigests(client: pg.Client, runIds: number[]): Promise<TableDigest[]> {
  const ids = runIds.map((id) => Math.trunc(id)).join(', ');
  const { rows: cols } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, { name: string; type: string }[]>();
  for (const c of cols) {
    if (SKIP_TABLES.has(c.table_name)) continue;
    if (!tables.has(c.table_name)) tables.set(c.table_name, []);
    tables.get(c.table_name)!.push({ name: c.column_name, type: c.data_type });
  }
  const out: TableDigest[] = [];
  for (const [table, all] of tables) {
    const kept = all.filter((c) => c.type !== 'uuid' && !c.type.startsWith('timestamp') && !VOLATILE_COLUMNS.has(c.name)
      && !(/(^id$|_id$)/.test(c.name) && /integer|bigint/.test(c.type)));
    const names = new Set(all.map((c) => c.name));
    let where = '';
    if (table === 'sync_runs') where = `WHERE id IN (${ids})`;
    else if (names.has('sync_run_id')) where = `WHERE sync_run_id IN (${ids})`;
    // jsonb: a record's own id and a contact's account id (match profiles) and timings (match
    // summaries) sit at the top level. A match summary's `records`, `candidates` and
    // `candidatePairs` say how much of the work this run's match stage did: concurrent runs (the
    // import's, the sync's) each match every profile not matched yet, so how they split it depends
    // on timing, and since the stage works in chunks so does which run made a merge or queued a
    // pair; what they decide (merges, review queue, the records) is compared in full.
    const value = (c: { name: string; type: string }) => (c.type !== 'jsonb' ? `t."${c.name}"`
      : c.name === 'match_summary' ? `(t."${c.name}" - 'id' - 'ms' - 'records' - 'candidates' - 'candidatePairs' - 'merges' - 'recordsAbsorbed' - 'reviewQueued' - 'clusters' - 'recomputed' - 'skippedDecidedPairs')` : `(t."${c.name}" - 'id' - 'ms' - 'account')`);
    const row = kept.length ? kept.map((c) => `coalesce((${value(c)})::text, '∅')`).join(` || '|' || `) : `''`;
    const { rows } = await client.query<{ n: string; md5: string | null }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS md5 FROM (SELECT ${row} AS r FROM "${table}" t ${where}) x`,
    );
    out.push({ table, rows: Number(rows[0]!.n), md5: rows[0]!.md5 ?? '' });
  }
  return out;
}

/** Tables whose digests differ, or an empty list. */
export function compareDigests(reference: TableDigest[], actual: TableDigest[]): string[] {
  const byName = new Map(actual.map((d) => [d.table, d]));
  const diffs: string[] = [];
  for (const r of reference) {
    const a = byName.get(r.table);
    if (!a) diffs.push(`${r.table}: missing`);
    else if (a.rows !== r.rows || a.md5 !== r.md5) diffs.push(`${r.table}: ${a.rows} rows (reference ${r.rows})${a.rows === r.rows ? ', contents differ' : ''}`);
  }
  return diffs;
}
