/**
 * Fact rows (receivables, orders and their lines, shipments, activities, site visits) declared as
 * data: one `FactSpec` per entity gives its fields, which ones a row cannot do without, its money
 * amounts and its references; `createFactRowSchema` builds the zod row schema from it, like the
 * hand-written account and invoice schemas (safeParse per row, a bad optional value dropped with a
 * warning, the row rejected only when a required field is missing or bad).
 *
 * References are resolved by the pipeline, not here: the account by the source's own customer id
 * (`account_external_id`), else a validated tax id, else an e-mail; a parent (an order of a line)
 * by its external id in the same source; a contact by its external id or e-mail.
 *
 * Money: `<name>` as a decimal or `<name>_minor` in minor units of the row's `currency`
 * (money-amount.ts). A child row (a line) may arrive without a currency: its decimal is then kept
 * exact in `<name>_decimal` and converted by the pipeline with the parent's currency.
 */
import { z } from 'zod';
import { normalizeTaxId, parseDecimal, parseInstant } from '../normalize';
import { countryField, dateField, emailField, idField, lookupField, textField, type CellParser } from './field-parsers';
import type { FieldKind, FieldSpec, LookupTable } from './fields';
import { currencyField, readAmount } from './money-amount';
import { asText, type MappedValue, type RowContext } from './row-context';
import { createRowSchema, type Assembled, type RowSchemaOptions } from './row-schema';

export type FactFieldType = 'id' | 'text' | 'date' | 'instant' | 'int' | 'decimal' | 'email' | 'currency' | 'country' | { choice: readonly string[] } | { lookup: LookupTable };

export interface FactSpec {
  /** Fields read as they are (money and references are declared apart). */
  fields: Record<string, { type: FactFieldType; description: string; default?: string }>;
  /** Fields the row cannot do without: missing or bad, the row is rejected. */
  required: readonly string[];
  money?: readonly { name: string; description: string; required?: boolean }[];
  /** Refers to its account (account_external_id / account_tax_id / account_email). */
  account: boolean;
  /** Refers to a contact (contact_external_id / contact_email). */
  contact?: boolean;
  /** A child without a currency of its own: decimals wait for the parent's currency. */
  currencyFromParent?: boolean;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

const instantField = (rc: RowContext, timeZone: string | undefined): CellParser<string> => (raw: MappedValue) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const r = parseInstant(typeof raw === 'number' ? raw : text, rc.profile, { date1904: rc.date1904, ...(timeZone ? { timeZone } : {}) });
  return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason };
};

const intField = (): CellParser<number> => (raw) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, reason: `not a whole number: "${text}"` };
};

const decimalField = (rc: RowContext): CellParser<string> => (raw) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const r = parseDecimal(typeof raw === 'number' ? raw : text, rc.profile);
  return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason };
};

const choiceField = (values: readonly string[]): CellParser<string> => (raw) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const key = text.toLowerCase().replace(/[\s-]+/g, '_');
  return values.includes(key) ? { ok: true, value: key } : { ok: false, reason: `unknown value "${text}" (one of ${values.join(', ')})` };
};

function parserOf(type: FactFieldType, rc: RowContext, timeZone: string | undefined): CellParser<unknown> {
  if (typeof type === 'object') return 'choice' in type ? choiceField(type.choice) : lookupField(rc, type.lookup);
  switch (type) {
    case 'id': return idField();
    case 'text': return textField();
    case 'date': return dateField(rc);
    case 'instant': return instantField(rc, timeZone);
    case 'int': return intField();
    case 'decimal': return decimalField(rc);
    case 'email': return emailField();
    case 'currency': return currencyField();
    case 'country': return countryField();
  }
}

/** The zod type of a parsed field in the canonical record. */
function recordType(type: FactFieldType): z.ZodType {
  if (typeof type === 'object') return z.string().nullable();
  switch (type) {
    case 'int': return z.number().int().nullable();
    case 'decimal': return z.string().regex(NUMERIC).nullable();
    default: return z.string().nullable();
  }
}

const ACCOUNT_REFS = ['account_external_id', 'account_tax_id', 'account_tax_id_country', 'account_email'] as const;
const CONTACT_REFS = ['contact_external_id', 'contact_email'] as const;

/** The canonical record's fields, in order: what the pipeline stages. */
export function factRecordFields(spec: FactSpec): string[] {
  return [
    'external_id',
    ...Object.keys(spec.fields),
    ...(spec.money ?? []).flatMap((m) => (spec.currencyFromParent ? [`${m.name}_minor`, `${m.name}_decimal`] : [`${m.name}_minor`])),
    ...(spec.account ? ACCOUNT_REFS : []),
    ...(spec.contact ? CONTACT_REFS : []),
  ];
}

/** The strict zod schema of the canonical record (a schema and its type share a name at each use). */
export function factRecordSchema(spec: FactSpec) {
  const shape: Record<string, z.ZodType> = { external_id: z.string().min(1) };
  for (const [name, f] of Object.entries(spec.fields)) shape[name] = recordType(f.type);
  for (const m of spec.money ?? []) {
    shape[`${m.name}_minor`] = m.required ? z.bigint() : z.bigint().nullable();
    if (spec.currencyFromParent) shape[`${m.name}_decimal`] = z.string().regex(NUMERIC).nullable();
  }
  for (const r of spec.account ? ACCOUNT_REFS : []) shape[r] = z.string().nullable();
  for (const r of spec.contact ? CONTACT_REFS : []) shape[r] = z.string().nullable();
  return z.strictObject(shape);
}

