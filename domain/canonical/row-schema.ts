/**
 * The row schema every entity shares: zod at the boundary (`safeParse` per row, issues as zod
 * issues), with the cells parsed in one loop over a table of cell parsers. The row's country is
 * parsed first: phones and tax ids are read in that country.
 *
 * A bad value costs that value, never the record: a cell that fails its parser is dropped from
 * the record and reported as a **warning** (field, raw value, reason), and the row still loads.
 * A row is rejected only when it cannot become a record (`assemble` says so: no name, no usable
 * key), or when the mapping made the failing field **strict** (`"strict": ["tax_id"]`).
 */
import { z } from 'zod';
import { countryField, type CellParser } from './field-parsers';
import type { MappedFields, MappedValue, RowContext } from './row-context';

export type ParsedFields<P extends Record<string, CellParser<unknown>>> = {
  [K in keyof P]: P[K] extends CellParser<infer T> ? T | null : never;
};

/** A value dropped from a loaded row: which field, what it was, and why. */
export interface RowWarning { path: string; code: string; message: string; input: MappedValue }

export type RowResult<R> = { success: true; data: R; warnings: RowWarning[] } | { success: false; issues: z.core.$ZodIssue[] };

export interface RowScope { country: string }

export interface RowSchemaOptions {
  /** Fields whose bad values reject the row instead of being dropped with a warning. */
  strict?: readonly string[];
}

/** A row made into a record (with values assemble itself had to drop), or why it cannot be one. */
export type Assembled<R> =
  | { ok: true; value: R; warnings?: { path: string; code?: string; message: string }[] }
  | { ok: false; path: string; message: string };

export interface AssembleContext {
  /** The raw mapped cells. */
  input: MappedFields;
  /** Fields whose value was dropped (it failed its parser): their raw text is in `input`. */
  dropped: ReadonlySet<string>;
}

export function createRowSchema<P extends Record<string, CellParser<unknown>>, R>(
  rc: RowContext,
  makeParsers: (scope: RowScope) => P,
  assemble: (f: ParsedFields<P>, country: string | null, ctx: AssembleContext) => Assembled<R>,
  options: RowSchemaOptions = {},
) {
  const scope: RowScope = { country: rc.defaultCountry };
  const parsers = makeParsers(scope);
  const names = Object.keys(parsers);
  const country = countryField();
  const strict = new Set(options.strict ?? []);
  // Filled by the transform of the row being parsed (safeParse is synchronous: one row at a time).
  let warnings: RowWarning[] = [];

  const schema = z.custom<MappedFields>((v) => typeof v === 'object' && v !== null).transform((input, ctx): R => {
    const dropped = new Set<string>();
    let refused = false;
    const fail = (path: string, message: string, kind?: string) => {
      if (strict.has(path)) {
        refused = true;
        // Every issue of the row is reported at once: a bad country does not hide a bad e-mail.
        ctx.addIssue({ code: 'custom', path: [path], message, input: input[path], ...(kind ? { params: { kind } } : {}) });
      } else {
        warnings.push({ path, code: kind ?? 'invalid_value', message, input: input[path] });
      }
      dropped.add(path);
    };
    const c = country(input.country_code);
    if (!c.ok) fail('country_code', c.reason, c.kind);
    scope.country = (c.ok ? c.value : null) ?? rc.defaultCountry;
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const r = parsers[name]!(input[name]);
      if (r.ok) out[name] = r.value;
      else {
        out[name] = null;
        fail(name, r.reason, r.kind);
      }
    }
    const built = assemble(out as ParsedFields<P>, c.ok ? c.value : null, { input, dropped });
    if (built.ok && built.warnings) for (const w of built.warnings) fail(w.path, w.message, w.code);
    if (refused || !built.ok) {
      // The row is refused: every other bad value of it is listed too, so one fix round is enough.
      for (const w of warnings) ctx.addIssue({ code: 'custom', path: [w.path], message: w.message, input: w.input, params: { kind: w.code } });
      // (A required field already refused for its bad value is not reported again as missing.)
      if (!built.ok && !(refused && dropped.has(built.path))) ctx.addIssue({ code: 'custom', path: [built.path], message: built.message, input: input[built.path] });
      return z.NEVER;
    }
    return built.value;
  });

  return {
    safeParse(input: MappedFields): RowResult<R> {
      warnings = [];
      const r = schema.safeParse(input);
      const w = warnings;
      warnings = [];
      return r.success ? { success: true, data: r.data, warnings: w } : { success: false, issues: r.error.issues };
    },
  };
}
