/**
 * The resolve stage's building blocks, as set-based SQL over a batch's staging table.
 * Each step only touches rows that no earlier step resolved (`crm_id IS NULL`) and sets their
 * `action`. Rows no step resolves are new records: they keep `crm_id` NULL and use the `new_id`
 * the loader generated, so a first load costs no UPDATE pass over the staging table.
 */
import type { Knex } from 'knex';
import type { ActionCounts, EntityType, ResolveStep, RowReject, StageContext } from './targets/entity-target';

/**
 * 1. The identity map: this source already told us about this external id. One unique-index
 * probe per staged row (LATERAL … LIMIT 1, which the planner cannot flatten into a join): a hash
 * join would read every identity row of the source for every batch (stale statistics after a big
 * load make the planner pick it), which made million-row imports quadratic.
 *
 * - written earlier in this same run (the same customer again further down the file): `merge`,
 *   re-collapsed with what that earlier row wrote;
 * - every row of the staged group is one the identity map already holds (its `row_hashes`):
 *   `unchanged`, so a re-import of a file with duplicates inside it writes nothing;
 * - otherwise `update`.
 * `regroup` marks rows collapse-groups.ts must re-collapse with stored members.
 */
export function identityStep(entityType: EntityType): ResolveStep {
  return {
    name: 'identity',
    async run(trx, ctx) {
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = m.crm_id, prev_hash = m.data_hash, resolved_by = 'identity',
                prev_row_hashes = m.known_hashes,
                action = CASE WHEN m.last_run_id = ? THEN 'merge'
                              WHEN s.row_hashes <@ m.known_hashes THEN 'unchanged'
                              ELSE 'update' END,
                regroup = (m.last_run_id = ?),
                prev_members = CASE WHEN m.last_run_id = ? THEN m.members END,
                prev_payload = CASE WHEN m.last_run_id = ? THEN m.payload END
           FROM (SELECT s2.row_number, f.crm_id, f.data_hash, f.last_run_id, f.members, f.payload,
                        coalesce(f.row_hashes, ARRAY[f.data_hash]) AS known_hashes
                   FROM ${ctx.stage} s2
                   CROSS JOIN LATERAL (SELECT sr.crm_id, sr.data_hash, sr.last_run_id, sr.members, sr.payload, sr.row_hashes
                                         FROM source_records sr
                                        WHERE sr.source_system_code = ? AND sr.entity_type = ?
                                          AND sr.external_id = s2.external_id LIMIT 1) f) m
          WHERE s.row_number = m.row_number`,
        [ctx.runId, ctx.runId, ctx.runId, ctx.runId, ctx.sourceSystem, entityType],
      );
    },
  };
}

/**
 * 2. An exact key against the CRM (a valid tax id, a normalized e-mail). Exactly one live record
 * with that key: the row joins it. Two or more (subsidiaries sharing a tax id, duplicates a person
 * kept apart): the match is ambiguous and the row is quarantined as `ambiguous_match`, naming the
 * candidates, rather than joining one of them silently (see ambiguousRejects).
 */
export function exactKeyStep(opts: { name: string; table: string; keys: [stageCol: string, tableCol: string][] }): ResolveStep {
  const notNull = opts.keys.map(([s]) => `s2.${s} IS NOT NULL`).join(' AND ');
  const match = opts.keys.map(([s, t]) => `t.${t} = s2.${s}`).join(' AND ');
  return {
    name: opts.name,
    async run(trx, ctx) {
      // At most two index probes per unresolved row (LATERAL … LIMIT 2), whatever the CRM's size;
      // the batch's own rows are matched back by primary key.
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = m.ids[1], resolved_by = ?,
                action = CASE WHEN cardinality(m.ids) = 1 THEN 'merge' ELSE 'ambiguous' END,
                prev_members = CASE WHEN cardinality(m.ids) > 1 THEN to_jsonb(m.ids) END
           FROM (SELECT s2.row_number, array_agg(f.id ORDER BY f.created_at, f.id) AS ids
                   FROM ${ctx.stage} s2
                   CROSS JOIN LATERAL (SELECT t.id, t.created_at FROM ${opts.table} t
                                        WHERE ${match} AND t.deleted_at IS NULL
                                        ORDER BY t.created_at, t.id LIMIT 2) f
                  WHERE s2.crm_id IS NULL AND ${notNull}
                  GROUP BY s2.row_number) m
          WHERE s.row_number = m.row_number`,
        [opts.name],
      );
    },
  };
}

/**
 * Staged rows an exact key matched to several live records: removed from the batch and returned
 * as rejects (every file row of the group is quarantined by the caller). `describe` names the key
 * from the staging row.
 */
