/**
 * Per-account features, computed once per run and read by every rule: set-based SQL, one pass over
 * each fact table, nothing per row in Node.
 *
 * The dirty set (what a nightly run recomputes): accounts with facts written since the last run
 * (`updated_at` past the high-water mark, less a 5-minute margin for transactions that committed
 * late), accounts without features, and accounts whose `recompute_on` has come: the first date on
 * which one of their facts leaves a window or a receivable crosses 60 days overdue, and the
 * accounts of merges made or undone since (a merge re-points facts without touching them). A full
 * pass runs the first time, when the zone or currency changes, and on request (`--full`): deleted
 * facts are only seen by a full pass.
 */
import type { Knex } from 'knex';
import { ACCOUNT_INPUTS_HASH, LOOKUPS_HASH } from '../../domain/segmentation/catalogue';
import { analyzeIfStale } from '../pipeline/fresh-statistics';
import { raw, sql, Sql } from '../../domain/segmentation/sql-fragment';
import { addDays, localMidnight, windowDates } from '../../domain/segmentation/windows';
import { segmentationSettings } from './settings';

export interface FeatureRequest { asOf: string; timezone: string; currency: string; full?: boolean }
export interface FeatureResult { mode: 'full' | 'dirty'; accounts: number; ms: number; generation?: number; changed?: number; timings?: Record<string, number>; parts?: number }

const FACTS_WITH_ACCOUNTS = ['invoice_lines', 'invoices', 'receivables', 'orders', 'activities', 'site_visits'];

/**
 * Families as bits of a bigint while product_families has at most 62 codes (an invoice line's
 * family is a foreign key to it): a bit_or per day and per account is far cheaper than
 * array_agg(DISTINCT …), which sorts within every group. More codes: the arrays, slower.
 */
export const MAX_FAMILY_BITS = 62;

function familyColumns(families: string[] | null, d12: string, asOf: string): { day: Sql; account: Sql; decode: (col: string) => Sql } {
  if (families) {
    return {
      day: sql`bit_or(1::bigint << array_position(${families}::text[], product_family)) AS fam`,
      account: sql`bit_or(fam) FILTER (WHERE d >= ${d12}::date AND d <= ${asOf}::date) AS fam12, bit_or(fam) AS fam_all`,
      // One CASE per family, not an unnest subquery per account: 0.4 against 0.9 s per million
      // accounts and column (measured). Bit i + 1 is the family at index i (array_position is 1-based).
      decode: (col) => families.length
        ? sql`array_remove(ARRAY[${Sql.join(families.map((code, i) => sql`CASE WHEN il.${raw(col)} & ${String(2n ** BigInt(i + 1))}::bigint <> 0 THEN ${code}::text END`), ', ')}]::text[], NULL)`
        : raw(`'{}'::text[]`),
    };
  }
  // Codes joined with a unit separator (lookup codes hold no control characters), split once per account.
  return {
    day: raw(`string_agg(DISTINCT product_family, chr(31)) AS fam`),
    account: sql`string_agg(fam, chr(31)) FILTER (WHERE d >= ${d12}::date AND d <= ${asOf}::date) AS fam12, string_agg(fam, chr(31)) AS fam_all`,
    decode: (col) => sql`ARRAY(SELECT DISTINCT x FROM unnest(string_to_array(il.${raw(col)}, chr(31))) x ORDER BY x)`,
  };
}

