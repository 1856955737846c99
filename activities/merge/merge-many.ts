/**
 * The merge engine: any number of merges in the caller's transaction, set-based (one statement
 * per table for the whole batch, not per merge), so a dedupe run's 100k merges and a single
 * review accept go through the same code.
 *
 * Per merge: the absorbed records fold into the survivor, every reference follows (each foreign
 * key to the entity, found in the catalog, plus the identity map), and merge_history keeps the
 * before-image of every row changed, so `unmerge` can put everything back exactly (of an identity
 * map row, whose crm_id is all a merge changes, the key, the old crm_id and the source's names).
 * Images stay inside PostgreSQL (to_json → merge_history's jsonb): a bigint or a microsecond
 * never passes through a JS number. They wait in the batch's temp tables as json text and are
 * parsed into jsonb once, when the history row is built: to_jsonb built each image as jsonb, the
 * history's aggregation turned it back into text and parsed it again (a 1M dedupe's apply: 74.4 s
 * of PostgreSQL time against 67.3 s, one run each; the same images; docs/performance-log.md).
 *
 * Locks: the merged records first, in id order (two merges, or a merge and an import batch,
 * which locks its targets in id order too, cannot deadlock on them), then referencing rows.
 */
import { markCrmhubWriter } from '../../db/crmhub-writer';
import { evidenceForHistory } from '../../domain/matching';
import type { Knex } from 'knex';
import { MergeRefusedError } from './errors';
import { columnsOf, ident, primaryKey, referencesTo, SOURCE_ENTITY_TYPE, type MergeEntity } from './entity-tables';
import { writeSurvivors, type EntityRow } from './survivor-values';

export interface MergeRequest {
  entityType: MergeEntity;
  survivorId: string;
  absorbedIds: readonly string[];
  /** What decided: 'same_tax_id', 'score', 'review 12', 'manual' … (free text, shown to people). */
  rule: string;
  /** 'auto' | 'review:<user>' | 'user:<name>' */
  decidedBy: string;
  /** The scored pairs behind the decision (ScoredPair[]), kept as evidence (as PairForHistory: evidenceForHistory). */
  scores?: readonly unknown[];
}

export interface Refusal { index: number; code: MergeRefusedError['code']; reason: string }
export interface MergeOutcome { mergeIds: (number | null)[]; refused: Refusal[] }

/** A person decided (a reviewer or a user): allowed to merge what the rules never merge alone. */
export const byPerson = (decidedBy: string) => decidedBy.startsWith('user:') || decidedBy.startsWith('review:');

export { markCrmhubWriter };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const M = 'crmhub_merge_members';
const IMAGES = 'crmhub_merge_images';
const CHANGES = 'crmhub_merge_changes';

/**
 * Merges every request, or refuses: with `mode: 'throw'` the first refusal aborts (the caller's
 * transaction should roll back); with 'skip' refused requests are left out and reported.
 */
