/**
 * Quarantine: rows that could not be loaded, kept with their raw values, their issues, the reason
 * and their place in the file, so they can be fixed and replayed. Written in the same
 * transaction as the batch they belong to, so a resumed run neither loses nor doubles them.
 */
import type { Knex } from 'knex';

export type RejectReason =
  | 'validation' | 'unreadable_row' | 'unknown_lookup' | 'unmatched_account' | 'ambiguous_match' | 'missing_reference' | 'summary_row'
  | 'missing_parent' | 'unreadable_document' | 'purchase_document';

export interface RejectIssue { path: string; code: string; message: string }

export interface RejectedRow {
  rowNumber: number;
  externalId: string | null;
  raw: [header: string, value: string | number | boolean | null][];
  issues: RejectIssue[];
  reason: RejectReason;
  /** {file, sheet, row} or {stream, page, offset}; the context's file and sheet when absent. */
  place?: Record<string, unknown>;
}

/** `fileName` and `sheet` are null for a sync (its places say stream, page and offset). */
export interface QuarantineContext { runId: number; sourceSystem: string; entityType: string; fileName: string | null; sheet: string | null }

/** Longest raw cell we keep: a 10 MB cell is quarantined by its first 64 KiB, with a note. */
export const MAX_KEPT_CELL = 64 * 1024;

export function keepRaw(headers: readonly string[], cells: readonly unknown[]): RejectedRow['raw'] {
  const width = Math.max(headers.length, cells.length);
  const raw: RejectedRow['raw'] = [];
  for (let i = 0; i < width && i < 2_000; i++) {
    let v = cells[i] as string | number | boolean | null | undefined;
    if (v === undefined) v = null;
    if (typeof v === 'string' && v.length > MAX_KEPT_CELL) v = `${v.slice(0, MAX_KEPT_CELL)}… [truncated from ${v.length} characters]`;
    raw.push([headers[i] ?? `column_${i + 1}`, v]);
  }
  return raw;
}

/** `status`: `open` for rows waiting to be fixed; `skipped` for totals and footers that are not records. */
export async function insertRejects(db: Knex | Knex.Transaction, ctx: QuarantineContext, rows: readonly RejectedRow[], status: 'open' | 'skipped' = 'open'): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((r) => ({
    sync_run_id: ctx.runId,
    source_system_code: ctx.sourceSystem,
    entity_type: ctx.entityType,
    external_id: r.externalId,
    file_name: ctx.fileName,
    sheet: ctx.sheet,
    row_number: r.rowNumber,
    place: JSON.stringify(r.place ?? { file: ctx.fileName, sheet: ctx.sheet, row: r.rowNumber }),
    raw: JSON.stringify(r.raw),
    issues: JSON.stringify(r.issues),
    reason: r.reason,
    status,
  }));
  // 12 columns: 500 rows per statement stays far below the 65,535 bind-parameter limit.
  for (let i = 0; i < records.length; i += 500) {
    await db('rejected_rows').insert(records.slice(i, i + 500)).onConflict(db.raw('(sync_run_id, row_number) WHERE row_number IS NOT NULL')).ignore();
  }
}
