/**
 * Facts (invoices, lines, receivables, orders, shipments, activities, site visits) share one
 * target, parameterised by a small spec: their table is their own identity map, keyed by
 * (source_system_code, external_id); a content hash decides unchanged / update / insert.
 *
 * References, resolved in the resolve stage, in this order:
 * 1. the parent (a line's invoice, a shipment's order) by its external id in the same source: the
 *    child takes the parent's id and account (and, for lines, its currency and issue date);
 * 2. the account by the source's own customer id (the identity map of the same source), else a
 *    valid tax id, else an e-mail; exactly one live account, or none: two is `ambiguous_match`;
 * 3. a contact by its external id in the same source, else its e-mail (optional: never refused).
 * A fact whose account (or required parent) is not there yet is quarantined as
 * `unmatched_account` / `missing_parent`; later syncs replay it once it exists (sync/replay-waiting.ts).
 * An account merged meanwhile is followed to its survivor.
 */
import type { Knex } from 'knex';
import type { RowContext } from '../../../domain/canonical/row-context';
import type { RowResult, RowSchemaOptions } from '../../../domain/canonical/row-schema';
import type { MappedFields } from '../../../domain/canonical/row-context';
import { nonTwoDigitExponents } from '../../../domain/normalize/currencies';
import type { CopyValue } from '../copy-text';
import { recordSeenRows } from '../seen-rows';
import { USER_ID_SQL, ensureUsersFrom } from '../resolve-steps';
import type { EntityTarget, EntityType, ResolveStep, RowReject, StageContext } from './entity-target';

export interface ParentSpec {
  /** The record field naming the parent's external id. */
  ref: string;
  table: string;
  /** The fact table's column holding the parent's id. */
  fk: string;
  required: boolean;
  /** [this table's column, the parent's column, its type] copied from the parent when the row has none. */
  copy?: readonly (readonly [string, string, string])[];
}

export interface FactTargetSpec<R extends { external_id: string }> {
  entity: string;
  entityType: EntityType;
  createRowSchema(rc: RowContext, options: RowSchemaOptions): { safeParse(input: MappedFields): RowResult<R> };
  /** The canonical record's fields, in order, with their staging types. */
  columns: readonly (readonly [name: string, pgType: string])[];
  /** Fields written to the fact table as they are (references and deferred decimals are not). */
  written: readonly string[];
  /** Finds its account by reference fields (account_external_id / _tax_id / _email). */
  accountRefs: boolean;
  parent?: ParentSpec;
  contactRefs?: boolean;
  /** A `user` field naming the CRM user (activities: who visited). */
  userField?: string;
  /** [decimal column, minor column]: decimals converted once the currency is known (lines). */
  deferredMoney?: readonly (readonly [string, string])[];
  /** SQL expressions for columns the table needs beyond `written` (s = the staging row). */
  computed?: Readonly<Record<string, string>>;
}

/** Minor units of a decimal in `currencyCol`'s currency, rounded half away from zero, in SQL. */
function toMinorSql(decimalCol: string, currencyCol: string): string {
  const cases = Object.entries(nonTwoDigitExponents()).map(([code, exp]) => `WHEN '${code}' THEN ${exp}`).join(' ');
  return `round(${decimalCol} * power(10::numeric, CASE ${currencyCol} ${cases} ELSE 2 END))::bigint`;
}

