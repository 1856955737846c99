/**
 * The row schema shared by accounts and contacts: zod at the boundary (`safeParse` per row,
 * issues as zod issues), with the cells parsed in one loop over a table of cell parsers.
 * The row's country is parsed first: phones and tax ids are read in that country.
 */
import { z } from 'zod';
import { countryField, type CellParser } from './field-parsers';
import type { MappedFields, RowContext } from './row-context';

export type ParsedFields<P extends Record<string, CellParser<unknown>>> = {
  [K in keyof P]: P[K] extends CellParser<infer T> ? T | null : never;
};

export type RowResult<R> = { success: true; data: R } | { success: false; issues: z.core.$ZodIssue[] };

export interface RowScope { country: string }

export function createRowSchema<P extends Record<string, CellParser<unknown>>, R>(
  rc: RowContext,
  makeParsers: (scope: RowScope) => P,
  assemble: (f: ParsedFields<P>, country: string | null, input: MappedFields) => { ok: true; value: R } | { ok: false; path: string; message: string },
) {
  const scope: RowScope = { country: rc.defaultCountry };
  const parsers = makeParsers(scope);
  const names = Object.keys(parsers);
  const country = countryField();

  const schema = z.custom<MappedFields>((v) => typeof v === 'object' && v !== null).transform((input, ctx): R => {
    // Every issue of the row is reported at once: a bad country does not hide a bad e-mail.
    const c = country(input.country_code);
    if (!c.ok) ctx.addIssue({ code: 'custom', path: ['country_code'], message: c.reason, input: input.country_code });
    scope.country = (c.ok ? c.value : null) ?? rc.defaultCountry;
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const r = parsers[name]!(input[name]);
      if (r.ok) out[name] = r.value;
      else ctx.addIssue({ code: 'custom', path: [name], message: r.reason, input: input[name], ...(r.kind ? { params: { kind: r.kind } } : {}) });
    }
    const built = assemble(out as ParsedFields<P>, c.ok ? c.value : null, input);
    if (!built.ok) {
      ctx.addIssue({ code: 'custom', path: [built.path], message: built.message, input: input[built.path] });
      return z.NEVER;
    }
    return built.value;
  });

  return {
    safeParse(input: MappedFields): RowResult<R> {
      const r = schema.safeParse(input);
      return r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues };
    },
  };
}
