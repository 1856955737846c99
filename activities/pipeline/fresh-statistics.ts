/**
 * Fresh planner statistics for the tables a large write has just changed.
 *
 * Autovacuum analyzes a table once 10% of it changed, but on its own schedule: the match stage
 * starts the moment the load commits its last batch. After the first import of a 1M-row file into
 * an empty CRM, `source_records` and `accounts` had never been analyzed: the planner took the
 * survivorship page query (refresh-golden-records.ts) for 14 rows and read half a million per page
 * (3.2 s a page, measured; 0.66 s after ANALYZE, which took 2.8 s for both tables).
 *
 * Segmentation needs the same (activities/segmentation): a first pass writes a million memberships,
 * and with autovacuum late or off (as on the CI machines) the next night planned its membership diff
 * on a table it took for empty and ran for minutes instead of seconds (measured).
 *
 * The threshold is autovacuum's default (50 rows + 10% of the table), so a small import into a
 * large CRM analyzes nothing. A table that was never analyzed (`reltuples` -1) but holds data is
 * analyzed whatever its counters say: they start from zero after a crash, a `pg_stat_reset()` or in
 * a database created from a template, and a dedupe of a 1M-row CRM copied that way ran every merge
 * chunk against a table the planner had no statistics for (3.4 s a chunk instead of 1.0 s, measured).
 * https://www.postgresql.org/docs/15/routine-vacuuming.html#VACUUM-FOR-STATISTICS
 */
import type { Knex } from 'knex';

/** Tables whose statistics decide the plans of the stages after a load. */
export type AnalyzedTable = 'accounts' | 'contacts' | 'source_records' | 'match_profiles'
  | 'invoice_lines' | 'invoices' | 'receivables' | 'orders' | 'activities' | 'site_visits'
  | 'segment_account_features' | 'segment_account_hashes' | 'segment_memberships' | 'account_metrics'
  | 'review_queue' | 'match_decisions' | 'match_block_keys';

/** ANALYZEs each of `tables` changed by more than autovacuum's threshold since its last analyze; returns those analyzed. */
export async function analyzeIfStale(db: Knex, tables: readonly AnalyzedTable[]): Promise<AnalyzedTable[]> {
  return analyzeWhere(db, tables, 's.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)');
}

/**
 * ANALYZEs each of `tables` for which `due` (SQL over pg_stat_user_tables `s` and pg_class `c`)
 * holds, or that holds data but was never analyzed (`reltuples` -1); returns those analyzed.
 */
async function analyzeWhere(db: Knex, tables: readonly AnalyzedTable[], due: string): Promise<AnalyzedTable[]> {
  if (tables.length === 0) return [];
  const { rows }: { rows: { relname: AnalyzedTable }[] } = await db.raw(
    `SELECT s.relname
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema() AND s.relname = ANY(?::text[])
        AND ((${due}) OR (c.reltuples < 0 AND pg_relation_size(c.oid) > 0))
      ORDER BY s.relname`,
    [[...tables]],
  );
  for (const { relname } of rows) await db.raw('ANALYZE ??', [relname]);
  return rows.map((r) => r.relname);
}

/**
 * ANALYZEs each of `tables` that holds rows it was never analyzed with, or that has more than
 * doubled since (live rows over 50 + twice the rows its last ANALYZE counted); returns those
 * analyzed. For the ledgers a dedupe fills chunk after chunk (`review_queue`, `match_decisions`):
 * the planner scales a table's last row count by its current size in pages, so their plans need
 * statistics once and then when they change shape, not after every 10% of updates. With
 * analyzeIfStale, a 1M dedupe analyzed `review_queue` 18 times as its merges superseded reviews
 * (0.26 s each: the sample detoasts every explanation) and `match_decisions` 34 times as it grew
 * (2.9 s), 7.6 s of the server's time in its apply (pg_stat_statements, 2026-12-06).
 */
export async function analyzeIfGrown(db: Knex, tables: readonly AnalyzedTable[]): Promise<AnalyzedTable[]> {
  return analyzeWhere(db, tables, 's.n_live_tup > 50 + 2 * greatest(c.reltuples, 0)');
}

/**
 * Whether `table` passed autovacuum's default VACUUM thresholds since its last vacuum: 1,000 rows
 * + 20% of the table inserted, or 50 + 20% dead
 * (https://www.postgresql.org/docs/15/routine-vacuuming.html#AUTOVACUUM). Counters that start from
 * zero (a crash, a copied database) only postpone it.
 */
export async function vacuumIsDue(db: Knex, table: string): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { due: boolean }[] }>(
    `SELECT (s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)
             OR s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)) AS due
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema() AND s.relname = ?`,
    [table],
  );
  return rows[0]?.due === true;
}

/**
 * VACUUM (ANALYZE) of each of `tables` past autovacuum's thresholds (vacuumIsDue); returns those
 * vacuumed. For the end of a bulk rewrite: a dedupe of 853k accounts leaves 466k dead versions in
 * `accounts` and as many in `source_records`, and until a vacuum every reader of the merged records
 * visits them and sets their hint bits. The 10k batch imported right after such a dedupe spent
 * 1.47 s in survivorship and 12.2 s in its whole match stage; after this vacuum (8.4 s for the
 * tables a dedupe changes), 0.44 and 10.6 s (measured 2026-12-05). Autovacuum does the same in its
 * own time, on the same two cores as the next import. As crmhub_worker (not the owner) it is
 * skipped with a WARNING; inside a transaction only ANALYZE runs (VACUUM cannot).
 */
export async function vacuumIfDue(db: Knex, tables: readonly AnalyzedTable[]): Promise<AnalyzedTable[]> {
  const done: AnalyzedTable[] = [];
  for (const table of tables) {
    if (!(await vacuumIsDue(db, table))) continue;
    await vacuumAnalyze(db, table);
    done.push(table);
  }
  return done;
}

/** VACUUM (ANALYZE) of `table`; inside a transaction, where VACUUM cannot run, ANALYZE alone. */
export async function vacuumAnalyze(db: Knex, table: AnalyzedTable): Promise<void> {
  await db.raw((db as Knex.Transaction).isTransaction ? 'ANALYZE ??' : 'VACUUM (ANALYZE) ??', [table]);
}
