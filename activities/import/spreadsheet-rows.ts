/**
 * The spreadsheet reader as the pipeline sees it: each file row mapped to canonical fields by the
 * run's mapping, with its place (file, sheet, row), its raw cells under their original headers
 * (for the quarantine), the reader's repairs (notes), and whether it is a totals or footer row.
 * Replays (`crmhub rejects replay`) go through here too: crmhub's own columns are set aside and
 * the export's formula guard is taken off.
 */
import type { SheetRow, SpreadsheetSource } from '../../connectors/spreadsheet';
import type { MappedFields, MappedValue } from '../../domain/canonical/row-context';
import { createSummaryRowDetector } from '../../domain/imports';
import { applyMapping, mapField, type Cell, type CompiledMapping, type MappedRow } from '../../domain/mapping';
import type { LocaleProfile } from '../../domain/normalize';
import { keepRaw } from '../pipeline/quarantine';
import type { FieldOrigin, SourceRow } from '../pipeline/source-row';
import type { replayColumns } from './replay-columns';

/** Columns that identify a record: a row with a value in one of them is never a totals row. */
const IDENTITY_FIELDS = new Set(['external_id', 'tax_id', 'email', 'additional_emails', 'phone', 'mobile', 'fax', 'website', 'national_id', 'account_external_id', 'account_tax_id']);

/**
 * A file row as the pipeline reads it. A class, not an object literal with a getter: a million
 * rows then share one prototype's getters instead of each carrying its own closures. Its place and
 * raw cells are built when read (a quarantined row, a warning, a row thread's loaded rows), and its
 * mapped fields when first read. While the row waits for the identity map's answer (known-rows.ts),
 * `compact` lets its fields go and keeps its cells as one string: both are built again if read.
 */
class FileRow implements SourceRow {
  skip?: SourceRow['skip'];
  notes?: SourceRow['notes'];
  replays?: SourceRow['replays'];
  private mapped: MappedRow | null;
  /** The cells, or null while they are kept as one string (`compact`). */
  private cellList: readonly Cell[] | null;
  private cellText: string | null;

  constructor(
    readonly rowNumber: number,
    cells: readonly Cell[],
    private readonly file: { headers: readonly string[]; fileName: string; sheet: string | null; plan: CompiledMapping },
  ) {
    this.mapped = null;
    this.cellList = cells;
    this.cellText = null;
  }

  /** The row's cells, for the mapping and the warnings' raw values (origin.rawValue). */
  get cells(): readonly Cell[] {
    return (this.cellList ??= this.cellText!.split(CELL_SEPARATOR));
  }

  /**
   * The mapping's digest and the text cells joined (`compact`'s string, built once for both): the
   * same string maps to the same fields and extras. null when a cell is not text (XLSX numbers and
   * dates) or holds the separator: the fingerprint then hashes the mapped fields.
   */
  content(): string | null {
    const text = this.joined();
    return text === null ? null : `${this.file.plan.digest}${CELL_SEPARATOR}${text}`;
  }

  field(name: string): MappedValue {
    return this.mapped ? (this.mapped.fields as MappedFields)[name] : mapField(this.file.plan, this.cells, name);
  }

  get fields(): SourceRow['fields'] {
    return this.mapping().fields;
  }

  get extras(): SourceRow['extras'] {
    return this.mapping().extras;
  }

  private mapping(): MappedRow {
    return (this.mapped ??= applyMapping(this.file.plan, this.cells));
  }

  get place(): Record<string, unknown> {
    return { file: this.file.fileName, sheet: this.file.sheet, row: this.rowNumber };
  }

  get raw(): SourceRow['raw'] {
    return keepRaw(this.file.headers, this.cells);
  }

  /**
   * The mapping is pure, and text cells joined by a character none of them holds split back into
   * the same cells: what is read after this is what was read before. A waiting row of the bench's
   * 13-column CSV held 1,000 bytes of heap with its fields and cells, 328 compacted (measured, with
   * its key and fingerprint).
   */
  compact(): void {
    this.mapped = null;
    if (this.joined() !== null) this.cellList = null;
  }

