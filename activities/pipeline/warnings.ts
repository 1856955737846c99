/**
 * Warnings: values dropped from rows that still loaded (an unparseable phone, a website cell
 * saying "No", an unknown lookup label, a tax id with a bad checksum), kept with the run, the row,
 * the field, the column it came from, the raw value and why. Written in the batch's transaction,
 * like rejects. One statement per batch whatever its size: the columns travel as arrays.
 */
import type { Knex } from 'knex';
import type { QuarantineContext } from './quarantine';
import type { LoadWarning } from './row-processor';

/** Longest raw value kept with a warning (a 10 MB cell is kept by its start). */
const MAX_KEPT_VALUE = 4096;

export async function insertWarnings(db: Knex | Knex.Transaction, ctx: QuarantineContext, warnings: readonly LoadWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  const col = <T>(f: (w: LoadWarning) => T): T[] => warnings.map(f);
  await db.raw(
    `INSERT INTO row_warnings (sync_run_id, source_system_code, entity_type, row_number, place, field, "column", raw_value, code, message)
     SELECT ?, ?, ?, w.row_number, w.place, w.field, w.col, w.raw_value, w.code, w.message
       FROM unnest(?::int[], ?::jsonb[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS w(row_number, place, field, col, raw_value, code, message)`,
    [
      ctx.runId, ctx.sourceSystem, ctx.entityType,
      col((w) => w.rowNumber), col((w) => JSON.stringify(w.place)), col((w) => w.field), col((w) => w.column),
      col((w) => (w.value !== null && w.value.length > MAX_KEPT_VALUE ? `${w.value.slice(0, MAX_KEPT_VALUE)}…` : w.value)),
      col((w) => w.code), col((w) => w.message),
    ] as Knex.RawBinding[],
  );
}
