import { hash } from 'node:crypto';
import type { CanonicalField, TargetEntity } from '../canonical/fields';
import { compileTransforms, type TextTransform } from './compile-transforms';
import { closestMatch } from './edit-distance';
import { foldHeader, foldValue } from './fold-text';
import { uniqueHeaderKeys } from './header-keys';
import { MappingError } from './mapping-error';
import type { MappedScalar, Mapping } from './mapping-schema';

/** A cell as read from CSV/XLSX. */
export type Cell = string | number | boolean | null;

/** One column feeding a field, with everything needed per row already built. */
export interface ColumnSource {
  index: number;
  header: string;
  transform: TextTransform | null;
  /** Raw value → target, by exact text (fast path) and by folded text. null = treat as empty. */
  exactValues: ReadonlyMap<string, MappedScalar | null> | null;
  foldedValues: ReadonlyMap<string, MappedScalar | null> | null;
  /** The column's own `default`, for empty cells. */
  fallback: MappedScalar | undefined;
}

export interface FieldPlan {
  field: CanonicalField;
  sources: readonly ColumnSource[];
  /** `defaults[field]`: used when no source gives a value (or the field has no column in the file). */
  fallback: MappedScalar | undefined;
}

export interface MissingColumn {
  column: string;
  field: CanonicalField;
  message: string;
}

export interface CompiledMapping {
  entity: TargetEntity;
  fields: readonly FieldPlan[];
  /** Unmapped, non-ignored columns, kept as extras under a unique header key. */
  extras: readonly { index: number; key: string }[];
  /** Columns the mapping names that the file lacks, for fields without a default. */
  missingColumns: readonly MissingColumn[];
  /**
   * A digest of the mapping and the header row it was compiled against. Two plans with the same
   * digest map the same cells to the same fields and extras (applyMapping is pure), so a re-import
   * can fingerprint a row by its cells instead of mapping it (activities/pipeline/known-rows.ts).
   */
  digest: string;
}

export interface MappedRow {
  fields: Partial<Record<CanonicalField, MappedScalar>>;
  /** Null-prototype object: header text is untrusted and may be "__proto__" or "constructor". */
  extras: Record<string, MappedScalar>;
}

/** How several columns feeding one field are combined. */
const JOINERS: Partial<Record<CanonicalField, string>> = { additional_emails: '; ', notes: '\n' };

export interface CompileOptions {
  /** Prefix of error lines (file path, run id); "mapping" by default. */
  origin?: string;
  /** Return the plan even when columns are missing (previews, `mapping check`); they stay listed in `missingColumns`. */
  allowMissingColumns?: boolean;
}

/**
 * Resolves a mapping against a file's header row. Column names match after folding case, accents
 * and punctuation; when a header repeats, the first occurrence is mapped and the others are extras.
 * Throws a MappingError when the mapping names columns the file lacks (for fields without a
 * default): importing anyway would silently leave those fields empty on every row.
 */
export function compileMapping(mapping: Mapping, headers: readonly string[], options: CompileOptions = {}): CompiledMapping {
  const indexByFoldedHeader = new Map<string, number>();
  headers.forEach((header, index) => {
    const folded = foldHeader(header);
    if (folded !== '' && !indexByFoldedHeader.has(folded)) indexByFoldedHeader.set(folded, index);
  });

  const defaults: Record<string, MappedScalar | undefined> = mapping.defaults ?? {};
  const sourcesByField = new Map<CanonicalField, ColumnSource[]>();
  const consumed = new Set<number>();
  const missingColumns: MissingColumn[] = [];
  // A missing column's own default stands in for the whole column.
  const defaultsOfMissingColumns = new Map<CanonicalField, MappedScalar>();

  for (const [column, columnMapping] of Object.entries(mapping.columns)) {
    const spec = typeof columnMapping === 'string' ? { field: columnMapping } : columnMapping;
    const index = indexByFoldedHeader.get(foldHeader(column));
    if (index !== undefined) consumed.add(index);
    if (spec.ignore || spec.field === undefined) continue;
    const field = spec.field as CanonicalField; // checked against the entity by the schema
    const sources = sourcesByField.get(field) ?? [];
    sourcesByField.set(field, sources);
    if (index === undefined) {
      if (spec.default !== undefined) defaultsOfMissingColumns.set(field, spec.default);
      else if (defaults[field] === undefined) missingColumns.push({ column, field, message: missingColumnMessage(column, headers) });
      continue;
    }
    sources.push({
      index,
      header: headers[index] ?? column,
      transform: compileTransforms(spec.transform),
      ...compileValueMaps(spec.values),
      fallback: spec.default,
    });
  }

  const fields: FieldPlan[] = [...sourcesByField].map(([field, sources]) => ({
    field,
    sources,
    fallback: defaultsOfMissingColumns.get(field) ?? defaults[field],
  }));
  for (const [field, value] of Object.entries(defaults)) {
    if (!sourcesByField.has(field as CanonicalField) && value !== undefined) fields.push({ field: field as CanonicalField, sources: [], fallback: value });
  }

  const keys = uniqueHeaderKeys(headers);
  const extras = keys.flatMap((key, index) => (consumed.has(index) ? [] : [{ index, key }]));
  const digest = hash('sha256', JSON.stringify([mapping, headers]), 'base64url');
  const plan: CompiledMapping = { entity: mapping.entity, fields, extras, missingColumns, digest };
  if (!options.allowMissingColumns) assertNoMissingColumns(plan, options.origin ?? 'mapping');
  return plan;
}