export function factTarget<R extends { external_id: string }>(spec: FactTargetSpec<R>): EntityTarget<R> {
  const table = spec.entity;
  const resolved: [string, string][] = [['account_id', 'uuid'], ['account_candidates', 'uuid[]']];
  if (spec.parent) resolved.push(['parent_id', 'uuid']);
  if (spec.contactRefs) resolved.push(['contact_id', 'uuid']);
  for (const [col, , type] of spec.parent?.copy ?? []) if (!spec.columns.some(([c]) => c === col)) resolved.push([col, type]);
  const names = spec.columns.map(([c]) => c);
  const has = (c: string) => names.includes(c);
  const keyColumns = [...(spec.parent ? [spec.parent.ref] : []), ...['account_external_id', 'account_tax_id', 'account_email'].filter(has)];

  const writeCols = [
    ...spec.written,
    ...(spec.parent ? [spec.parent.fk] : []),
    ...(spec.contactRefs ? ['contact_id'] : []),
    ...(spec.userField ? ['user_id'] : []),
    ...(spec.parent?.copy ?? []).map(([c]) => c).filter((c) => !spec.written.includes(c)),
    ...Object.keys(spec.computed ?? {}),
  ];
  const valueOf = (c: string): string => {
    if (spec.parent && c === spec.parent.fk) return 's.parent_id';
    if (c === 'user_id' && spec.userField) return USER_ID_SQL(`s.${spec.userField}`);
    if (spec.computed?.[c]) return spec.computed[c]!;
    return `s.${c}`;
  };

  // The identity probe runs in the references' one pass over the staging table (firstPass below):
  // this step only notes the unchanged rows.
  const identity: ResolveStep = {
    name: 'identity',
    async run(trx, ctx) {
      // A snapshot settles what its run did not see: unchanged rows are not written, so they are noted.
      await recordSeenRows(trx, ctx.stage, ctx.runId);
    },
  };

  const firstPass = firstPassSql(spec, table, has);
  return {
    entity: spec.entity,
    entityType: spec.entityType,
    survivorship: null,
    // Not with a user field: two batches naming one new user would each create it.
    independentBatches: !spec.userField,
    createRowSchema: spec.createRowSchema,
    stageColumns: spec.columns,
    resolvedColumns: resolved,
    keyColumns,
    toStageValues(r): CopyValue[] {
      return names.map((c) => (r as Record<string, unknown>)[c] as CopyValue);
    },
    async resolveReferences(trx, ctx): Promise<RowReject[]> {
      const rejects: RowReject[] = [];
      await trx.raw(firstPass.sql(ctx.stage), firstPass.bindings(ctx.sourceSystem));
      if (spec.parent?.required) {
        const p = spec.parent;
        const { rows } = await trx.raw<{ rows: { row_number: number; ref: string }[] }>(
          `DELETE FROM ${ctx.stage} WHERE parent_id IS NULL RETURNING row_number, ${p.ref} AS ref`,
        );
        for (const r of rows) {
          rejects.push({
            rowNumber: r.row_number, reason: 'missing_parent', field: p.ref,
            message: `no ${p.table.replace(/s$/, '')} "${r.ref}" in source ${ctx.sourceSystem} yet: it is replayed once it arrives`,
          });
        }
      }
      if (spec.accountRefs) rejects.push(...(await resolveAccount(trx, ctx, has)));
      if (spec.contactRefs) await resolveContact(trx, ctx);
      await followMergedAccounts(trx, ctx);
      return rejects;
    },
    resolveSteps: [identity],
    async write(trx, ctx, actions) {
      if (actions.insert + actions.update === 0) return;
      if (spec.userField) await ensureUsersFrom(trx, ctx, spec.userField);
      if (actions.insert > 0) {
        await trx.raw(
          `INSERT INTO ${table} (id, source_system_code, external_id, account_id, ${writeCols.join(', ')}, data_hash, first_run_id, last_run_id, last_place, extras)
           SELECT s.new_id, ?, s.external_id, s.account_id, ${writeCols.map(valueOf).join(', ')}, s.data_hash, ?, ?, jsonb_build_object('row', s.row_number), s.extras
             FROM ${ctx.stage} s WHERE s.action IS NULL`,
          [ctx.sourceSystem, ctx.runId, ctx.runId],
        );
      }
      if (actions.update > 0 && !ctx.dryRun) {
        await trx.raw(
          `UPDATE ${table} t SET account_id = s.account_id, ${writeCols.map((c) => `${c} = ${valueOf(c)}`).join(', ')},
                  data_hash = s.data_hash, last_run_id = ?, last_place = jsonb_build_object('row', s.row_number), extras = s.extras, updated_at = now()
             FROM ${ctx.stage} s WHERE s.action = 'update' AND t.id = s.crm_id`,
          [ctx.runId],
        );
      }
    },
    async finalize() {
      // Facts refer backwards only (parents sync first); waiting rows are replayed by later runs.
    },
  };
}

/**
 * The references and the identity map in ONE pass over the staging table, instead of an UPDATE of
 * every (wide) staging row per reference: each UPDATE writes a new version of every row, and the
 * three of a line (parent, deferred money, identity) were a third of its merge. One unique-index
 * probe per row and reference (LATERAL … LIMIT 1, never a hash join over the whole table):
 * 1. the parent by its external id in the same source; the child takes its id and account, and
 *    the columns it copies (a line's currency and issue date) when it has none of its own;
 * 2. decimals deferred until the currency is known, in minor units of the row's currency after 1;
 * 3. the account by the source's customer id, for rows the parent gave none;
 * 4. the fact's own identity: this source already sent this external id (unchanged or update).
 * Tax-id and e-mail account keys, which may be ambiguous, stay their own steps (resolveAccount).
 */