export function featureSelect(r: FeatureRequest, scoped: boolean, families: string[] | null): Sql {
  const d12 = windowDates({ last: { n: 12, unit: 'month' } }, r.asOf).from;
  const d36 = windowDates({ last: { n: 36, unit: 'month' } }, r.asOf).from;
  const d90 = windowDates({ last: { n: 90, unit: 'day' } }, r.asOf).from;
  const end = localMidnight(addDays(r.asOf, 1), r.timezone);
  const i12 = localMidnight(d12, r.timezone);
  const i90 = localMidnight(d90, r.timezone);
  const only = scoped ? raw(' AND account_id IN (SELECT account_id FROM seg_dirty)') : raw('');
  const fam = familyColumns(families, d12, r.asOf);
  // Invoice lines in two sorted steps over the covering index (account_id, issue_date) INCLUDE
  // (net_minor, currency, product_family): one row per account and day (so distinct days are a
  // count), then one per account. No sort, no hash table of ten million rows.
  return sql`SELECT a.id, ${r.asOf}::date,
      coalesce(il.t12, 0), coalesce(il.t36, 0), coalesce(il.d12, 0), coalesce(il.d36, 0), il.first_on, il.last_on,
      coalesce(o.n12, 0), coalesce(ac.visits12, 0), coalesce(ac.acts90, 0), coalesce(sv.n90, 0),
      coalesce(rc.open_minor, 0), coalesce(rc.over60, 0),
      LEAST(il.expiry12, il.expiry36, il.next_on, o.expiry, ac.expiry12, ac.expiry90, sv.expiry, rc.crossing),
      now(), coalesce(${fam.decode('fam12')}, '{}'), coalesce(${fam.decode('fam_all')}, '{}')
    FROM accounts a
    LEFT JOIN (SELECT account_id,
        sum(net) FILTER (WHERE d >= ${d12}::date AND d <= ${r.asOf}::date) AS t12,
        sum(net) FILTER (WHERE d >= ${d36}::date AND d <= ${r.asOf}::date) AS t36,
        count(*) FILTER (WHERE d >= ${d12}::date AND d <= ${r.asOf}::date) AS d12,
        count(*) FILTER (WHERE d >= ${d36}::date AND d <= ${r.asOf}::date) AS d36,
        min(d) FILTER (WHERE d <= ${r.asOf}::date) AS first_on,
        max(d) FILTER (WHERE d <= ${r.asOf}::date) AS last_on,
        (min(d) FILTER (WHERE d >= ${d12}::date) + interval '12 months')::date AS expiry12,
        (min(d) FILTER (WHERE d >= ${d36}::date) + interval '36 months')::date AS expiry36,
        -- A line dated after the as-of date (an invoice issued ahead) enters the windows on its date:
        -- the account is dirty again then, although the line was written long before.
        min(d) FILTER (WHERE d > ${r.asOf}::date) AS next_on,
        ${fam.account}
      FROM (SELECT account_id, issue_date AS d, sum(net_minor) FILTER (WHERE currency = ${r.currency}) AS net, ${fam.day}
              FROM invoice_lines WHERE true${only} GROUP BY account_id, issue_date) days
      GROUP BY account_id) il ON il.account_id = a.id
    LEFT JOIN (SELECT account_id, count(*) AS n12, (min(ordered_at AT TIME ZONE ${r.timezone})::date + interval '12 months')::date AS expiry
      FROM orders WHERE ordered_at >= ${i12}::timestamptz AND ordered_at < ${end}::timestamptz${only} GROUP BY account_id) o ON o.account_id = a.id
    LEFT JOIN (SELECT account_id,
        count(*) FILTER (WHERE kind = 'visit') AS visits12,
        count(*) FILTER (WHERE occurred_at >= ${i90}::timestamptz) AS acts90,
        (min(occurred_at AT TIME ZONE ${r.timezone}) FILTER (WHERE kind = 'visit') + interval '12 months')::date AS expiry12,
        (min(occurred_at AT TIME ZONE ${r.timezone}) FILTER (WHERE occurred_at >= ${i90}::timestamptz))::date + 90 AS expiry90
      FROM activities WHERE occurred_at >= ${i12}::timestamptz AND occurred_at < ${end}::timestamptz${only} GROUP BY account_id) ac ON ac.account_id = a.id
    LEFT JOIN (SELECT account_id, count(*) AS n90, (min(visited_at AT TIME ZONE ${r.timezone}))::date + 90 AS expiry
      FROM site_visits WHERE visited_at >= ${i90}::timestamptz AND visited_at < ${end}::timestamptz${only} GROUP BY account_id) sv ON sv.account_id = a.id
    LEFT JOIN (SELECT account_id,
        sum(amount_due_minor) FILTER (WHERE currency = ${r.currency}) AS open_minor,
        sum(amount_due_minor) FILTER (WHERE currency = ${r.currency} AND ${r.asOf}::date - due_date > 60) AS over60,
        min(due_date + 61) FILTER (WHERE due_date + 61 > ${r.asOf}::date) AS crossing
      FROM receivables WHERE status = 'open'${only} GROUP BY account_id) rc ON rc.account_id = a.id`;
}