/** The spec's input fields in the shape of fields.ts (mappings, docs). */
export function factFieldSpecs(spec: FactSpec): Record<string, FieldSpec> {
  const kindOf = (t: FactFieldType): FieldKind =>
    typeof t === 'object' ? ('lookup' in t ? 'lookup' : 'text') : t === 'instant' || t === 'date' ? 'date' : t === 'email' ? 'email' : t === 'id' ? 'id' : t === 'country' ? 'country' : 'text';
  const out: Record<string, FieldSpec> = { external_id: { kind: 'id', description: "The record's id in the source (required)." } };
  for (const [name, f] of Object.entries(spec.fields)) {
    out[name] = { kind: kindOf(f.type), description: f.description, ...(typeof f.type === 'object' && 'lookup' in f.type ? { lookup: f.type.lookup } : {}) };
  }
  for (const m of spec.money ?? []) {
    out[m.name] = { kind: 'money', description: `${m.description}, a decimal in the currency.` };
    out[`${m.name}_minor`] = { kind: 'money', description: `${m.description}, in minor units.` };
  }
  if (spec.account) {
    out.account_external_id = { kind: 'id', description: "The account's id in the same source." };
    out.account_tax_id = { kind: 'tax_id', description: "The account's tax id." };
    out.account_tax_id_country = { kind: 'country', description: 'Country of account_tax_id when it has no prefix.' };
    out.account_email = { kind: 'email', description: "The account's e-mail, the last resort to find it." };
  }
  if (spec.contact) {
    out.contact_external_id = { kind: 'id', description: "The contact's id in the same source." };
    out.contact_email = { kind: 'email', description: "The contact's e-mail." };
  }
  return out;
}

export type FactRecord = Record<string, unknown> & { external_id: string };

export function createFactRowSchema(spec: FactSpec, rc: RowContext, options: RowSchemaOptions & { timeZone?: string } = {}) {
  const parsers = () => {
    const p: Record<string, CellParser<unknown>> = { external_id: idField() };
    for (const [name, f] of Object.entries(spec.fields)) p[name] = parserOf(f.type, rc, options.timeZone);
    if (spec.account) {
      p.account_external_id = idField();
      p.account_tax_id_country = countryField();
      p.account_email = emailField();
    }
    if (spec.contact) {
      p.contact_external_id = idField();
      p.contact_email = emailField();
    }
    return p;
  };
  return createRowSchema(
    rc,
    parsers,
    (f, country, { input }): Assembled<FactRecord> => {
      if (!f.external_id) return { ok: false, path: 'external_id', message: 'external_id is required' };
      for (const name of spec.required) {
        if (f[name] === null || f[name] === undefined) return { ok: false, path: name, message: `${name} is required` };
      }
      const warnings: { path: string; message: string }[] = [];
      const out: FactRecord = { external_id: f.external_id as string };
      for (const [name, def] of Object.entries(spec.fields)) out[name] = f[name] ?? def.default ?? null;
      const currency = (out.currency as string | null | undefined) ?? null;
      for (const m of spec.money ?? []) {
        out[`${m.name}_minor`] = null;
        if (spec.currencyFromParent) out[`${m.name}_decimal`] = null;
        const given = asText(input[m.name]);
        if (spec.currencyFromParent && currency === null && given !== null && asText(input[`${m.name}_minor`]) === null) {
          // Converted once the parent's currency is known (the pipeline's resolve stage).
          const d = parseDecimal(typeof input[m.name] === 'number' ? (input[m.name] as number) : given, rc.profile);
          if (d.ok) out[`${m.name}_decimal`] = d.value;
          else warnings.push({ path: m.name, message: `${m.name}: ${d.reason}` });
          continue;
        }
        const r = readAmount(input, m.name, currency, rc.profile);
        if (r.ok) out[`${m.name}_minor`] = r.value;
        else if (m.required) return r;
        else warnings.push({ path: m.name, message: r.message });
        if (m.required && out[`${m.name}_minor`] === null) return { ok: false, path: m.name, message: `${m.name} is required` };
      }
      if (spec.account) {
        out.account_external_id = f.account_external_id ?? null;
        out.account_email = f.account_email ?? null;
        out.account_tax_id = null;
        out.account_tax_id_country = null;
        const taxId = asText(input.account_tax_id);
        if (taxId) {
          const r = normalizeTaxId(taxId, (f.account_tax_id_country as string | null) ?? country ?? rc.defaultCountry);
          // Dropped, never used to find the account; another reference may still find it.
          if (!r.ok) warnings.push({ path: 'account_tax_id', message: r.reason });
          else {
            out.account_tax_id = r.value;
            out.account_tax_id_country = r.country;
          }
        }
      }
      if (spec.contact) {
        out.contact_external_id = f.contact_external_id ?? null;
        out.contact_email = f.contact_email ?? null;
      }
      return { ok: true, value: out, warnings };
    },
    { strict: [...(options.strict ?? []), ...spec.required] },
  );
}
