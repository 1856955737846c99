/**
 * The survivor's values after a merge: survivorship over every source record that now feeds it
 * (domain/merge), on top of the merged CRM values (the survivor's, blanks filled from the
 * absorbed records, oldest first), with user-edited fields kept from whichever record a person
 * edited. Written with one UPDATE through jsonb_populate_record, so every column keeps its type.
 */
import type { Knex } from 'knex';
import { isEmptyValue, surviveRecord, type FieldLineage, type SurvivorshipSource, SourceKind } from '../../domain/merge';
import { columnsOf, ident, SOURCE_ENTITY_TYPE, type MergeEntity } from './entity-tables';

/** Bookkeeping columns: never copied between records. */
const NOT_VALUES = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'user_edited_fields', 'extras']);

export type EntityRow = Record<string, unknown> & { id: string; created_at: Date; user_edited_fields: string[]; extras: Record<string, unknown> };

interface SourceRow { source_system_code: string; external_id: string; kind: string | null; last_seen_at: Date; payload: Record<string, unknown> }

export async function loadSurvivorshipSources(trx: Knex | Knex.Transaction, entity: MergeEntity, crmId: string): Promise<SurvivorshipSource[]> {
  const rows: SourceRow[] = await trx('source_records as sr')
    .leftJoin('source_systems as ss', 'ss.code', 'sr.source_system_code')
    .where({ 'sr.entity_type': SOURCE_ENTITY_TYPE[entity], 'sr.crm_id': crmId })
    .select('sr.source_system_code', 'sr.external_id', 'ss.kind', 'sr.last_seen_at', 'sr.payload');
  return rows.map((r) => ({
    sourceSystem: r.source_system_code,
    externalId: r.external_id,
    // A source system row is written by every import; a missing one is treated as the least trusted file.
    kind: SourceKind.safeParse(r.kind).success ? (r.kind as SourceKind) : 'spreadsheet',
    lastSeenAt: r.last_seen_at.toISOString(),
    payload: r.payload,
  }));
}

/**
 * Recomputes and writes the survivor. `rows` are the merged records, survivor first, then the
 * absorbed ones oldest first (already locked by the caller). Returns the fields' lineage.
 */
export async function writeSurvivor(trx: Knex.Transaction, entity: MergeEntity, rows: readonly EntityRow[]): Promise<Record<string, FieldLineage>> {
  const [survivor] = rows;
  if (!survivor) throw new Error('writeSurvivor: no rows');
  const ids = new Set(rows.map((r) => r.id));
  const columns = (await columnsOf(trx, entity)).filter((c) => !NOT_VALUES.has(c));

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

  const sources = await loadSurvivorshipSources(trx, entity, survivor.id);
  const { values, lineage } = surviveRecord({ entity, sources, crm, userEditedFields: [...edited] });
  const next: Record<string, unknown> = { ...crm };
  for (const [k, v] of Object.entries(values)) if (columns.includes(k)) next[k] = v;
  next.extras = Object.assign({}, ...[...rows].reverse().map((r) => r.extras)); // the survivor's keys win
  next.user_edited_fields = [...new Set(rows.flatMap((r) => r.user_edited_fields))].sort();

  const set = [...columns, 'extras', 'user_edited_fields'];
  await trx.raw(
    `UPDATE ${ident(entity)} t SET ${set.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ')}, updated_at = now()
       FROM jsonb_populate_record(NULL::${ident(entity)}, ?::jsonb) r WHERE t.id = ?`,
    [JSON.stringify(next), survivor.id],
  );
  return lineage;
}