export function ambiguityStep(describe: (stageRow: Record<string, string>) => string): ResolveStep {
  return {
    name: 'ambiguity',
    async run(trx, ctx): Promise<RowReject[]> {
      const { rows } = await trx.raw<{ rows: { row_number: number; resolved_by: string; candidates: string[]; key: Record<string, string> }[] }>(
        `DELETE FROM ${ctx.stage} s WHERE s.action = 'ambiguous'
         RETURNING s.row_number, s.resolved_by, ARRAY(SELECT jsonb_array_elements_text(s.prev_members)) AS candidates, to_jsonb(s) AS key`,
      );
      return rows.map((r) => ({
        rowNumber: r.row_number,
        reason: 'ambiguous_match',
        field: r.resolved_by,
        message: `${describe(r.key)} matches ${r.candidates.length} live records (${r.candidates.join(', ')}): `
          + 'give the row an external id, or merge those records or tell them apart in the CRM, then replay it',
      }));
    },
  };
}

/**
 * 3. Rows of this batch that are still unresolved are new records, except that rows sharing an
 * exact key with an earlier unresolved row of the batch join that row's new record.
 */
export function newRecordsStep(opts: { name: string; keys: string[] }): ResolveStep {
  const notNull = opts.keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const keyList = opts.keys.join(', ');
  const join = opts.keys.map((k) => `f.${k} = s.${k}`).join(' AND ');
  return {
    name: 'new',
    async run(trx, ctx) {
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = f.new_id, resolved_by = ?, action = 'merge'
           FROM (SELECT DISTINCT ON (${keyList}) row_number, new_id, ${keyList} FROM ${ctx.stage}
                  WHERE crm_id IS NULL AND ${notNull} ORDER BY ${keyList}, row_number) f
          WHERE s.crm_id IS NULL AND ${join} AND s.row_number <> f.row_number`,
        [opts.name],
      );
    },
  };
}

/** A staged row's CRM id, action and resolution, new records included (see the header). */
export const ROW_CRM_ID = 'coalesce(s.crm_id, s.new_id)';
export const ROW_ACTION = "coalesce(s.action, 'insert')";
export const ROW_RESOLVED_BY = "coalesce(s.resolved_by, 'new')";

/** The identity map and lineage: which source record feeds which CRM record, with what values. */
export async function upsertSourceRecords(trx: Knex.Transaction, ctx: StageContext, entityType: EntityType, payloadColumns: readonly string[]): Promise<void> {
  const payload = `jsonb_strip_nulls(jsonb_build_object(${payloadColumns.map((c) => `'${c}', s.${c}`).join(', ')}, 'extras', s.extras))`;
  await trx.raw(
    `INSERT INTO source_records (source_system_code, entity_type, external_id, crm_id, data_hash, payload, resolved_by,
                                 first_run_id, last_run_id, last_place, row_hashes, members, row_fingerprint)
     SELECT ?, ?, s.external_id, ${ROW_CRM_ID}, s.data_hash, ${payload}, ${ROW_RESOLVED_BY}, ?, ?,
            jsonb_build_object('file', ?::text, 'sheet', ?::text, 'row', s.row_number),
            CASE WHEN cardinality(s.row_hashes) > 1 THEN s.row_hashes END, s.members,
            CASE WHEN cardinality(s.row_hashes) = 1 THEN s.row_fingerprint END -- not a group re-collapsed with earlier rows
       FROM ${ctx.stage} s WHERE s.action IS DISTINCT FROM 'unchanged'
     ON CONFLICT (source_system_code, entity_type, external_id) DO UPDATE
        SET crm_id = EXCLUDED.crm_id, data_hash = EXCLUDED.data_hash, payload = EXCLUDED.payload,
            last_seen_at = now(), last_run_id = EXCLUDED.last_run_id, last_place = EXCLUDED.last_place,
            row_hashes = EXCLUDED.row_hashes, members = EXCLUDED.members, row_fingerprint = EXCLUDED.row_fingerprint`,
    [ctx.sourceSystem, entityType, ctx.runId, ctx.runId, ctx.fileName, ctx.sheet],
  );
}

/**
 * What the batch's staging rows will do, and the file rows behind them: a group of rows that share
 * an external id counts once for its action and its other rows as merged into it, except when the
 * group is unchanged (then every row of it is).
 */
export async function countActions(trx: Knex.Transaction, ctx: StageContext): Promise<{ actions: ActionCounts; rows: ActionCounts }> {
  const { rows } = await trx.raw<{ rows: { action: string; n: string; r: string }[] }>(
    `SELECT ${ROW_ACTION} AS action, count(*) AS n, sum(s.batch_rows) AS r FROM ${ctx.stage} s GROUP BY 1`,
  );
  const actions = { insert: 0, update: 0, unchanged: 0, merge: 0 };
  const counted = { insert: 0, update: 0, unchanged: 0, merge: 0 };
  for (const r of rows) {
    const a = r.action as keyof ActionCounts;
    const groups = Number(r.n);
    const members = Number(r.r);
    actions[a] = groups;
    if (a === 'unchanged') counted.unchanged += members;
    else {
      counted[a] += groups;
      counted.merge += members - groups;
    }
  }
  return { actions, rows: counted };
}

/**
 * A user for each account manager named by the batch, found by e-mail or name, created when
 * unknown (account managers are often only a name in an export).
 */
export async function ensureUsers(trx: Knex.Transaction, ctx: StageContext): Promise<void> {
  await ensureUsersFrom(trx, ctx, 'account_manager');
}

/** The same for any staging column naming a user (an activity's visitor). */
export async function ensureUsersFrom(trx: Knex.Transaction, ctx: StageContext, column: string): Promise<void> {
  await trx.raw(
    `INSERT INTO users (full_name, email)
     SELECT DISTINCT ON (lower(am))
            CASE WHEN am LIKE '%@%' THEN split_part(am, '@', 1) ELSE am END,
            CASE WHEN am LIKE '%@%' THEN lower(am) END
       FROM (SELECT ${column} AS am FROM ${ctx.stage} WHERE ${column} IS NOT NULL AND action IS DISTINCT FROM 'unchanged') x
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(x.am) OR lower(u.full_name) = lower(x.am))
      ORDER BY lower(am)
     ON CONFLICT DO NOTHING`,
  );
}

export const USER_ID_SQL = (col: string) =>
  `CASE WHEN ${col} IS NOT NULL THEN (SELECT u.id FROM users u WHERE lower(u.email) = lower(${col}) OR lower(u.full_name) = lower(${col})
     ORDER BY (lower(u.email) = lower(${col})) DESC NULLS LAST, u.created_at LIMIT 1) END`;

/**
 * Last resolve step (issue 4, merges racing a sync): locks the CRM rows the batch will write,
 * in id order (the order merges lock in, so the two cannot deadlock), and sends rows whose
 * record was merged meanwhile to the survivor (following merge chains). A merge that committed
 * before the lock is seen here; one that starts after waits for this batch. So no write lands on
 * an absorbed record and no identity-map row points to one. Contacts lock their accounts first
 * (FOR SHARE: a merge of that account waits, other imports do not), the order merges use too.
 */
export function lockAndRedirectStep(table: 'accounts' | 'contacts'): ResolveStep {
  return {
    name: 'lock',
    async run(trx, ctx) {
      // A dry run updates no existing record, so it locks none: it must not hold the rows of a
      // whole file against syncs, merges and people editing the CRM for as long as it runs.
      if (ctx.dryRun) return;
      if (table === 'contacts') await redirectColumn(trx, ctx, 'accounts', 'account_id', 'FOR SHARE');
      await redirectColumn(trx, ctx, table, 'crm_id', 'FOR UPDATE');
    },
  };
}

async function redirectColumn(trx: Knex.Transaction, ctx: StageContext, table: string, column: string, lock: string): Promise<void> {
  // A survivor can itself be merged while we wait for its lock: a few rounds settle any race.
  for (let round = 0; round < 10; round++) {
    const { rows } = await trx.raw<{ rows: { id: string }[] }>(
      `SELECT t.id FROM ${table} t
        WHERE t.id IN (SELECT s.${column} FROM ${ctx.stage} s WHERE s.${column} IS NOT NULL AND s.action IS DISTINCT FROM 'unchanged')
        ORDER BY t.id ${lock}`,
    );
    if (rows.length === 0) return;
    const { rowCount } = await trx.raw(
      `WITH RECURSIVE chain(start, cur, depth) AS (
         SELECT t.id, t.merged_into_id, 1 FROM ${table} t
          WHERE t.merged_into_id IS NOT NULL AND t.id IN (SELECT ${column} FROM ${ctx.stage} WHERE action IS DISTINCT FROM 'unchanged')
         UNION ALL
         SELECT c.start, t.merged_into_id, c.depth + 1 FROM chain c JOIN ${table} t ON t.id = c.cur
          WHERE t.merged_into_id IS NOT NULL AND c.depth < 100)
       UPDATE ${ctx.stage} s SET ${column} = f.cur
         FROM (SELECT DISTINCT ON (start) start, cur FROM chain ORDER BY start, depth DESC) f
        WHERE s.${column} = f.start AND s.action IS DISTINCT FROM 'unchanged'`,
    );
    if (!rowCount) return; // every locked row is live: nothing moved
  }
  throw new Error(`${table}: merges kept moving the batch's records for 10 rounds; retry the batch`);
}

/**
 * A source never overwrites a value a person edited in the CRM (issue 4): `expr` applies only
 * when `col` is not in the row's user_edited_fields (`a` is the CRM row being updated).
 */
export const keepUserEdit = (col: string, expr: string) => `CASE WHEN '${col}' = ANY(a.user_edited_fields) THEN a.${col} ELSE ${expr} END`;