export async function mergeMany(trx: Knex.Transaction, entity: MergeEntity, requests: readonly MergeRequest[], mode: 'throw' | 'skip'): Promise<MergeOutcome> {
  const refused: Refusal[] = [];
  const live = new Set<number>();
  const refuse = (index: number, code: Refusal['code'], reason: string) => {
    if (mode === 'throw') throw new MergeRefusedError(reason, code);
    refused.push({ index, code, reason });
    live.delete(index);
  };
  await markCrmhubWriter(trx);

  // Members: k = request index; the survivor is a member of its own merge.
  const seen = new Set<string>();
  const ks: number[] = [], ids: string[] = [], survivors: string[] = [];
  const norm = requests.map((r) => ({ survivor: r.survivorId.toLowerCase(), absorbed: [...new Set(r.absorbedIds.map((x) => x.toLowerCase()))] }));
  norm.forEach((r, k) => {
    if (requests[k]!.entityType !== entity) return refuse(k, 'bad_request', `a ${requests[k]!.entityType} merge in a batch of ${entity}`);
    if (r.absorbed.length === 0 || r.absorbed.includes(r.survivor)) return refuse(k, 'bad_request', 'a merge needs a survivor and at least one other record');
    // Canonical uuids only: they are also written into SQL array literals below.
    const bad = [r.survivor, ...r.absorbed].find((id) => !UUID.test(id));
    if (bad) return refuse(k, 'bad_request', `"${bad}" is not a record id (a uuid)`);
    const all = [r.survivor, ...r.absorbed];
    const twice = all.find((id) => seen.has(id));
    if (twice) return refuse(k, 'bad_request', `record ${twice} is in two merges of one batch`);
    for (const id of all) {
      seen.add(id);
      ks.push(k);
      ids.push(id);
      survivors.push(r.survivor);
    }
    live.add(k);
  });
  if (live.size === 0) return { mergeIds: requests.map(() => null), refused };

  for (const [t, cols] of [[M, 'k int NOT NULL, id uuid PRIMARY KEY, survivor uuid NOT NULL'], [IMAGES, 'k int NOT NULL, tbl text NOT NULL, row json NOT NULL'], [CHANGES, 'k int NOT NULL, change json NOT NULL']] as const) {
    await trx.raw(`CREATE TEMP TABLE IF NOT EXISTS ${t} (${cols}) ON COMMIT DROP`);
    await trx.raw(`TRUNCATE ${t}`);
  }
  // Before-images are grouped per merge in memory: a batch's few MB must not spill to disk.
  await trx.raw(`SET LOCAL work_mem = '64MB'`);
  await trx.raw(`INSERT INTO ${M} (k, id, survivor) SELECT * FROM unnest(?::int[], ?::uuid[], ?::uuid[])`, [ks, ids, survivors]);
  await trx.raw(`ANALYZE ${M}`);

  // Lock the merged records in id order, then check what may be merged.
  const { rows: locked } = await trx.raw<{ rows: { id: string; deleted_at: Date | null; merged_into_id: string | null }[] }>(
    `SELECT t.id, t.deleted_at, t.merged_into_id FROM ${ident(entity)} t WHERE t.id = ANY(?::uuid[]) ORDER BY t.id FOR UPDATE`,
    [ids],
  );
  const found = new Map(locked.map((r) => [r.id, r]));
  for (const k of [...live]) {
    for (const id of [norm[k]!.survivor, ...norm[k]!.absorbed]) {
      const r = found.get(id);
      if (!r) { refuse(k, 'not_found', `no ${entity} record ${id}`); break; }
      if (r.deleted_at) { refuse(k, 'already_merged', `${entity} record ${id} is already ${r.merged_into_id ? `merged into ${r.merged_into_id}` : 'deleted'}`); break; }
    }
  }
  const automatic = [...live].filter((k) => !byPerson(requests[k]!.decidedBy));
  if (entity === 'accounts' && automatic.length > 0) {
    const { rows } = await trx.raw<{ rows: { k: number; tax_ids: string[] }[] }>(
      `SELECT m.k, array_agg(DISTINCT t.tax_id_country || ':' || t.tax_id ORDER BY t.tax_id_country || ':' || t.tax_id) AS tax_ids
         FROM ${M} m JOIN accounts t ON t.id = m.id WHERE t.id = ANY(?::uuid[]) AND t.tax_id IS NOT NULL AND m.k = ANY(?::int[])
        GROUP BY m.k HAVING count(DISTINCT (t.tax_id_country, t.tax_id)) > 1`,
      [ids, automatic],
    );
    for (const r of rows) if (live.has(r.k)) refuse(r.k, 'different_tax_ids', `refusing an automatic merge of two different valid tax ids (${r.tax_ids.join(', ')}): a person must decide`);
  }
  if (automatic.length > 0) {
    const { rows } = await trx.raw<{ rows: { k: number; record_a: string; record_b: string }[] }>(
      `SELECT m1.k, d.record_a, d.record_b FROM match_decisions d
         JOIN ${M} m1 ON m1.id = d.record_a JOIN ${M} m2 ON m2.id = d.record_b AND m2.k = m1.k
        WHERE d.entity_type = ? AND d.record_a = ANY(?::uuid[]) AND d.record_b = ANY(?::uuid[]) AND d.decision = 'not_duplicate' AND m1.k = ANY(?::int[])`,
      [entity, ids, ids, automatic],
    );
    for (const r of rows) if (live.has(r.k)) refuse(r.k, 'not_duplicate', `${r.record_a} and ${r.record_b} were decided not to be duplicates`);
  }
  if (refused.length > 0) await trx.raw(`DELETE FROM ${M} WHERE k = ANY(?::int[])`, [refused.map((r) => r.index)]);
  if (live.size === 0) return { mergeIds: requests.map(() => null), refused };

  // Every statement below also filters by these id arrays: an index probe per id, whatever the
  // planner thinks of the temp table (a hash join would scan the whole CRM table per batch).
  const memberIds = [...live].flatMap((k) => [norm[k]!.survivor, ...norm[k]!.absorbed]);
  const absorbedIds = [...live].flatMap((k) => norm[k]!.absorbed);
  await trx.raw(`INSERT INTO ${IMAGES} SELECT m.k, ?, to_json(t) FROM ${ident(entity)} t JOIN ${M} m ON m.id = t.id WHERE t.id = ANY(?::uuid[])`, [entity, memberIds]);
  await repointReferences(trx, entity, memberIds, absorbedIds);
  // Match profiles of absorbed records go with them; the survivor's is kept as it was, so unmerge
  // restores both exactly (the survivor's is rebuilt by the matcher once the merge changed it).
  await trx.raw(
    `INSERT INTO ${IMAGES} SELECT m.k, 'match_profiles', to_json(p) FROM match_profiles p JOIN ${M} m ON p.record_id = m.id AND m.id = m.survivor
      WHERE p.entity_type = ? AND p.record_id = ANY(?::uuid[])`,
    [entity, memberIds],
  );
  await trx.raw(
    `WITH gone AS (DELETE FROM match_profiles p USING ${M} m WHERE p.entity_type = ? AND p.record_id = ANY(?::uuid[]) AND p.record_id = m.id AND m.id <> m.survivor
                   RETURNING m.k, to_json(p) AS row, p.record_id),
          img AS (INSERT INTO ${IMAGES} SELECT k, 'match_profiles', row FROM gone)
     INSERT INTO ${CHANGES} SELECT k, json_build_object('table', 'match_profiles', 'pk', ? || ':' || record_id, 'deleted', true, 'reason', 'absorbed record') FROM gone`,
    [entity, absorbedIds, entity],
  );

  // The merged rows as they are now (references moved), survivor first, then absorbed oldest first.
  const rows: (EntityRow & { k: number })[] = await trx(`${entity} as t`).join(`${M} as m`, 'm.id', 't.id').whereRaw('t.id = ANY(?::uuid[])', [memberIds]).select('t.*', 'm.k');
  const groups = new Map<number, EntityRow[]>();
  for (const r of rows.sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || (x.id < y.id ? -1 : 1))) {
    const g = groups.get(r.k) ?? [];
    if (r.id === norm[r.k]!.survivor) g.unshift(r);
    else g.push(r);
    groups.set(r.k, g);
  }
  await trx.raw(`UPDATE ${ident(entity)} t SET deleted_at = now(), merged_into_id = m.survivor, updated_at = now() FROM ${M} m WHERE t.id = ANY(?::uuid[]) AND t.id = m.id`, [absorbedIds]);
  const order = [...groups.keys()];
  const lineage = await writeSurvivors(trx, entity, order.map((k) => groups.get(k)!));

  const history = order.map((k, i) => ({
    k, survivor: norm[k]!.survivor, absorbed: norm[k]!.absorbed, rule: requests[k]!.rule, decided_by: requests[k]!.decidedBy,
    scores: evidenceForHistory(requests[k]!.scores ?? []), lineage: lineage[i],
  }));
  // Hash joins on k (the planner knows nothing of a jsonb recordset and would loop otherwise).
  const { rows: inserted } = await trx.raw<{ rows: { id: string; survivor_id: string }[] }>(
    `INSERT INTO merge_history (entity_type, survivor_id, absorbed_ids, rule, decided_by, scores, before_images, changes, lineage)
     SELECT ?, r.survivor, r.absorbed, r.rule, r.decided_by, r.scores, img.images, coalesce(ch.changes, '[]'), r.lineage
       FROM jsonb_to_recordset(?::jsonb) AS r(k int, survivor uuid, absorbed uuid[], rule text, decided_by text, scores jsonb, lineage jsonb)
       JOIN (SELECT k, json_object_agg(tbl, rows)::jsonb AS images FROM (SELECT k, tbl, json_agg(row) AS rows FROM ${IMAGES} GROUP BY k, tbl) x GROUP BY k) img ON img.k = r.k
       LEFT JOIN (SELECT k, json_agg(change)::jsonb AS changes FROM ${CHANGES} GROUP BY k) ch ON ch.k = r.k
      ORDER BY r.k
     RETURNING id, survivor_id`,
    [entity, JSON.stringify(history)],
  );
  const kOf = new Map(order.map((k) => [norm[k]!.survivor, k]));
  const mergeIds: (number | null)[] = requests.map(() => null);
  for (const r of inserted) mergeIds[kOf.get(r.survivor_id)!] = Number(r.id);
  const hk = inserted.map((r) => kOf.get(r.survivor_id)!), hid = inserted.map((r) => r.id);

  // Pending reviews about an absorbed record are moot now; unmerge puts them back.
  await trx.raw(
    `UPDATE review_queue q SET status = 'superseded', decided_at = now(), decided_by = x.decided_by, merge_id = x.hid
       FROM (SELECT m.id, h.id AS hid, h.decided_by FROM ${M} m JOIN unnest(?::int[], ?::bigint[]) AS u(k, hid) ON u.k = m.k
               JOIN merge_history h ON h.id = u.hid WHERE m.id <> m.survivor) x
      WHERE q.entity_type = ? AND q.status = 'pending' AND (q.record_a = ANY(?::uuid[]) OR q.record_b = ANY(?::uuid[])) AND (q.record_a = x.id OR q.record_b = x.id)`,
    [hk, hid, entity, absorbedIds, absorbedIds],
  );
  await trx.raw(
    `INSERT INTO match_decisions (entity_type, record_a, record_b, decision, reason, decided_by, merge_id)
     SELECT ?, least(m.survivor, m.id), greatest(m.survivor, m.id), 'duplicate', h.rule, h.decided_by, h.id
       FROM ${M} m JOIN unnest(?::int[], ?::bigint[]) AS u(k, hid) ON u.k = m.k JOIN merge_history h ON h.id = u.hid
      WHERE m.id <> m.survivor
     ON CONFLICT (entity_type, record_a, record_b) DO UPDATE
        SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, merge_id = EXCLUDED.merge_id, decided_at = now()`,
    [entity, hk, hid],
  );
  return { mergeIds, refused };
}