function firstPassSql(spec: FactTargetSpec<{ external_id: string }>, table: string, has: (c: string) => boolean): { sql(stage: string): string; bindings(source: string): string[] } {
  const joins: string[] = [];
  const picked: string[] = ['s2.row_number'];
  const sets: string[] = [];
  let probes = 0;
  const now: Record<string, string> = {}; // a column's value after this pass, where it changes
  const accountFrom: string[] = [];
  const p = spec.parent;
  if (p) {
    probes++;
    joins.push(`LEFT JOIN LATERAL (SELECT t.* FROM ${p.table} t WHERE t.source_system_code = ? AND t.external_id = s2.${p.ref} LIMIT 1) p ON true`);
    picked.push('p.id AS p_id', 'p.account_id AS p_account_id');
    sets.push('parent_id = m.p_id');
    accountFrom.push('m.p_account_id');
    for (const [mine, theirs] of p.copy ?? []) {
      picked.push(`p.${theirs} AS p_${mine}`);
      now[mine] = `coalesce(s.${mine}, m.p_${mine})`;
      sets.push(`${mine} = ${now[mine]}`);
    }
  }
  if (spec.accountRefs && has('account_external_id')) {
    probes++;
    joins.push(`LEFT JOIN LATERAL (SELECT sr.crm_id FROM source_records sr
                 WHERE sr.source_system_code = ? AND sr.entity_type = 'account' AND sr.external_id = s2.account_external_id
                   ${p ? 'AND p.account_id IS NULL' : ''} LIMIT 1) a ON true`);
    picked.push('a.crm_id AS a_id');
    accountFrom.push('m.a_id');
  }
  if (accountFrom.length) sets.push(`account_id = coalesce(s.account_id, ${accountFrom.join(', ')})`);
  const currency = now.currency ?? 's.currency';
  for (const [decimal, minor] of spec.deferredMoney ?? []) {
    sets.push(`${minor} = CASE WHEN s.${minor} IS NULL AND s.${decimal} IS NOT NULL AND ${currency} IS NOT NULL
                               THEN ${toMinorSql(`s.${decimal}`, currency)} ELSE s.${minor} END`);
  }
  probes++;
  joins.push(`LEFT JOIN LATERAL (SELECT t.id, t.data_hash FROM ${table} t WHERE t.source_system_code = ? AND t.external_id = s2.external_id LIMIT 1) i ON true`);
  picked.push('i.id AS i_id', 'i.data_hash AS i_hash');
  sets.push(
    'crm_id = m.i_id', 'prev_hash = m.i_hash',
    "resolved_by = CASE WHEN m.i_id IS NOT NULL THEN 'identity' END",
    "action = CASE WHEN m.i_id IS NULL THEN NULL WHEN m.i_hash = s.data_hash THEN 'unchanged' ELSE 'update' END",
  );
  return {
    sql: (stage) => `UPDATE ${stage} s SET ${sets.join(', ')}
                       FROM (SELECT ${picked.join(', ')} FROM ${stage} s2 ${joins.join(' ')}) m
                      WHERE s.row_number = m.row_number`,
    bindings: (source) => Array.from({ length: probes }, () => source),
  };
}

