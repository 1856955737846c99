import { z } from 'zod';
import { ENTITY_FIELDS, TARGET_ENTITIES, type TargetEntity } from '../canonical/fields';
import { closestMatch } from './edit-distance';
import { foldHeader, foldValue } from './fold-text';
import { MappingError } from './mapping-error';
import { reservedKeyIssues, toMappingIssues } from './mapping-issues';

/** Text transforms applied, in order, to a cell before it is mapped (see README). */
export const TRANSFORM_NAMES = ['trim', 'upper', 'lower', 'collapse_spaces', 'remove_spaces', 'digits_only'] as const;

export const ReplaceTransform = z.strictObject({
  replace: z
    .strictObject({
      pattern: z.string().min(1),
      with: z.string().default(''),
      // "g" is always added: a replacement applies to every match.
      flags: z.string().regex(/^[imsu]*$/, 'flags may only use i, m, s, u').optional(),
    })
    .superRefine((replace, ctx) => {
      try {
        new RegExp(replace.pattern, replace.flags);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a valid regular expression: ${(error as Error).message}` });
      }
    }),
});
export type ReplaceTransform = z.infer<typeof ReplaceTransform>;

export const Transform = z.union([z.enum(TRANSFORM_NAMES), ReplaceTransform], {
  error: `a transform is one of ${TRANSFORM_NAMES.map((name) => `"${name}"`).join(', ')} or { "replace": { "pattern", "with" } }`,
});
export type Transform = z.infer<typeof Transform>;

/** A value a mapping can put into a field (a default, or the target of a value map). */
export const MappedScalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
export type MappedScalar = z.infer<typeof MappedScalar>;

/** The object form of a column; `{ "ignore": true }` drops the column (it is not even kept as an extra). */
export const ColumnSpec = z
  .strictObject({
    field: z.string().min(1).optional(),
    transform: z.array(Transform).optional(),
    // null means "treat as empty" (e.g. "-" or "n/a"), so the default applies.
    values: z.record(z.string(), z.union([MappedScalar, z.null()], { error: 'expected a string, number, boolean or null' })).optional(),
    default: MappedScalar.optional(),
    ignore: z.literal(true).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.ignore) {
      const others = Object.keys(spec).filter((key) => key !== 'ignore');
      if (others.length > 0) ctx.addIssue({ code: 'custom', message: `an ignored column takes no other keys (found ${others.join(', ')})` });
    } else if (spec.field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'required: the canonical field this column feeds, or use { "ignore": true }' });
    }
  });
export type ColumnSpec = z.infer<typeof ColumnSpec>;

/** A column maps to a field name (shorthand for `{ "field": name }`) or to a ColumnSpec. */
export const ColumnMapping = z.union([z.string().min(1), ColumnSpec], {
  error: 'expected a field name, { "field": … } or { "ignore": true }',
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/**
 * Fields that may be fed by several columns: their values are concatenated (with a space, or the
 * field's joiner). Streets, because exports often split the house number from the street name.
 */
export const MULTI_COLUMN_FIELDS: ReadonlySet<string> = new Set(['additional_emails', 'notes', 'street1']);

const ColumnName = z.string().refine((name) => name.trim() !== '', 'a column name cannot be empty');

export const Mapping = z
  .strictObject({
    version: z.literal(1),
    entity: z.enum(TARGET_ENTITIES),
    source: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'a source code is 2-63 lowercase letters, digits or _, starting with a letter').optional(),
    // What kind of system exported the file: survivorship trusts an ERP's legal name and tax id over
    // a shop's or a spreadsheet's (domain/merge/survivorship-rules.ts). Default: spreadsheet.
    sourceKind: z.enum(['erp', 'accounting', 'ecommerce', 'analytics', 'logistics', 'crm', 'spreadsheet']).optional(),
    locale: z.string().min(1).optional(),
    sheet: z.union([z.string().min(1), z.int().min(0)], { error: 'a sheet is a name or a 0-based index' }).optional(),
    headerRow: z.int().min(1, 'headerRow is 1-based').optional(),
    columns: z.record(ColumnName, ColumnMapping),
    defaults: z.record(z.string(), MappedScalar).optional(),
    // Fields whose invalid values reject the row. By default a bad optional value (a phone, a
    // website, a lookup label, a tax id with a bad checksum) is dropped with a warning and the
    // row still loads; a mapping that would rather lose the row than the value names it here.
    strict: z.array(z.string().min(1)).optional(),
  })
  // Runs even when other parts of the file are invalid (as long as the entity is known), so one
  // run reports every issue; the check therefore reads the value defensively.
  .superRefine(checkFieldsOfEntity, { when: (payload) => isTargetEntity((payload.value as { entity?: unknown } | null)?.entity) });
export type Mapping = z.infer<typeof Mapping>;

/** The keys allowed in the object at `path`, for "did you mean" hints on unknown keys. */
function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] | undefined {
  if (path.length === 0) return Object.keys(Mapping.shape);
  if (path.length === 2 && path[0] === 'columns') return Object.keys(ColumnSpec.shape);
  if (path.at(-2) === 'transform') return Object.keys(ReplaceTransform.shape);
  if (path.at(-1) === 'replace') return ['pattern', 'with', 'flags'];
  return undefined;
}

function listOfFields(fields: string[]): string {
  return fields.length < 2 ? fields.join('') : `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}`;
}

function isTargetEntity(value: unknown): value is TargetEntity {
  return typeof value === 'string' && Object.hasOwn(ENTITY_FIELDS, value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Field names and the per-entity rules that a context-free schema cannot express. */
function checkFieldsOfEntity(mapping: { entity: unknown; columns?: unknown; defaults?: unknown; strict?: unknown }, ctx: z.RefinementCtx): void {
  if (!isTargetEntity(mapping.entity)) return;
  const entity = mapping.entity;
  const fieldNames = Object.keys(ENTITY_FIELDS[entity]);
  const isField = (name: string) => fieldNames.includes(name);
  const notAField = (name: string) => {
    const hint = closestMatch(name, fieldNames);
    return `"${name}" is not a field of ${entity}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  };

  const columnByFoldedName = new Map<string, string>();
  const columnByField = new Map<string, string>();
  for (const [column, columnMapping] of Object.entries(isPlainObject(mapping.columns) ? mapping.columns : {})) {
    const folded = foldHeader(column);
    const twin = columnByFoldedName.get(folded);
    if (twin !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['columns', column], message: `names the same column as "${twin}" (names are compared ignoring case, accents and punctuation)` });
    } else {
      columnByFoldedName.set(folded, column);
    }

    const spec = typeof columnMapping === 'string' ? { field: columnMapping } : isPlainObject(columnMapping) ? columnMapping : {};
    if (spec.ignore === true || typeof spec.field !== 'string') continue;
    const fieldPath = typeof columnMapping === 'string' ? ['columns', column] : ['columns', column, 'field'];
    if (!isField(spec.field)) {
      ctx.addIssue({ code: 'custom', path: fieldPath, message: notAField(spec.field) });
      continue;
    }
    const previous = columnByField.get(spec.field);
    if (previous !== undefined && !MULTI_COLUMN_FIELDS.has(spec.field)) {
      ctx.addIssue({
        code: 'custom',
        path: fieldPath,
        message: `"${spec.field}" is already fed by column "${previous}"; only ${listOfFields([...MULTI_COLUMN_FIELDS])} may take several columns`,
      });
    }
    columnByField.set(spec.field, previous ?? column);
    if (isPlainObject(spec.values)) checkValueKeys(spec.values, ['columns', column, 'values'], ctx);
  }

  for (const field of Object.keys(isPlainObject(mapping.defaults) ? mapping.defaults : {})) {
    if (!isField(field)) ctx.addIssue({ code: 'custom', path: ['defaults', field], message: notAField(field) });
  }
  const strict = (mapping as { strict?: unknown }).strict;
  if (Array.isArray(strict)) {
    strict.forEach((field, i) => {
      if (typeof field === 'string' && !isField(field)) ctx.addIssue({ code: 'custom', path: ['strict', i], message: notAField(field) });
    });
  }
}

/** Two value-map keys that fold alike ("Sí", "SI") must agree, or matching a cell would be a coin toss. */
function checkValueKeys(values: Record<string, unknown>, path: string[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const [raw, target] of Object.entries(values)) {
    const folded = foldValue(raw);
    const twin = seen.get(folded);
    if (twin === undefined) seen.set(folded, raw);
    else if (values[twin] !== target) {
      ctx.addIssue({ code: 'custom', path: [...path, raw], message: `matches the same cells as "${twin}" but maps them to a different value` });
    }
  }
}

/**
 * Validates a parsed mapping file (JSON value). `origin` (usually the file path) prefixes every
 * line of the error. Throws a MappingError listing every issue.
 */
export function parseMapping(json: unknown, origin: string): Mapping {
  // zod drops "__proto__" keys silently (and may reshape the prototype); refuse them up front.
  const reserved = reservedKeyIssues(json);
  const result = Mapping.safeParse(json);
  const issues = [...reserved, ...(result.success ? [] : toMappingIssues(result.error.issues, json, allowedKeysAt))];
  if (issues.length > 0 || !result.success) throw new MappingError(origin, issues);
  return result.data;
}