const COLUMNS = `account_id, as_of, turnover_12m_minor, turnover_36m_minor, invoice_days_12m, invoice_days_36m, first_invoice_on, last_invoice_on,
  orders_12m, visits_12m, activities_90d, site_visits_90d, open_receivables_minor, overdue_60_minor, recompute_on, computed_at,
  families_12m, families_all`;

/**
 * Joins by index lookups only (hash and merge joins off) for the rest of the transaction, or back
 * to the planner's choice: for statements that touch a few rows of large tables, where the
 * planner would rather hash the whole table.
 */
export async function joinByIndexOnly(trx: Knex.Transaction, on: boolean): Promise<void> {
  const v = on ? 'off' : 'on';
  await trx.raw(`SET LOCAL enable_hashjoin = ${v}; SET LOCAL enable_mergejoin = ${v}`);
}

/** Feature columns a rule may read: the changed set lists which of them changed (not as_of, computed_at, recompute_on). */
export const RULE_FEATURE_COLUMNS = COLUMNS.split(',').map((c) => c.trim()).filter((c) => !['account_id', 'as_of', 'recompute_on', 'computed_at'].includes(c));

/**
 * One slice of a dirty refresh, in a transaction with temp table seg_dirty (the slice's accounts):
 * their features written (`q`), then the changed set, then their hashes. The changed set lists an
 * account with `columns` NULL (every rule re-evaluates it) when its fields changed (hash), it is new
 * (no hash row) or deleted; otherwise with the feature columns whose value changed, and not at all
 * when none did (an account dirty for site visits that no rule reads, say). A rule re-evaluates the
 * accounts whose changes touch a column it reads (evaluate-rule.ts). The old values come from a copy
 * taken before the write, the new ones from the write itself; whether the account itself changed
 * comes from the dirty set (seg_dirty.whole: its hash differed, it is new, or merged).
 */
async function refreshDirtySlice(trx: Knex.Transaction, q: Sql, few: boolean): Promise<{ accounts: number; changed: number }> {
  const cols = RULE_FEATURE_COLUMNS;
  if (few) await joinByIndexOnly(trx, true);
  await trx.raw(`CREATE TEMP TABLE seg_old ON COMMIT DROP AS SELECT account_id, ${cols.join(', ')} FROM segment_account_features WHERE account_id IN (SELECT account_id FROM seg_dirty)`);
  if (few) await joinByIndexOnly(trx, false);
  // The new values as written (RETURNING), so the comparison below reads temp tables only.
  const accounts = await upsertDirtyFeatures(trx, sql`CREATE TEMP TABLE seg_new ON COMMIT DROP AS WITH w AS (${q} RETURNING account_id, ${raw(cols.join(', '))}) SELECT * FROM w`);
  const diff = cols.map((c) => `CASE WHEN o.${c} IS DISTINCT FROM n.${c} THEN '${c}' END`).join(', ');
  const changed = (await trx.raw(`INSERT INTO segment_changed_accounts (account_id, columns)
      SELECT account_id, columns FROM (
        SELECT d.account_id, CASE WHEN d.whole OR o.account_id IS NULL OR n.account_id IS NULL THEN NULL
                                  ELSE array_remove(ARRAY[${diff}]::text[], NULL) END AS columns
          FROM seg_dirty d LEFT JOIN seg_old o ON o.account_id = d.account_id LEFT JOIN seg_new n ON n.account_id = d.account_id) c
     WHERE columns IS NULL OR cardinality(columns) > 0`)).rowCount ?? 0;
  // Hash rows change only for the accounts that changed themselves (or are new).
  if (few) await joinByIndexOnly(trx, true);
  await trx.raw(`INSERT INTO segment_account_hashes (account_id, hash, row_xmin) SELECT a.id, ${ACCOUNT_INPUTS_HASH}, a.xmin FROM accounts a
      WHERE a.deleted_at IS NULL AND a.id IN (SELECT account_id FROM seg_dirty WHERE whole) ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, row_xmin = excluded.row_xmin`);
  if (few) await joinByIndexOnly(trx, false);
  return { accounts, changed };
}