/** The account by the source's customer id (first pass), else a valid tax id, else an e-mail: exactly one. */
async function resolveAccount(trx: Knex.Transaction, ctx: StageContext, has: (c: string) => boolean): Promise<RowReject[]> {
  // By the source's customer id: already probed in the first pass (firstPassSql).
  const byKey = async (where: string) => {
    await trx.raw(
      `UPDATE ${ctx.stage} s SET account_id = CASE WHEN cardinality(m.ids) = 1 THEN m.ids[1] END, account_candidates = m.ids
         FROM (SELECT s2.row_number, array_agg(f.id ORDER BY f.id) AS ids FROM ${ctx.stage} s2
                 CROSS JOIN LATERAL (SELECT a.id FROM accounts a WHERE ${where} AND a.deleted_at IS NULL LIMIT 2) f
                WHERE s2.account_id IS NULL AND s2.account_candidates IS NULL
                GROUP BY s2.row_number) m
        WHERE s.row_number = m.row_number`,
    );
  };
  if (has('account_tax_id')) await byKey('s2.account_tax_id IS NOT NULL AND a.tax_id_country = s2.account_tax_id_country AND a.tax_id = s2.account_tax_id');
  if (has('account_email')) await byKey('s2.account_email IS NOT NULL AND (a.email = s2.account_email OR s2.account_email = ANY(a.additional_emails))');
  const refs = ['account_external_id', 'account_tax_id', 'account_email'].filter(has);
  const { rows } = await trx.raw<{ rows: { row_number: number; candidates: string[] | null; ext: string | null; tax: string | null; email: string | null }[] }>(
    `DELETE FROM ${ctx.stage} WHERE account_id IS NULL
     RETURNING row_number, account_candidates AS candidates,
               ${has('account_external_id') ? 'account_external_id' : 'NULL'} AS ext,
               ${has('account_tax_id') ? "account_tax_id_country || ':' || account_tax_id" : 'NULL'} AS tax,
               ${has('account_email') ? 'account_email' : 'NULL'} AS email`,
  );
  return rows.map((r): RowReject => {
    if (r.candidates && r.candidates.length > 1) {
      return {
        rowNumber: r.row_number, reason: 'ambiguous_match', field: r.tax ? 'account_tax_id' : 'account_email',
        message: `${r.tax ? `tax id ${r.tax}` : `e-mail ${r.email}`} matches ${r.candidates.length} live accounts (${r.candidates.join(', ')}): refer to the account by its id in this source`,
      };
    }
    const given = [r.ext && `customer id "${r.ext}"`, r.tax && `tax id ${r.tax}`, r.email && `e-mail ${r.email}`].filter(Boolean);
    return {
      rowNumber: r.row_number, reason: 'unmatched_account', field: r.ext ? 'account_external_id' : r.tax ? 'account_tax_id' : r.email ? 'account_email' : (refs[0] ?? 'account_external_id'),
      message: given.length
        ? `no account with ${given.join(' or ')} in the CRM yet (source ${ctx.sourceSystem}): it is replayed once the account arrives`
        : 'no account reference (account_external_id, account_tax_id or account_email)',
    };
  });
}

async function resolveContact(trx: Knex.Transaction, ctx: StageContext): Promise<void> {
  await trx.raw(
    `UPDATE ${ctx.stage} s SET contact_id = m.id
       FROM (SELECT s2.row_number, coalesce(
               (SELECT sr.crm_id FROM source_records sr WHERE sr.source_system_code = ? AND sr.entity_type = 'contact' AND sr.external_id = s2.contact_external_id LIMIT 1),
               (SELECT c.id FROM contacts c WHERE c.email = s2.contact_email AND c.deleted_at IS NULL ORDER BY c.created_at, c.id LIMIT 1)) AS id
               FROM ${ctx.stage} s2 WHERE s2.contact_external_id IS NOT NULL OR s2.contact_email IS NOT NULL) m
      WHERE s.row_number = m.row_number AND m.id IS NOT NULL`,
    [ctx.sourceSystem],
  );
}

/**
 * A merge may have absorbed the account (or the contact) since it was found: the fact goes to the
 * survivor. The accounts are locked FOR SHARE in id order, as the contacts' load and merges do, so
 * a merge of that account waits for this batch instead of re-pointing under it.
 */
async function followMergedAccounts(trx: Knex.Transaction, ctx: StageContext): Promise<void> {
  if (!ctx.dryRun) {
    // The lock reads each account as it is once locked: no merged one among them (the rule), no chain to follow.
    const { rows } = await trx.raw<{ rows: { merged: boolean | null }[] }>(
      `SELECT bool_or(l.merged_into_id IS NOT NULL) AS merged
         FROM (SELECT a.id, a.merged_into_id FROM accounts a WHERE a.id IN (SELECT account_id FROM ${ctx.stage}) ORDER BY a.id FOR SHARE) l`,
    );
    if (!rows[0]?.merged) return;
  }
  await trx.raw(
    `WITH RECURSIVE chain(start, cur, depth) AS (
       SELECT a.id, a.merged_into_id, 1 FROM accounts a WHERE a.merged_into_id IS NOT NULL AND a.id IN (SELECT account_id FROM ${ctx.stage})
       UNION ALL
       SELECT c.start, a.merged_into_id, c.depth + 1 FROM chain c JOIN accounts a ON a.id = c.cur WHERE a.merged_into_id IS NOT NULL AND c.depth < 100)
     UPDATE ${ctx.stage} s SET account_id = f.cur FROM (SELECT DISTINCT ON (start) start, cur FROM chain ORDER BY start, depth DESC) f
      WHERE s.account_id = f.start`,
  );
}
