/**
 * The survivors' values after merges: survivorship over every source record that now feeds each
 * survivor (domain/merge), on top of the merged CRM values (the survivor's, blanks filled from the
 * absorbed records, oldest first), with user-edited fields kept from whichever record a person
 * edited. All survivors of a batch are read with one query and written with one UPDATE through
 * jsonb_populate_recordset, so every column keeps its type.
 */
import type { Knex } from 'knex';
import { isEmptyValue, surviveRecord, type FieldLineage, type SurvivorshipSource, SourceKind } from '../../domain/merge';
import { columnsOf, ident, SOURCE_ENTITY_TYPE, type MergeEntity } from './entity-tables';

/** Bookkeeping columns: never copied between records. */
const NOT_VALUES = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'user_edited_fields', 'extras']);

export type EntityRow = Record<string, unknown> & { id: string; created_at: Date; user_edited_fields: string[]; extras: Record<string, unknown> };

interface SourceRow { crm_id: string; source_system_code: string; external_id: string; kind: string | null; last_seen_at: Date; payload: Record<string, unknown> }

/** The source records feeding each of `crmIds`, as survivorship inputs. */
export async function loadSurvivorshipSources(trx: Knex | Knex.Transaction, entity: MergeEntity, crmIds: readonly string[]): Promise<Map<string, SurvivorshipSource[]>> {
  const rows: SourceRow[] = await trx('source_records as sr')
    .leftJoin('source_systems as ss', 'ss.code', 'sr.source_system_code')
    .where('sr.entity_type', SOURCE_ENTITY_TYPE[entity]).whereRaw('sr.crm_id = ANY(?::uuid[])', [[...crmIds]])
    .select('sr.crm_id', 'sr.source_system_code', 'sr.external_id', 'ss.kind', 'sr.last_seen_at', 'sr.payload');
  const out = new Map<string, SurvivorshipSource[]>();
  for (const r of rows) {
    const list = out.get(r.crm_id) ?? [];
    list.push({
      sourceSystem: r.source_system_code,
      externalId: r.external_id,
      // Every import writes its source system; a missing one counts as the least trusted file.
      kind: SourceKind.safeParse(r.kind).success ? (r.kind as SourceKind) : 'spreadsheet',
      lastSeenAt: r.last_seen_at.toISOString(),
      payload: r.payload,
    });
    out.set(r.crm_id, list);
  }
  return out;
}

/** Pure: the survivor's next values from the merged rows (survivor first, then absorbed oldest first). */
export function survivorValues(entity: MergeEntity, columns: readonly string[], rows: readonly EntityRow[], sources: SurvivorshipSource[]): { next: Record<string, unknown>; lineage: Record<string, FieldLineage> } {
  const survivor = rows[0]!;
  const ids = new Set(rows.map((r) => r.id));
  const crm: Record<string, unknown> = {};
  const edited = new Set<string>();
  for (const c of columns) {
    // A field a person edited keeps that person's value, from whichever record they edited.
    const editedIn = rows.find((r) => r.user_edited_fields.includes(c));
    if (editedIn) edited.add(c);
    const from = editedIn ?? rows.find((r) => !isEmptyValue(r[c]) && !(c === 'parent_account_id' && ids.has(r[c] as string)));
    crm[c] = from ? from[c] : survivor[c];
  }
  // A record cannot be its own parent once its duplicates are gone.
  if (typeof crm.parent_account_id === 'string' && ids.has(crm.parent_account_id)) crm.parent_account_id = null;
  const { values, lineage } = surviveRecord({ entity, sources, crm, userEditedFields: [...edited] });
  const next: Record<string, unknown> = { ...crm, id: survivor.id };
  // `crm` has exactly the columns: a value survivorship gives for a field the table lacks is left out.
  for (const [k, v] of Object.entries(values)) if (Object.hasOwn(crm, k)) next[k] = v;
  next.extras = Object.assign({}, ...[...rows].reverse().map((r) => r.extras)); // the survivor's keys win
  next.user_edited_fields = [...new Set(rows.flatMap((r) => r.user_edited_fields))].sort();
  return { next, lineage };
}

/**
 * Recomputes and writes the survivors. Each group is one merge's rows, survivor first, then the
 * absorbed ones oldest first (already locked by the caller). Returns each group's lineage.
 */
export async function writeSurvivors(trx: Knex.Transaction, entity: MergeEntity, groups: readonly (readonly EntityRow[])[]): Promise<Record<string, FieldLineage>[]> {
  if (groups.length === 0) return [];
  const columns = (await columnsOf(trx, entity)).filter((c) => !NOT_VALUES.has(c));
  const sources = await loadSurvivorshipSources(trx, entity, groups.map((g) => g[0]!.id));
  const results = groups.map((g) => survivorValues(entity, columns, g, sources.get(g[0]!.id) ?? []));
  const set = [...columns, 'extras', 'user_edited_fields'];
  // Only rows whose values change are written: updated_at then means "changed", which is what
  // downstream syncs and the matcher's stale-profile check read.
  await trx.raw(
    `UPDATE ${ident(entity)} t SET ${set.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ')}, updated_at = now()
       FROM jsonb_populate_recordset(NULL::${ident(entity)}, ?::jsonb) r
      WHERE t.id = ANY(?::uuid[]) AND t.id = r.id
        AND (${set.map((c) => `t.${ident(c)}`).join(', ')}) IS DISTINCT FROM (${set.map((c) => `r.${ident(c)}`).join(', ')})`,
    [JSON.stringify(results.map((r) => r.next)), groups.map((g) => g[0]!.id)],
  );
  return results.map((r) => r.lineage);
}