/** The features of the dirty accounts in temp table seg_dirty (the statement `q`), written. */
async function upsertDirtyFeatures(trx: Knex.Transaction, q: Sql): Promise<number> {
  // Without merge joins: the planner's merge join of the dirty accounts with the invoice-line
  // index walked all of it (10M entries for 2.6M lines at 1M accounts); the other plans it then
  // picks take 5.6 instead of 6.2–6.6 s there (measured twice each).
  await trx.raw('SET LOCAL enable_mergejoin = off');
  const n = (await trx.raw(q.text, q.values as Knex.RawBinding[])).rowCount ?? 0;
  await trx.raw('SET LOCAL enable_mergejoin = on');
  return n;
}

/**
 * How many parts: one per connection a pass may use at once (CRMHUB_RULES_CONCURRENCY), never
 * below CRMHUB_SEGMENT_PART_MIN_ACCOUNTS accounts a part (10,000), and leaving one pooled connection to the refresh's
 * own transaction, which holds its connection while the parts run.
 */
export function featureParts(db: Knex, dirtyAccounts: number): number {
  const poolMax = Number((db.client.config as Knex.Config).pool?.max ?? 1);
  const s = segmentationSettings();
  return Math.max(1, Math.min(s.rulesConcurrency, poolMax - 1, Math.floor(dirtyAccounts / s.featurePartMinAccounts)));
}

/** Up to this many dirty accounts, the writes after the features go by index lookups. */
const FEW_DIRTY = 100_000;

/** Work memory for the big aggregates of one refresh (the server default of 4 MB spills them to disk). */
export const SEGMENT_WORK_MEM = '256MB';

