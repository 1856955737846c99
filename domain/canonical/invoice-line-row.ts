/**
 * Invoice line record → canonical `InvoiceLineRecord`. A line refers to its invoice by
 * `invoice_external_id` (same source); its decimal `net` converts with the invoice's currency,
 * which the pipeline copies onto the line as `currency` (a line giving `net_minor` needs none).
 *
 * Lines keep the sign they arrive with. The e-invoice parsers already sign credit-note lines;
 * an ERP that stores credit-note lines positive should sign them in its query
 * (`-l.total_ht AS net`): the line has no kind to decide by, and a credit note may
 * legitimately hold lines of both signs.
 */
import { z } from 'zod';
import { parseDecimal } from '../normalize';
import { idField, lookupField, textField, type CellParser } from './field-parsers';
import { currencyField, readAmount } from './money-amount';
import type { FieldSpec } from './fields';
import { asText, type MappedValue, type RowContext } from './row-context';
import { createRowSchema, type Assembled, type RowSchemaOptions } from './row-schema';

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

export const InvoiceLineRecord = z.strictObject({
  /** The line's own id in the source, else `<invoice_external_id>#<line_no>`. */
  external_id: z.string().min(1),
  invoice_external_id: z.string().min(1),
  line_no: z.number().int().positive(),
  product_code: z.string().nullable(),
  /** A product_families lookup code. */
  product_family: z.string().nullable(),
  description: z.string().nullable(),
  /** Canonical decimal text ("4", "1.5", "-2"): numeric in the database, never a float here. */
  quantity: z.string().regex(NUMERIC).nullable(),
  net_minor: z.bigint().nullable(),
  /** A decimal net that came without a currency: converted with the invoice's by the pipeline. */
  net_decimal: z.string().regex(NUMERIC).nullable(),
  /** Percent with at least two decimals ("22.00", "5.50"). */
  tax_rate: z.string().regex(NUMERIC).nullable(),
  /** The line's currency when the source gives it (else the invoice's, copied by the pipeline). */
  currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
});
export type InvoiceLineRecord = z.infer<typeof InvoiceLineRecord>;

/** The fields a source may give, in the shape of fields.ts (see INVOICE_FIELDS). */
export const INVOICE_LINE_FIELDS = {
  external_id: { kind: 'id', description: "The line's own id in the source (default: <invoice_external_id>#<line_no>)." },
  invoice_external_id: { kind: 'id', description: "The invoice's external id in the same source (required)." },
  line_no: { kind: 'text', description: 'Line number, a positive integer unique within the invoice (required).' },
  product_code: { kind: 'id', description: 'Product code / SKU.' },
  product_family: { kind: 'lookup', lookup: 'product_families', description: 'Product family: a code, label or synonym of the lookup.' },
  description: { kind: 'text', description: 'Line text.' },
  quantity: { kind: 'text', description: 'Quantity, a decimal.' },
  net: { kind: 'money', description: "Net line amount, a decimal in the invoice's currency." },
  net_minor: { kind: 'money', description: 'Net line amount in minor units.' },
  tax_rate: { kind: 'text', description: 'VAT rate in percent (22, "22,00", 5.5).' },
  currency: { kind: 'text', description: "The invoice's currency, copied onto the line by the pipeline to convert net." },
} as const satisfies Record<string, FieldSpec>;

const positiveIntegerField = (): CellParser<number> => (raw: MappedValue) => {
  const text = asText(raw);
  if (text === null) return { ok: true, value: null };
  const n = typeof raw === 'number' ? raw : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? { ok: true, value: n } : { ok: false, reason: `line_no must be a positive whole number, got "${text}"` };
};

/**
 * What a line cannot do without: its invoice and number (its identity), and a readable currency
 * when it gives one. A bad quantity, rate, product family or amount is dropped with a warning.
 */
export const INVOICE_LINE_REQUIRED = ['line_no', 'currency'] as const;

export function createInvoiceLineRowSchema(rc: RowContext, options: RowSchemaOptions = {}) {
  const decimalField = (name: string, check?: (value: string) => string | null): CellParser<string> => (raw) => {
    const text = asText(raw);
    if (text === null) return { ok: true, value: null };
    const r = parseDecimal(typeof raw === 'number' ? raw : text, rc.profile);
    if (!r.ok) return { ok: false, reason: `${name}: ${r.reason}` };
    const problem = check?.(r.value);
    return problem ? { ok: false, reason: problem } : { ok: true, value: r.value };
  };

  const parsers = () => ({
    external_id: idField(),
    invoice_external_id: idField(),
    line_no: positiveIntegerField(),
    product_code: idField(),
    product_family: lookupField(rc, 'product_families'),
    description: textField(),
    quantity: decimalField('quantity'),
    tax_rate: decimalField('tax_rate', (v) => (Number(v) >= 0 && Number(v) <= 100 ? null : `tax_rate ${v} is not a percentage between 0 and 100`)),
    currency: currencyField(),
  });
  return createRowSchema(
    rc,
    parsers,
    (f, _country, { input }): Assembled<InvoiceLineRecord> => {
      if (!f.invoice_external_id) return { ok: false, path: 'invoice_external_id', message: 'invoice_external_id is required' };
      if (f.line_no === null) return { ok: false, path: 'line_no', message: 'line_no is required' };
      const currency = f.currency ?? null;
      const netText = asText(input.net);
      // No currency on the line: its decimal waits, exact, for the invoice's (the resolve stage).
      const deferred = currency === null && netText !== null && asText(input.net_minor) === null
        ? parseDecimal(typeof input.net === 'number' ? input.net : netText, rc.profile) : null;
      const net = deferred ? ({ ok: true, value: null } as const) : readAmount(input, 'net', currency, rc.profile);
      const warnings = [
        ...(net.ok ? [] : [{ path: 'net', message: net.message }]),
        ...(deferred && !deferred.ok ? [{ path: 'net', message: `net: ${deferred.reason}` }] : []),
      ];
      return {
        ok: true,
        value: {
          external_id: f.external_id ?? `${f.invoice_external_id}#${f.line_no}`,
          invoice_external_id: f.invoice_external_id,
          line_no: f.line_no,
          product_code: f.product_code ?? null,
          product_family: f.product_family ?? null,
          description: f.description ?? null,
          quantity: f.quantity ?? null,
          net_minor: net.ok ? net.value : null,
          net_decimal: deferred?.ok ? deferred.value : null,
          tax_rate: f.tax_rate === null ? null : percent(f.tax_rate),
          currency,
        },
        warnings,
      };
    },
    { strict: [...(options.strict ?? []), ...INVOICE_LINE_REQUIRED] },
  );
}

/** "22" → "22.00", "5.5" → "5.50", "19.125" stays. */
function percent(canonical: string): string {
  const [int, frac = ''] = canonical.split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}
