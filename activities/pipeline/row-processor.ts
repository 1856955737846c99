/**
 * One source row → a canonical record to stage (with the warnings of the values it lost), a
 * quarantined row, or a skipped summary row. Pure CPU, no IO: this is the per-row hot path of a
 * 1,000,000-row import, so it allocates little and builds nothing per row that can be built once
 * per import.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { MappedFields, RowContext } from '../../domain/canonical/row-context';
import type { CopyValue } from './copy-text';
import type { RejectedRow, RejectIssue } from './quarantine';
import type { FieldOrigin, SourceRow } from './source-row';
import type { EntityTarget } from './targets/entity-target';

/** A value dropped from a loaded row, with the column it came from. */
export interface LoadWarning { rowNumber: number; place: Record<string, unknown>; field: string; column: string | null; value: string | null; code: string; message: string }

export interface StagedRow {
  rowNumber: number;
  externalId: string;
  /** The record's staging values, in the target's `stageColumns` order. */
  values: CopyValue[];
  extras: Record<string, unknown>;
  /** Content hash of the values and the extras: the same hash means nothing to write. */
  hash: string;
  warnings: LoadWarning[];
  /** The source row's fingerprint, kept with a record of this one row (known-rows.ts); set by the caller. */
  fingerprint?: string | null;
}

export type ProcessedRow =
  | { kind: 'loaded'; row: StagedRow }
  | { kind: 'rejected'; reject: RejectedRow }
  | { kind: 'skipped'; reject: RejectedRow };

export interface RowProcessorOptions {
  target: EntityTarget<{ external_id: string }>;
  rc: RowContext;
  origin: FieldOrigin;
  /** Fields whose invalid values reject the row (the mapping's `strict`). */
  strict?: readonly string[];
}

export function createRowProcessor(opts: RowProcessorOptions): (row: SourceRow) => ProcessedRow {
  const { target, origin } = opts;
  const schema = target.createRowSchema(opts.rc, { strict: opts.strict ?? [] });
  return (row) => {
    if (row.skip) {
      return { kind: 'skipped', reject: reject(row, row.skip.reason, [{ path: '', code: row.skip.code, message: row.skip.detail }]) };
    }
    if (row.issue || row.fields === null) {
      const issue = row.issue ?? { code: 'unreadable_row', message: 'the row could not be read' };
      return { kind: 'rejected', reject: reject(row, row.issue?.reason ?? 'unreadable_row', [{ path: '', code: issue.code, message: issue.message }]) };
    }
    const parsed = schema.safeParse(row.fields as MappedFields);
    if (!parsed.success) {
      const issues = toRejectIssues(parsed.issues);
      const onlyLookups = issues.every((i) => i.code === 'unknown_lookup');
      return { kind: 'rejected', reject: reject(row, onlyLookups ? 'unknown_lookup' : 'validation', issues) };
    }
    const record = parsed.data;
    const values = target.toStageValues(record);
    // Extras are built on a null-prototype object, so a "__proto__" header is an own key that
    // JSON.stringify writes like any other: data, never a prototype.
    const extrasJson = JSON.stringify(row.extras);
    // The content hash covers every canonical value and the extras: same hash ⇒ nothing to write.
    // A replacer makes JSON.stringify ~3× slower (measured), so a bigint (money in minor units:
    // every invoice has three) is turned into its digits in a copy of the array instead; the text,
    // and so the hash, is the same as with the replacer.
    const valuesJson = JSON.stringify(values.some((v) => typeof v === 'bigint') ? values.map(bigintText) : values);
    const hash = createHash('sha1').update(valuesJson).update(extrasJson).digest('base64url');
    const warnings: LoadWarning[] = [];
    // What the reader repaired (a stray Windows-1252 byte in a UTF-8 file) is kept as a warning too.
    for (const n of row.notes ?? []) warnings.push({ rowNumber: row.rowNumber, place: row.place, ...n });
    for (const w of parsed.warnings) {
      warnings.push({
        rowNumber: row.rowNumber, place: row.place, field: w.path, column: origin.column(w.path),
        value: origin.rawValue(w.path, row, w.input), code: w.code, message: w.message,
      });
    }
    return { kind: 'loaded', row: { rowNumber: row.rowNumber, externalId: record.external_id, values, extras: row.extras, hash, warnings } };
  };
}

/** Money in minor units is a bigint: hashed by its digits. */
function bigintText(value: CopyValue): CopyValue {
  return typeof value === 'bigint' ? value.toString() : value;
}

function reject(row: SourceRow, reason: RejectedRow['reason'], issues: RejectIssue[]): RejectedRow {
  return { rowNumber: row.rowNumber, externalId: null, raw: row.raw, issues, reason, place: row.place };
}

export function toRejectIssues(issues: readonly z.core.$ZodIssue[]): RejectIssue[] {
  return issues.map((i) => ({
    path: i.path.map(String).join('.'),
    code: (i.code === 'custom' && (i as { params?: { kind?: string } }).params?.kind) || i.code,
    message: i.message,
  }));
}
