/**
 * Re-collapses a staged group with the rows of the same external id that the identity map holds,
 * when they belong together in this run:
 * - `merge`: the external id was already written earlier in this run (the same customer further
 *   up the file): the group joins what that earlier batch wrote;
 * - `update` of an external id whose other rows this run found unchanged earlier (seen-rows.ts):
 *   the changed row is collapsed with those, not written over them.
 * Runs right after the identity step; also records the batch's unchanged rows as seen. The
 * collapse itself is domain/merge/collapse-rows.ts; here is only the reading and writing around it.
 */
import { collapseMembers, type GroupMember } from '../../domain/merge';
import type { SurvivorshipEntity } from '../../domain/merge/survivorship-rules';
import { groupHash } from './batch';
import { recordSeenRows, seenTableName } from './seen-rows';
import type { EntityType, ResolveStep } from './targets/entity-target';

interface RegroupRow {
  row_number: number;
  action: 'merge' | 'update';
  prev_hash: string;
  prev_members: GroupMember[] | null;
  prev_payload: Record<string, unknown> | null;
  prev_row: number | null;
  members: GroupMember[] | null;
  payload: Record<string, unknown>;
  data_hash: string;
  seen: { hash: string; row: number }[];
}

export function regroupStep(opts: { entityType: EntityType; entity: SurvivorshipEntity | null; columns: readonly string[] }): ResolveStep {
  const payloadSql = `jsonb_build_object(${opts.columns.map((c) => `'${c}', s.${c}`).join(', ')}, 'extras', s.extras)`;
  return {
    name: 'regroup',
    async run(trx, ctx) {
      const seen = seenTableName(ctx.runId);
      await recordSeenRows(trx, ctx.stage, ctx.runId);
      // Updates of an external id that has rows seen earlier in this run: they collapse with them.
      // One index probe per such row (LATERAL … LIMIT 1): a plain join let the planner hash the
      // whole identity map for every batch (7 s a batch at 100k identity rows).
      await trx.raw(
        `UPDATE ${ctx.stage} s SET regroup = true, prev_members = f.members, prev_payload = f.payload
           FROM (SELECT s2.row_number, sr.members, sr.payload FROM ${ctx.stage} s2
                   CROSS JOIN LATERAL (SELECT r.members, r.payload FROM source_records r
                                        WHERE r.source_system_code = ? AND r.entity_type = ? AND r.external_id = s2.external_id LIMIT 1) sr
                  WHERE s2.action = 'update' AND EXISTS (SELECT 1 FROM ${seen} x WHERE x.external_id = s2.external_id)) f
          WHERE s.row_number = f.row_number`,
        [ctx.sourceSystem, opts.entityType],
      );
      const { rows } = await trx.raw<{ rows: RegroupRow[] }>(
        `SELECT s.row_number, s.action, s.prev_hash, s.prev_members, s.prev_payload, s.members, s.data_hash,
                ${payloadSql} AS payload,
                (SELECT (sr.last_place->>'row')::int FROM source_records sr
                  WHERE sr.source_system_code = ? AND sr.entity_type = ? AND sr.external_id = s.external_id LIMIT 1) AS prev_row,
                coalesce((SELECT jsonb_agg(jsonb_build_object('hash', x.row_hash, 'row', x.row_number))
                            FROM ${seen} x WHERE x.external_id = s.external_id), '[]') AS seen
           FROM ${ctx.stage} s WHERE s.regroup`,
        [ctx.sourceSystem, opts.entityType],
      );
      if (rows.length === 0) return;
      const regrouped = rows.map((r) => regroup(r, opts));
      const cols = ['row_number', 'data_hash', 'row_hashes', 'row_numbers', 'members', 'extras', ...opts.columns];
      await trx.raw(
        `UPDATE ${ctx.stage} s SET ${cols.slice(1).map((c) => `${c} = r.${c}`).join(', ')}
           FROM jsonb_populate_recordset(NULL::${ctx.stage}, ?::jsonb) r WHERE s.row_number = r.row_number`,
        [JSON.stringify(regrouped)],
      );
    },
  };
}

/** Pure: the group's members (stored ones that belong to this run first), collapsed. */
export function regroup(r: RegroupRow, o: { entity: SurvivorshipEntity | null }): Record<string, unknown> {
  const stored: GroupMember[] = r.prev_members
    ?? (r.prev_payload ? [{ row: r.prev_row ?? -1, hash: r.prev_hash, payload: r.prev_payload }] : []);
  let kept: GroupMember[];
  if (r.action === 'merge') {
    kept = stored; // written earlier in this very run: all of it belongs to this run
  } else {
    // Stored rows this run saw unchanged, at the place this run saw them.
    const rowOf = new Map(r.seen.map((s) => [s.hash, s.row]));
    kept = stored.filter((m) => rowOf.has(m.hash)).map((m) => ({ ...m, row: rowOf.get(m.hash)! }));
  }
  const staged: GroupMember[] = r.members ?? [{ row: r.row_number, hash: r.data_hash, payload: r.payload }];
  const byRow = new Map<number, GroupMember>();
  for (const m of [...kept, ...staged]) byRow.set(m.row, m); // a row is one member, whichever side gave it
  const members = [...byRow.values()].sort((a, b) => a.row - b.row);
  const collapsed = collapseMembers(o.entity, members);
  const hashes = members.map((m) => m.hash);
  return {
    ...collapsed,
    row_number: r.row_number,
    data_hash: groupHash(hashes),
    row_hashes: hashes,
    row_numbers: members.map((m) => m.row),
    members: members.length > 1 ? members : null,
  };
}