export async function refreshFeatures(db: Knex, r: FeatureRequest): Promise<FeatureResult> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let t = started;
  const lap = (name: string) => {
    const now = Date.now();
    timings[name] = now - t;
    t = now;
  };
  // Statistics of what the syncs and the last pass changed a lot (fresh-statistics.ts): the plans
  // below depend on them. (Memberships and metrics: each rule checks them before its diff.)
  await analyzeIfStale(db, ['accounts', 'invoice_lines', 'invoices', 'receivables', 'orders', 'activities', 'site_visits',
    'segment_account_features', 'segment_account_hashes']);
  return db.transaction(async (trx) => {
    // One refresher at a time (two passes never interleave their writes).
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['crmhub.segment_features']);
    await trx.raw(`SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'`);
    const state = await trx('segment_feature_state').where({ id: 1 }).first();
    // Every live account has one features row and one hash row after a refresh: the two are written,
    // deleted and truncated together, in the same transactions. So an account without a hash row is
    // one without features, and the dirty set needs only the hash join. Both tables are UNLOGGED
    // (migrations 013, 017): a crash recovery empties them, and then a full pass rebuilds both. An
    // empty table is what a crash leaves, so that is what is checked (two counts of a million rows
    // each cost 0.16 s a night; the tables cannot disagree otherwise).
    const paired = async () => {
      const [c] = (await trx.raw('SELECT EXISTS (SELECT 1 FROM segment_account_features) AS features, EXISTS (SELECT 1 FROM segment_account_hashes) AS hashes')).rows;
      return c.features && c.hashes;
    };
    // 'partial': the last refresh failed after some of its parts had committed (featureParts).
    const full = r.full || !state || state.mode === 'partial' || state.currency !== r.currency || state.timezone !== r.timezone || String(state.as_of) > r.asOf || !(await paired());
    const mark = (await trx.raw(`SELECT now() - interval '5 minutes' AS mark`)).rows[0].mark as Date;
    const lookupsHash = (await trx.raw(`SELECT ${LOOKUPS_HASH} AS h`)).rows[0].h as string;
    const codes = (await trx.raw('SELECT array_agg(code ORDER BY code) AS codes FROM product_families')).rows[0].codes as string[] | null;
    const families = (codes ?? []).length <= MAX_FAMILY_BITS ? (codes ?? []) : null;
    // Sorted aggregation over the covering index; the planner's hash plan spills ten million lines to disk.
    await trx.raw('SET LOCAL enable_hashagg = off');
    let accounts: number;
    let changed = 0;
    let parts = 1;
    if (full) {
      await trx.raw('TRUNCATE segment_changed_accounts');
      // No index drop around this bulk load: measured within the noise (docs/segmentation.md), and
      // workers run as crmhub_worker, which may not run DDL on the CRM schema (docs/production.md).
      await trx.raw('TRUNCATE segment_account_features');
      const q = sql`INSERT INTO segment_account_features (${raw(COLUMNS)}) ${featureSelect(r, false, families)} WHERE a.deleted_at IS NULL`;
      accounts = (await trx.raw(q.text, q.values as Knex.RawBinding[])).rowCount ?? 0;
      lap('features');
      await trx.raw('TRUNCATE segment_account_hashes');
      // In key order: the primary key is then filled by appends, not random inserts (2.1–2.8 → 1.8–2.1 s at 1M).
      await trx.raw(`INSERT INTO segment_account_hashes (account_id, hash, row_xmin) SELECT a.id, ${ACCOUNT_INPUTS_HASH}, a.xmin FROM accounts a WHERE a.deleted_at IS NULL ORDER BY a.id`);
      // Both tables were emptied and refilled: the rules of this pass plan on them next. (As
      // crmhub_worker, which does not own them, ANALYZE warns and skips; autovacuum then decides.)
      await trx.raw('ANALYZE segment_account_features, segment_account_hashes');
      lap('hashes');
    } else {
      const seen = state.facts_seen_until as Date;
      const changedFacts = FACTS_WITH_ACCOUNTS.map((t) => ({ part: sql`SELECT account_id, false AS whole FROM ${raw(t)} WHERE updated_at > ${seen}::timestamptz` }));
      // Dirty: new or changed facts, a fact leaving a window, merges, and accounts whose fields
      // changed (hash) or that have no features yet (no hash row: see paired above). Rules
      // re-evaluate exactly these accounts. An account whose tuple is the one hashed (same xmin,
      // migration 018) is not hashed again: 1.25–1.34 → 0.92–0.99 s at 1M (most accounts untouched).
      // `whole`: the account itself changed (fields, new, deleted, merged): every rule re-evaluates
      // it; otherwise only the rules reading a feature column that changed (refreshDirtySlice).
      const dirty = sql`CREATE TEMP TABLE seg_dirty ON COMMIT DROP AS SELECT account_id, bool_or(whole) AS whole FROM (
        ${Sql.join(changedFacts.map((f) => sql`${f.part} UNION ALL`), ' ')}
        SELECT account_id, false FROM segment_account_features WHERE recompute_on <= ${r.asOf}::date
        UNION ALL SELECT h.survivor_id, true FROM merge_history h WHERE h.entity_type = 'accounts' AND (h.created_at > ${seen}::timestamptz OR h.undone_at > ${seen}::timestamptz)
        UNION ALL SELECT unnest(h.absorbed_ids), true FROM merge_history h WHERE h.entity_type = 'accounts' AND h.undone_at > ${seen}::timestamptz
        UNION ALL SELECT a.id, true FROM accounts a LEFT JOIN segment_account_hashes h ON h.account_id = a.id
               WHERE CASE WHEN h.account_id IS NULL THEN a.deleted_at IS NULL
                          WHEN h.row_xmin = a.xmin THEN false
                          ELSE h.hash IS DISTINCT FROM ${raw(ACCOUNT_INPUTS_HASH)} END) x
        WHERE account_id IS NOT NULL GROUP BY account_id`;
      const dirtyCount = (await trx.raw(dirty.text, dirty.values as Knex.RawBinding[])).rowCount ?? 0;
      await trx.raw('CREATE UNIQUE INDEX ON seg_dirty (account_id)');
      await trx.raw('ANALYZE seg_dirty');
      lap('dirty set');
      const q = sql`INSERT INTO segment_account_features (${raw(COLUMNS)}) ${featureSelect(r, true, families)}
        WHERE a.deleted_at IS NULL AND a.id IN (SELECT account_id FROM seg_dirty)
        ON CONFLICT (account_id) DO UPDATE SET ${raw(COLUMNS.split(',').slice(1).map((c) => `${c.trim()} = excluded.${c.trim()}`).join(', '))}`;
      parts = featureParts(db, dirtyCount);
      const few = dirtyCount <= FEW_DIRTY;
      if (parts > 1) {
        // Computed in parts on their own connections: one statement uses one core, and this is the
        // longest step of a night while the second core idles (1M accounts, 74,695 dirty: 3.2 s in
        // one statement, 1.8 s in two halves at once, measured twice). The parts commit before this
        // transaction does, so the state says 'partial' first, and the changed set is emptied, in a
        // transaction of their own: a refresh that fails after a part committed leaves features this
        // transaction's state does not describe, and the next refresh then runs in full (`full` above).
        const rows = (await trx.raw('SELECT account_id, whole FROM seg_dirty ORDER BY account_id')).rows as { account_id: string; whole: boolean }[];
        await db.transaction(async (mark) => {
          await mark('segment_feature_state').where({ id: 1 }).update({ mode: 'partial' });
          await mark.raw('TRUNCATE segment_changed_accounts');
        });
        const counts = await Promise.all(Array.from({ length: parts }, (_, k) => db.transaction(async (part) => {
          await part.raw(`SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'`);
          await part.raw('SET LOCAL enable_hashagg = off');
          const mine = rows.filter((_, i) => i % parts === k);
          await part.raw('CREATE TEMP TABLE seg_dirty ON COMMIT DROP AS SELECT * FROM unnest(?::uuid[], ?::boolean[]) AS d(account_id, whole)', [mine.map((x) => x.account_id), mine.map((x) => x.whole)]);
          await part.raw('CREATE UNIQUE INDEX ON seg_dirty (account_id)');
          await part.raw('ANALYZE seg_dirty');
          return refreshDirtySlice(part, q, few);
        })));
        accounts = counts.reduce((a, b) => a + b.accounts, 0);
        changed = counts.reduce((a, b) => a + b.changed, 0);
      } else {
        await trx.raw('TRUNCATE segment_changed_accounts');
        ({ accounts, changed } = await refreshDirtySlice(trx, q, few));
      }
      lap('features');
      // Features and hashes of dirty accounts that are now deleted are dropped (one scan of
      // accounts finds them for both tables). Facts of an account that the features no longer see
      // (all its facts gone) leave no row behind in the joins.
      if (few) await joinByIndexOnly(trx, true);
      await trx.raw(`WITH gone AS MATERIALIZED (SELECT a.id FROM accounts a WHERE a.deleted_at IS NOT NULL AND a.id IN (SELECT account_id FROM seg_dirty)),
          f AS (DELETE FROM segment_account_features WHERE account_id IN (SELECT id FROM gone))
        DELETE FROM segment_account_hashes WHERE account_id IN (SELECT id FROM gone)`);
      if (few) await joinByIndexOnly(trx, false);
      lap('deleted accounts');
    }
    const generation = Number(state?.generation ?? 0) + 1;
    await trx('segment_feature_state').insert({
      id: 1, as_of: r.asOf, currency: r.currency, timezone: r.timezone, facts_seen_until: mark, generation, mode: full ? 'full' : 'dirty',
      previous_as_of: state ? state.as_of : null, lookups_hash: lookupsHash, lookups_changed: !state || state.lookups_hash !== lookupsHash,
    }).onConflict('id').merge();
    return { mode: full ? 'full' : 'dirty', accounts, ms: Date.now() - started, generation, changed, timings, parts };
  });
}

export interface FeatureState { generation: number; mode: 'full' | 'dirty'; asOf: string; previousAsOf: string | null; lookupsChanged: boolean; timezone: string; currency: string }

export async function featureState(db: Knex): Promise<FeatureState | null> {
  const s = await db('segment_feature_state').where({ id: 1 }).first();
  if (!s) return null;
  const date = (d: unknown) => (d === null || d === undefined ? null : typeof d === 'string' ? d : (d as Date).toISOString().slice(0, 10));
  return { generation: Number(s.generation), mode: s.mode, asOf: date(s.as_of)!, previousAsOf: date(s.previous_as_of), lookupsChanged: Boolean(s.lookups_changed), timezone: s.timezone, currency: s.currency };
}