function compileValueMaps(values: Record<string, MappedScalar | null> | undefined): Pick<ColumnSource, 'exactValues' | 'foldedValues'> {
  if (!values) return { exactValues: null, foldedValues: null };
  const entries = Object.entries(values);
  return {
    exactValues: new Map(entries.map(([raw, target]) => [raw.trim(), target])),
    foldedValues: new Map(entries.map(([raw, target]) => [foldValue(raw), target])),
  };
}

function missingColumnMessage(column: string, headers: readonly string[]): string {
  const present = headers.filter((header) => header.trim() !== '');
  const byFolded = new Map(present.map((header) => [foldHeader(header), header]));
  const hint = closestMatch(foldHeader(column), byFolded.keys());
  const shown = present.slice(0, 40).map((header) => JSON.stringify(header));
  const more = present.length > shown.length ? `, … (${present.length - shown.length} more)` : '';
  return (
    `column "${column}" named by the mapping is not in the file` +
    (hint !== undefined ? ` (did you mean "${byFolded.get(hint)}"?)` : '') +
    `; the file has: ${shown.join(', ')}${more}`
  );
}

/** Throws a MappingError listing the missing columns, if any. */
export function assertNoMissingColumns(plan: CompiledMapping, origin: string): void {
  if (plan.missingColumns.length === 0) return;
  throw new MappingError(
    origin,
    plan.missingColumns.map(({ column, message }) => ({ path: `columns[${JSON.stringify(column)}]`, message })),
  );
}

/** Trimmed, non-empty cell value; undefined for null, blank text and NaN. */
function presentValue(cell: Cell | undefined): MappedScalar | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === 'string') {
    const trimmed = cell.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof cell === 'number' && Number.isNaN(cell)) return undefined;
  return cell;
}

function readSource(source: ColumnSource, cells: readonly Cell[]): MappedScalar | undefined {
  let value = presentValue(cells[source.index]);
  if (value === undefined) return source.fallback;
  // Transforms work on text, so numbers and booleans are stringified only when there are any.
  if (source.transform) {
    value = presentValue(source.transform(String(value)));
    if (value === undefined) return source.fallback;
  }
  if (source.exactValues && source.foldedValues) {
    const text = String(value);
    const target = source.exactValues.has(text) ? source.exactValues.get(text) : source.foldedValues.get(foldValue(text));
    if (target === null) return source.fallback;
    if (target !== undefined) return target;
  }
  return value;
}

function readJoined(plan: FieldPlan, cells: readonly Cell[]): MappedScalar | undefined {
  const joiner = JOINERS[plan.field] ?? ' ';
  let joined: string | undefined;
  for (const source of plan.sources) {
    const value = readSource(source, cells);
    if (value === undefined) continue;
    // Notes from several columns keep their header, otherwise "Observaciones" and "Comentarios" blur.
    const part = plan.field === 'notes' ? `${source.header.trim()}: ${String(value)}` : String(value);
    joined = joined === undefined ? part : joined + joiner + part;
  }
  return joined;
}

function fieldValue(fieldPlan: FieldPlan, cells: readonly Cell[]): MappedScalar | undefined {
  const { sources } = fieldPlan;
  return (sources.length === 1 && sources[0] ? readSource(sources[0], cells) : sources.length > 1 ? readJoined(fieldPlan, cells) : undefined) ??
    fieldPlan.fallback;
}

/**
 * One field of a data row, as applyMapping would give it (undefined: applyMapping leaves it out).
 * A re-import reads a row's external id this way, and maps the whole row only if it must parse it.
 */
export function mapField(plan: CompiledMapping, cells: readonly Cell[], field: string): MappedScalar | undefined {
  for (const fieldPlan of plan.fields) if (fieldPlan.field === field) return fieldValue(fieldPlan, cells);
  return undefined;
}

/** Maps one data row. Hot path: no regex construction, no spreading, one pass over the plan. */
export function applyMapping(plan: CompiledMapping, cells: readonly Cell[]): MappedRow {
  const fields: Partial<Record<CanonicalField, MappedScalar>> = {};
  for (const fieldPlan of plan.fields) {
    const value = fieldValue(fieldPlan, cells);
    if (value !== undefined) fields[fieldPlan.field] = value;
  }
  const extras: Record<string, MappedScalar> = Object.create(null);
  for (const extra of plan.extras) {
    const value = presentValue(cells[extra.index]);
    if (value !== undefined) extras[extra.key] = value;
  }
  return { fields, extras };
}
