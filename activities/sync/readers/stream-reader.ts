/**
 * What the sync engine asks of a source, whatever its connector: its streams in sync order, where
 * a stream's reading starts, and the stream's rows as pages (SourceRows and page boundaries that
 * carry the cursor to commit with the page). The load loop (pipeline/load-loop.ts) does the rest.
 */
import type { PageBoundary } from '../../pipeline/load-loop';
import type { FieldOrigin, SourceRow } from '../../pipeline/source-row';

export type StreamMode = 'incremental' | 'snapshot' | 'full';

export interface CheckResult { ok: boolean; check: string; message: string }

export interface StreamReader {
  /** The streams the source defines, parents first. */
  readonly streams: readonly string[];
  /** How the stream is read (a snapshot settles what it no longer lists). */
  mode(stream: string): Promise<StreamMode>;
  /** The position a run starts from, given the one the last run stored (null: from the start). */
  startCursor(stream: string, stored: unknown, full: boolean): Promise<unknown>;
  /** The stream's rows after `from`, numbered from `firstRow`, with a boundary after each page. */
  rows(stream: string, from: unknown, firstRow: number): AsyncIterable<SourceRow | PageBoundary>;
  origin: FieldOrigin;
  test(): Promise<CheckResult[]>;
  close(): Promise<void>;
}

/** Records keyed by canonical names: the field is its own column, the value as the source gave it. */
export const recordOrigin: FieldOrigin = {
  column: (field) => field,
  rawValue: (field, row, mapped) => {
    const v = row.raw.find(([k]) => k === field)?.[1] ?? mapped;
    return v === null || v === undefined ? null : String(v);
  },
};

/**
 * Splits a record into the entity's fields and the extras (columns no field takes). `raw`, the
 * row as the source gave it, is only read for a rejected row or a warning, so it is built when
 * first read, not for each of a million rows (its arrays were a large share of the sync's garbage).
 */
export function splitRecord(record: Record<string, unknown>, fields: ReadonlySet<string>, ignored: ReadonlySet<string>): { fields: Record<string, string | number | boolean | null>; extras: Record<string, unknown>; raw: SourceRow['raw'] } {
  const out: Record<string, string | number | boolean | null> = {};
  const extras: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const value = sourceValue(record[k]);
    if (fields.has(k)) out[k] = value;
    else if (!ignored.has(k) && value !== null) extras[k] = value;
  }
  let raw: SourceRow['raw'] | undefined;
  return {
    fields: out,
    extras,
    get raw() {
      raw ??= Object.keys(record).map((k) => {
        const value = sourceValue(record[k]);
        return [k, typeof value === 'string' && value.length > 65_536 ? `${value.slice(0, 65_536)}…` : value];
      });
      return raw;
    },
  };
}

function sourceValue(v: unknown): string | number | boolean | null {
  return v === undefined ? null : typeof v === 'bigint' ? v.toString() : (v as string | number | boolean | null);
}