  /** The text cells joined by CELL_SEPARATOR (kept), or null when they cannot be. */
  private joined(): string | null {
    if (this.cellText !== null) return this.cellText;
    const cells = this.cellList!;
    if (cells.length === 0) return null;
    for (const cell of cells) if (typeof cell !== 'string' || cell.includes(CELL_SEPARATOR)) return null; // XLSX numbers, dates
    return (this.cellText = cells.join(CELL_SEPARATOR));
  }
}

/** Joins a waiting row's cells (FileRow.compact): a control character that text cells hardly ever hold. */
const CELL_SEPARATOR = '\u0001';

export interface SpreadsheetRows {
  origin: FieldOrigin;
  /** The rows after `afterRow`, a reader's batch at a time (one promise per batch, not per row). */
  batches(afterRow: number): AsyncIterable<SourceRow[]>;
}

export function spreadsheetRows(o: {
  source: SpreadsheetSource;
  plan: CompiledMapping;
  fileName: string;
  profile: LocaleProfile;
  replay: ReturnType<typeof replayColumns> | null;
}): SpreadsheetRows {
  const { source, plan, fileName, replay } = o;
  const headers = source.headers;
  const columnOf = new Map(plan.fields.map((f) => [f.field as string, f.sources.map((s) => s.header).join(' + ') || null]));
  const indexesOf = new Map(plan.fields.map((f) => [f.field as string, f.sources.map((s) => s.index)]));
  const fieldOfHeader = new Map(plan.fields.flatMap((f) => f.sources.map((s) => [s.header, f.field as string] as const)));
  const identity = plan.fields.filter((f) => IDENTITY_FIELDS.has(f.field)).flatMap((f) => f.sources.map((s) => s.index));
  const summaries = createSummaryRowDetector({ headers, profile: o.profile, identityColumns: identity });

  const origin: FieldOrigin = {
    column: (field) => columnOf.get(field) ?? null,
    // The value as the file has it (before the mapping's transforms), which is what a person fixes.
    rawValue: (field, row, mapped) => {
      const cells = row instanceof FileRow ? row.cells : [];
      const written = (indexesOf.get(field) ?? []).map((i) => cells[i]).filter((c) => c !== null && c !== undefined && String(c).trim() !== '');
      if (written.length > 0) return written.map(String).join(' ');
      return mapped === null || mapped === undefined ? null : String(mapped);
    },
  };

  const file = { headers, fileName, sheet: source.sheet, plan };
  const toSourceRow = (sheetRow: SheetRow): SourceRow => {
    const row = replay ? replay.unguard(sheetRow) : sheetRow;
    if (row.issue) {
      // A row the reader could not split into cells is kept as the text it read (at most 64 KiB).
      const raw = row.raw !== undefined ? [['(raw text)', row.raw] as [string, string]] : keepRaw(headers, row.cells);
      return { rowNumber: row.rowNumber, place: { file: fileName, sheet: source.sheet, row: row.rowNumber }, fields: null, extras: {}, raw, issue: row.issue };
    }
    const summary = summaries.check(row.cells);
    const out = new FileRow(row.rowNumber, row.cells, file);
    if (summary.summary) out.skip = { reason: 'summary_row', code: summary.reason, detail: summary.detail };
    if (row.notes?.length) {
      out.notes = row.notes.map((n) => {
        const header = n.column === undefined ? null : headers[n.column] ?? null;
        return {
          field: (header !== null && fieldOfHeader.get(header)) || '', column: header,
          value: n.column === undefined ? null : String(row.cells[n.column] ?? ''), code: n.code, message: n.message,
        };
      });
    }
    return out;
  };

  return {
    origin,
    async *batches(afterRow) {
      for await (const batch of source.rowBatches({ afterRow })) yield batch.map(toSourceRow);
    },
  };
}
