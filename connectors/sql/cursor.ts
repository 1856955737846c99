/**
 * Where a stream's reading stands, as a small JSON value the pipeline commits with each page.
 *
 * - incremental: the (updated_at, external_id) of the last row read. `updatedAt` is the value as
 *   the source database writes it (UTC for TIMESTAMP/timestamptz, wall-clock for DATETIME), so it
 *   goes back into the keyset comparison without any conversion, microseconds included.
 *   `externalId: null` means "from updatedAt inclusive": a run's start after the look-back.
 * - snapshot/full: the external_id of the last row read within the current run.
 *
 * external_id is compared as text, byte order of its UTF-8 (see wrap-query.ts): numeric ids order
 * as text ('10' < '9'), which is fine because only the order's consistency matters.
 */
import { z } from 'zod';
import type { SqlStreamMode } from './config';
import { shiftTimestampText } from './zoned-time';

export const IncrementalCursor = z.strictObject({ mode: z.literal('incremental'), updatedAt: z.string().min(1), externalId: z.string().nullable() });
export type IncrementalCursor = z.infer<typeof IncrementalCursor>;
export const WholeReadCursor = z.strictObject({ mode: z.enum(['snapshot', 'full']), externalId: z.string() });
export type WholeReadCursor = z.infer<typeof WholeReadCursor>;
export const SqlCursor = z.discriminatedUnion('mode', [IncrementalCursor, WholeReadCursor]);
export type SqlCursor = z.infer<typeof SqlCursor>;

/**
 * The cursor a run starts from, given the one the last run ended at. Incremental: the stored
 * position minus `lookbackSeconds`, inclusive, so rows committed late with an older timestamp are
 * read again (unchanged rows cost no write downstream). Snapshot/full: from the start, every run.
 * A stored cursor of another mode (the stream's mode changed) starts over. Apply once per run:
 * pages within a run continue from the previous page's cursor, never with the look-back again.
 */
export function runStartCursor(mode: SqlStreamMode, stored: unknown, lookbackSeconds: number): SqlCursor | null {
  if (mode !== 'incremental' || stored === null || stored === undefined) return null;
  const parsed = IncrementalCursor.safeParse(stored);
  if (!parsed.success) return null;
  const shifted = shiftTimestampText(parsed.data.updatedAt, lookbackSeconds);
  if (lookbackSeconds === 0 || shifted === null) return parsed.data;
  return { mode: 'incremental', updatedAt: shifted, externalId: null };
}

/** Throws unless the cursor belongs to a stream read in `mode`. */
export function cursorFor(mode: SqlStreamMode, cursor: unknown, stream: string): SqlCursor | null {
  if (cursor === null || cursor === undefined) return null;
  const parsed = SqlCursor.safeParse(cursor);
  if (!parsed.success || parsed.data.mode !== mode) {
    throw new Error(`stream ${stream}: cursor ${JSON.stringify(cursor)} is not a ${mode} cursor (start the run from runStartCursor)`);
  }
  return parsed.data;
}
