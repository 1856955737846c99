/**
 * The resolve stage's building blocks, as set-based SQL over a batch's staging table.
 * Each step only touches rows that no earlier step resolved (`crm_id IS NULL`) and sets their
 * `action`. Rows no step resolves are new records: they keep `crm_id` NULL and use the `new_id`
 * the loader generated, so a first load costs no UPDATE pass over the staging table.
 */
import type { Knex } from 'knex';
import type { EntityType, ResolveStep, StageContext } from './targets/import-target';

/**
 * 1. The identity map: this source already told us about this external id. One unique-index
 * probe per staged row (LATERAL … LIMIT 1, which the planner cannot flatten into a join): a hash
 * join would read every identity row of the source for every batch (stale statistics after a big
 * load make the planner pick it), which made million-row imports quadratic.
 */
export function identityStep(entityType: EntityType): ResolveStep {
  return {
    name: 'identity',
    async run(trx, ctx) {
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = m.crm_id, prev_hash = m.data_hash, resolved_by = 'identity',
                action = CASE WHEN m.data_hash = s.data_hash THEN 'unchanged' ELSE 'update' END
           FROM (SELECT s2.row_number, f.crm_id, f.data_hash
                   FROM ${ctx.stage} s2
                   CROSS JOIN LATERAL (SELECT sr.crm_id, sr.data_hash FROM source_records sr
                                        WHERE sr.source_system_code = ? AND sr.entity_type = ?
                                          AND sr.external_id = s2.external_id LIMIT 1) f) m
          WHERE s.row_number = m.row_number`,
        [ctx.sourceSystem, entityType],
      );
    },
  };
}

/**
 * 2. An exact key against the CRM (a valid tax id, a normalized e-mail): the oldest live record
 * with that key wins, so the choice is deterministic when the CRM already holds duplicates.
 */
export function exactKeyStep(opts: { name: string; table: string; keys: [stageCol: string, tableCol: string][] }): ResolveStep {
  const notNull = opts.keys.map(([s]) => `s2.${s} IS NOT NULL`).join(' AND ');
  const match = opts.keys.map(([s, t]) => `t.${t} = s2.${s}`).join(' AND ');
  return {
    name: opts.name,
    async run(trx, ctx) {
      // One index probe per unresolved row (LATERAL … LIMIT 1), whatever the CRM's size; the
      // batch's own rows are matched back by primary key.
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = m.id, resolved_by = ?, action = 'merge'
           FROM (SELECT s2.row_number, f.id
                   FROM ${ctx.stage} s2
                   CROSS JOIN LATERAL (SELECT t.id FROM ${opts.table} t
                                        WHERE ${match} AND t.deleted_at IS NULL
                                        ORDER BY t.created_at, t.id LIMIT 1) f
                  WHERE s2.crm_id IS NULL AND ${notNull}) m
          WHERE s.row_number = m.row_number`,
        [opts.name],
      );
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
                                 first_run_id, last_run_id, last_place)
     SELECT ?, ?, s.external_id, ${ROW_CRM_ID}, s.data_hash, ${payload}, ${ROW_RESOLVED_BY}, ?, ?,
            jsonb_build_object('file', ?::text, 'sheet', ?::text, 'row', s.row_number)
       FROM ${ctx.stage} s WHERE s.action IS DISTINCT FROM 'unchanged'
     ON CONFLICT (source_system_code, entity_type, external_id) DO UPDATE
        SET crm_id = EXCLUDED.crm_id, data_hash = EXCLUDED.data_hash, payload = EXCLUDED.payload,
            last_seen_at = now(), last_run_id = EXCLUDED.last_run_id, last_place = EXCLUDED.last_place`,
    [ctx.sourceSystem, entityType, ctx.runId, ctx.runId, ctx.fileName, ctx.sheet],
  );
}

export async function countActions(trx: Knex.Transaction, ctx: StageContext): Promise<Record<'insert' | 'update' | 'unchanged' | 'merge', number>> {
  const { rows } = await trx.raw<{ rows: { action: string; n: string }[] }>(`SELECT ${ROW_ACTION} AS action, count(*) AS n FROM ${ctx.stage} s GROUP BY 1`);
  const out = { insert: 0, update: 0, unchanged: 0, merge: 0 };
  for (const r of rows) out[r.action as keyof typeof out] = Number(r.n);
  return out;
}

/**
 * A user for each account manager named by the batch, found by e-mail or name, created when
 * unknown (account managers are often only a name in an export).
 */
export async function ensureUsers(trx: Knex.Transaction, ctx: StageContext): Promise<void> {
  await trx.raw(
    `INSERT INTO users (full_name, email)
     SELECT DISTINCT ON (lower(am))
            CASE WHEN am LIKE '%@%' THEN split_part(am, '@', 1) ELSE am END,
            CASE WHEN am LIKE '%@%' THEN lower(am) END
       FROM (SELECT account_manager AS am FROM ${ctx.stage} WHERE account_manager IS NOT NULL AND action IS DISTINCT FROM 'unchanged') x
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