/** Every foreign key to the entity, and the identity map: images, conflicts, then the move. */
async function repointReferences(trx: Knex.Transaction, entity: MergeEntity, memberIds: readonly string[], absorbedIds: readonly string[]): Promise<void> {
  const refs = [...(await referencesTo(trx, entity)), { table: 'source_records', column: 'crm_id' }];
  for (const ref of refs) {
    const t = ident(ref.table), col = ident(ref.column);
    const [pk, more] = await primaryKey(trx, ref.table);
    if (!pk || more) throw new Error(`${ref.table} needs a one-column primary key for merges to re-point ${ref.column}`);
    // accounts.parent_account_id: rows of the same merge are handled by survivorship, not moved.
    const self = ref.table === entity ? ` AND NOT EXISTS (SELECT 1 FROM ${M} x WHERE x.id = t.id AND x.k = m.k)` : '';
    const scope = ref.table === 'source_records' ? ` AND t.entity_type = '${SOURCE_ENTITY_TYPE[entity]}'` : '';
    const on = `t.${col} = ANY('{${absorbedIds.join(',')}}'::uuid[]) AND t.${col} = m.id AND m.id <> m.survivor${scope}${self}`;
    // The identity map's rows change only their crm_id, and their payload (most of each row) stays
    // where it is: their image keeps what unmerge puts back and what names the source record. Whole
    // rows were 1.3 KB of a merge's 3.6 KB of before-images (a 100k dedupe, 2026-12-05).
    const image = ref.table === 'source_records'
      ? `json_build_object(${[pk, ref.column, 'source_system_code', 'external_id'].map((c) => `'${c}', t.${ident(c)}`).join(', ')})`
      : 'to_json(t)';
    // Lock (in key order) and keep the before-image in one pass.
    const { rowCount } = await trx.raw(
      `INSERT INTO ${IMAGES} SELECT k, ?, row FROM (SELECT m.k, ${image} AS row FROM ${t} t JOIN ${M} m ON ${on} ORDER BY t.${ident(pk)} FOR UPDATE OF t) x`,
      [ref.table],
    );
    if (!rowCount) continue;
    if (ref.table === 'account_potentials') {
      // One row per (account, family, year): the survivor's own row stays, else the oldest moves;
      // the others are removed (their before-image is kept).
      await trx.raw(
        `WITH ranked AS (SELECT p.id, m.k, row_number() OVER (PARTITION BY m.survivor, p.product_family_code, p.year
                                                               ORDER BY (p.account_id = m.survivor) DESC, p.created_at, p.id) AS n
                           FROM account_potentials p JOIN ${M} m ON p.account_id = m.id WHERE p.account_id = ANY(?::uuid[])),
              gone AS (DELETE FROM account_potentials d USING ranked r WHERE d.id = r.id AND r.n > 1 RETURNING r.k, d.id)
         INSERT INTO ${CHANGES} SELECT k, json_build_object('table', 'account_potentials', 'pk', id::text, 'deleted', true,
                                                             'reason', 'the survivor keeps one potential per family and year') FROM gone`,
        [[...memberIds]],
      );
    }
    // Touching updated_at tells downstream syncs the row changed; the identity map has none.
    const touch = (await columnsOf(trx, ref.table)).includes('updated_at') ? ', updated_at = now()' : '';
    await trx.raw(
      `WITH moved AS (UPDATE ${t} t SET ${col} = m.survivor${touch} FROM ${M} m WHERE ${on}
                      RETURNING m.k, t.${ident(pk)}::text AS pk, m.id::text AS old, m.survivor::text AS new)
       INSERT INTO ${CHANGES} SELECT k, json_build_object('table', ?::text, 'pk', pk, 'column', ?::text, 'old', old, 'new', new) FROM moved`,
      [ref.table, ref.column],
    );
  }
}
