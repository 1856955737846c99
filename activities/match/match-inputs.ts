/**
 * Reads live CRM records as the matcher's inputs (the canonical columns its record builders take),
 * in id order by keyset pages: a million accounts never sit in one result set.
 */
import type { Knex } from 'knex';
import type { MatchEntity } from '../../domain/matching';

const INPUT_COLUMNS: Record<MatchEntity, readonly string[]> = {
  accounts: [
    'name', 'legal_name', 'legal_form', 'tax_id', 'tax_id_country', 'website', 'domain', 'email', 'additional_emails',
    'phone', 'additional_phones', 'street1', 'street2', 'postcode', 'city', 'region', 'country_code',
  ],
  contacts: [
    'first_name', 'last_name', 'email', 'additional_emails', 'phone', 'mobile', 'additional_phones', 'birth_date',
    'national_id', 'street1', 'street2', 'postcode', 'city', 'region', 'country_code', 'account_id',
  ],
};

export type MatchInputRow = { id: string } & Record<string, string | string[] | null>;

const PAGE = 20_000;

/** Every live record of the entity, page by page (ids ascending). */
export async function* liveRecordPages(db: Knex, entity: MatchEntity, pageSize = PAGE): AsyncGenerator<MatchInputRow[]> {
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: MatchInputRow[] } = await db.raw(
      `SELECT id, ${INPUT_COLUMNS[entity].join(', ')} FROM ${entity}
        WHERE deleted_at IS NULL ${after ? 'AND id > ?' : ''} ORDER BY id LIMIT ${Math.trunc(pageSize)}`,
      after ? [after] : [],
    );
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** The given records (live or not: a caller decides what a deleted one means). */
export async function loadRecords(db: Knex, entity: MatchEntity, ids: readonly string[]): Promise<MatchInputRow[]> {
  if (ids.length === 0) return [];
  const { rows }: { rows: MatchInputRow[] } = await db.raw(
    `SELECT id, ${INPUT_COLUMNS[entity].join(', ')} FROM ${entity} WHERE id = ANY(?::uuid[]) AND deleted_at IS NULL ORDER BY id`,
    [ids as string[]],
  );
  return rows;
}
