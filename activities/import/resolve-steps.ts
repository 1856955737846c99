/**
 * The resolve stage's building blocks, as set-based SQL over a batch's staging table.
 * Each step only touches rows that no earlier step resolved (`crm_id IS NULL`).
 */
import type { Knex } from 'knex';
import type { EntityType, ResolveStep, StageContext } from './targets/import-target';

/** 1. The identity map: this source already told us about this external id. */
export function identityStep(entityType: EntityType): ResolveStep {
  return {
    name: 'identity',
    async run(trx, ctx) {
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = sr.crm_id, prev_hash = sr.data_hash, resolved_by = 'identity'
           FROM source_records sr
          WHERE sr.source_system_code = ? AND sr.entity_type = ? AND sr.external_id = s.external_id`,
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
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = m.id, resolved_by = ?
           FROM (SELECT s2.row_number,
                        (SELECT t.id FROM ${opts.table} t WHERE ${match} AND t.deleted_at IS NULL
                          ORDER BY t.created_at, t.id LIMIT 1) AS id
                   FROM ${ctx.stage} s2 WHERE s2.crm_id IS NULL AND ${notNull}) m
          WHERE m.row_number = s.row_number AND m.id IS NOT NULL`,
        [opts.name],
      );
    },
  };
}

/**
 * 3. Rows of this batch that are still unresolved become new records, except that rows sharing
 * an exact key with an earlier row of the batch join that row's new record.
 */
export function newRecordsStep(opts: { name: string; keys: string[] }): ResolveStep {
  const notNull = opts.keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const keyList = opts.keys.join(', ');
  const join = opts.keys.map((k) => `f.${k} = s.${k}`).join(' AND ');
  return {
    name: 'new',
    async run(trx, ctx) {
      await trx.raw(
        `UPDATE ${ctx.stage} SET crm_id = gen_random_uuid(), resolved_by = 'new'
          WHERE crm_id IS NULL AND (NOT (${notNull}) OR row_number IN (
            SELECT DISTINCT ON (${keyList}) row_number FROM ${ctx.stage}
             WHERE crm_id IS NULL AND ${notNull} ORDER BY ${keyList}, row_number))`,
      );
      await trx.raw(
        `UPDATE ${ctx.stage} s SET crm_id = f.crm_id, resolved_by = ?
           FROM ${ctx.stage} f
          WHERE s.crm_id IS NULL AND f.resolved_by = 'new' AND ${join}`,
        [opts.name],
      );
    },
  };
}

/**
 * What each row does: `insert` a new record, `update` it (same identity, new content hash),
 * leave it `unchanged` (same hash: nothing is written), or `merge` into a record found by key.
 */
export async function classifyActions(trx: Knex.Transaction, ctx: StageContext): Promise<void> {
  await trx.raw(
    `UPDATE ${ctx.stage} SET action = CASE
        WHEN resolved_by = 'new' THEN 'insert'
        WHEN resolved_by = 'identity' AND prev_hash = data_hash THEN 'unchanged'
        WHEN resolved_by = 'identity' THEN 'update'
        ELSE 'merge' END`,
  );
}

/** The identity map and lineage: which source record feeds which CRM record, with what values. */
export async function upsertSourceRecords(trx: Knex.Transaction, ctx: StageContext, entityType: EntityType, payloadColumns: readonly string[]): Promise<void> {
  const payload = `jsonb_strip_nulls(jsonb_build_object(${payloadColumns.map((c) => `'${c}', s.${c}`).join(', ')}, 'extras', s.extras))`;
  await trx.raw(
    `INSERT INTO source_records (source_system_code, entity_type, external_id, crm_id, data_hash, payload, resolved_by,
                                 first_run_id, last_run_id, last_place)
     SELECT ?, ?, s.external_id, s.crm_id, s.data_hash, ${payload}, s.resolved_by, ?, ?,
            jsonb_build_object('file', ?::text, 'sheet', ?::text, 'row', s.row_number)
       FROM ${ctx.stage} s WHERE s.action <> 'unchanged'
     ON CONFLICT (source_system_code, entity_type, external_id) DO UPDATE
        SET crm_id = EXCLUDED.crm_id, data_hash = EXCLUDED.data_hash, payload = EXCLUDED.payload,
            last_seen_at = now(), last_run_id = EXCLUDED.last_run_id, last_place = EXCLUDED.last_place`,
    [ctx.sourceSystem, entityType, ctx.runId, ctx.runId, ctx.fileName, ctx.sheet],
  );
}

export async function countActions(trx: Knex.Transaction, ctx: StageContext): Promise<Record<'insert' | 'update' | 'unchanged' | 'merge', number>> {
  const { rows } = await trx.raw<{ rows: { action: string; n: string }[] }>(`SELECT action, count(*) AS n FROM ${ctx.stage} GROUP BY action`);
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
       FROM (SELECT account_manager AS am FROM ${ctx.stage} WHERE account_manager IS NOT NULL AND action <> 'unchanged') x
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(x.am) OR lower(u.full_name) = lower(x.am))
      ORDER BY lower(am)
     ON CONFLICT DO NOTHING`,
  );
}

export const USER_ID_SQL = (col: string) =>
  `(SELECT u.id FROM users u WHERE lower(u.email) = lower(${col}) OR lower(u.full_name) = lower(${col})
     ORDER BY (lower(u.email) = lower(${col})) DESC NULLS LAST, u.created_at LIMIT 1)`;
