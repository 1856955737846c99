/**
 * What the pipeline reads, whatever the reader: a file row (a spreadsheet: its cells mapped to
 * fields by the mapping) or a record of a paged source (an ERP query's row, an e-invoice's
 * document: already keyed by canonical field names). Everything after the reader — the row schema,
 * staging, resolve, write, quarantine, the ledger — sees only this.
 */
import type { MappedFields, MappedValue } from '../../domain/canonical/row-context';
import type { RejectedRow } from './quarantine';

export interface SourceRow {
  /** The row's ordinal in its run: a file's physical row, a sync's running count (unique per run). */
  rowNumber: number;
  /** Where it came from, kept with its rejects and warnings: {file, sheet, row} or {stream, page, offset}. */
  place: Record<string, unknown>;
  /** The canonical fields; null for a row the reader could not read (see `issue`). */
  fields: MappedFields | null;
  /** Values no field takes, kept with the record (null-prototype object: keys are untrusted). */
  extras: Record<string, unknown>;
  /** The row as the source gave it, for the quarantine (original headers or column aliases). */
  raw: RejectedRow['raw'];
  /** The reader could not read the row (unbalanced quotes, a 10 MB cell, an e-invoice in an unknown version …). */
  issue?: { code: string; message: string; reason?: 'unreadable_row' | 'unreadable_document' };
  /** Not a record, skipped and counted: a totals row or a footer of an export, a purchase invoice. */
  skip?: { reason: 'summary_row' | 'purchase_document'; code: string; detail: string };
  /**
   * A row of another run's quarantine, read again: a person's fix (`rejects replay`), or a fact that
   * waited for its account or parent (`retry`: if it still cannot load it stays where it was,
   * not quarantined twice).
   */
  replays?: { runId: number; row: number; retry: boolean };
  /** What the reader repaired on the way (a stray Windows-1252 byte): kept as warnings. */
  notes?: { field: string; column: string | null; value: string | null; code: string; message: string }[];
  /**
   * Lets go of what the row can build again when read (a file row's mapped fields, from its cells).
   * The load loop calls it on rows that wait for the identity map's answer, most of which are then
   * never parsed: a 10,000-row batch waits in the heap, and every scavenge copies what it holds.
   */
  compact?(): void;
  /**
   * The row's content as one string, from which its fields and extras follow (a file row: its text
   * cells joined, after its mapping's digest), or null when it has none: the fingerprint then
   * hashes the mapped fields (known-rows.ts rowFingerprint). Reading it maps nothing.
   */
  content?(): string | null;
  /** One canonical field, as `fields` has it, without mapping the rest of the row. */
  field?(name: string): MappedValue;
}

/** One canonical field of a row: through `field` when the row has it (nothing else is mapped). */
export function fieldOf(row: SourceRow, name: string): MappedValue {
  return row.field ? row.field(name) : row.fields?.[name];
}

/** How a reader names where a field came from, for the warnings of the values it drops. */
export interface FieldOrigin {
  /** The source column(s) feeding a field, as the source names them. */
  column(field: string): string | null;
  /** The field's value as the source wrote it (before a mapping's transforms). */
  rawValue(field: string, row: SourceRow, mapped: unknown): string | null;
}
