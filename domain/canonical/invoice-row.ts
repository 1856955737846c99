/**
 * Invoice record (an ERP query row, a mapped file row or an e-invoice document) → canonical
 * `InvoiceRecord`, like account-row.ts: built once per run, `safeParse` per row, issues as data.
 *
 * Amounts: see money-amount.ts (`total_gross` decimal or `total_gross_minor`, converted with the
 * currency's exponent). Any two of net, tax and gross give the third; gross (given or derived)
 * is required, net and tax may stay null.
 *
 * Sign rule: credit notes are stored negative, so that sum(total_gross_minor) is turnover. A
 * source that writes a credit note as printed (positive amounts, kind credit_note) has all
 * three totals negated; the test is the sign of the gross total, so a credit note already
 * written negative is never flipped back, and the totals keep their relative signs. Invoices and
 * deposits keep the sign they arrive with (a negative invoice is the source's business).
 * Lines carry their own sign: the line schema does not know the invoice's kind, and a credit
 * note may mix signs in its lines (see invoice-line-row.ts).
 *
 * The account is referenced by the source's customer id (`account_external_id`), else its tax id
 * (`account_tax_id`, normalized and checksum-validated in `account_tax_id_country`, the row's
 * country or the source's default country), else `account_email`; resolving them is the
 * pipeline's resolve stage.
 */
import { z } from 'zod';
import { foldText, normalizeTaxId } from '../normalize';
import { countryField, dateField, emailField, idField, textField, type CellParser } from './field-parsers';
import { currencyField, readAmount } from './money-amount';
import type { FieldSpec } from './fields';
import { asText, type RowContext } from './row-context';
import { createRowSchema, type Assembled, type RowSchemaOptions } from './row-schema';

export const INVOICE_KINDS = ['invoice', 'credit_note', 'deposit'] as const;
export const INVOICE_STATUSES = ['posted', 'paid', 'cancelled'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const InvoiceRecord = z.strictObject({
  external_id: z.string().min(1),
  number: z.string().min(1),
  kind: z.enum(INVOICE_KINDS),
  status: z.enum(INVOICE_STATUSES),
  issue_date: z.string().regex(ISO_DATE),
  due_date: z.string().regex(ISO_DATE).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total_net_minor: z.bigint().nullable(),
  total_tax_minor: z.bigint().nullable(),
  total_gross_minor: z.bigint(),
  account_external_id: z.string().nullable(),
  account_tax_id: z.string().nullable(),
  account_tax_id_country: z.string().length(2).nullable(),
  account_email: z.string().nullable(),
  /** The external id (same source) of the invoice a credit note or correction corrects. */
  corrects_external_id: z.string().nullable(),
  notes: z.string().nullable(),
});
export type InvoiceRecord = z.infer<typeof InvoiceRecord>;

/**
 * The fields a source may give, in the shape of fields.ts (for mappings, docs and the entity
 * registry). Each amount comes as a decimal or in minor units (`_minor`), not both.
 */
export const INVOICE_FIELDS = {
  external_id: { kind: 'id', description: 'The invoice id in the source (required).' },
  number: { kind: 'id', description: 'Invoice number as printed (required).' },
  kind: { kind: 'text', description: 'invoice | credit_note | deposit (default invoice; "Credit note" and "credit-note" are read too).' },
  status: { kind: 'text', description: 'posted | paid | cancelled (default posted).' },
  issue_date: { kind: 'date', description: 'Issue date (required).' },
  due_date: { kind: 'date', description: 'Due date.' },
  currency: { kind: 'text', description: 'ISO 4217 currency code (required).' },
  total_net: { kind: 'money', description: 'Net total, a decimal in the currency.' },
  total_net_minor: { kind: 'money', description: 'Net total in minor units.' },
  total_tax: { kind: 'money', description: 'Tax total, a decimal in the currency.' },
  total_tax_minor: { kind: 'money', description: 'Tax total in minor units.' },
  total_gross: { kind: 'money', description: 'Gross total, a decimal; derived from net + tax when absent.' },
  total_gross_minor: { kind: 'money', description: 'Gross total in minor units.' },
  account_external_id: { kind: 'id', description: "The customer's id in the same source." },
  account_tax_id: { kind: 'tax_id', description: "The customer's tax id (with or without country prefix)." },
  account_tax_id_country: { kind: 'country', description: 'Country of account_tax_id when it has no prefix.' },
  account_email: { kind: 'email', description: "The customer's e-mail, the last resort to find the account." },
  corrects_external_id: { kind: 'id', description: 'External id of the invoice a credit note corrects.' },
  notes: { kind: 'text', description: 'Free-text notes.' },
} as const satisfies Record<string, FieldSpec>;

/** A choice among `values`, case and separators folded: "Credit Note", "credit-note" → credit_note. */
export function choiceField<T extends string>(values: readonly T[], label: string): CellParser<T> {
  return (raw) => {
    const text = asText(raw);
    if (text === null) return { ok: true, value: null };
    const key = foldText(text).replace(/ /g, '_');
    const hit = values.find((v) => v === key);
    return hit ? { ok: true, value: hit } : { ok: false, reason: `unknown ${label} "${text}" (one of ${values.join(', ')})` };
  };
}

type Built = Assembled<InvoiceRecord>;

/**
 * What an invoice cannot do without: a bad value in one of these rejects the row (a bad value
 * elsewhere — a due date, the net or tax total, the customer's tax id — is dropped with a warning).
 * Without its kind a credit note could be counted as turnover; without its currency no amount
 * converts; without its issue date it falls in no period.
 */
export const INVOICE_REQUIRED = ['issue_date', 'currency', 'kind', 'status'] as const;

export function createInvoiceRowSchema(rc: RowContext, options: RowSchemaOptions = {}) {
  const parsers = () => ({
    external_id: idField(),
    number: idField(),
    kind: choiceField(INVOICE_KINDS, 'invoice kind'),
    status: choiceField(INVOICE_STATUSES, 'invoice status'),
    issue_date: dateField(rc),
    due_date: dateField(rc),
    currency: currencyField(),
    account_external_id: idField(),
    account_tax_id_country: countryField(),
    account_email: emailField(),
    corrects_external_id: idField(),
    notes: textField(),
  });
  return createRowSchema(
    rc,
    parsers,
    (f, country, { input }): Built => {
      if (!f.external_id) return { ok: false, path: 'external_id', message: 'external_id is required' };
      if (!f.number) return { ok: false, path: 'number', message: 'number is required' };
      if (!f.issue_date) return { ok: false, path: 'issue_date', message: 'issue_date is required' };
      if (!f.currency) return { ok: false, path: 'currency', message: 'currency is required' };

      const warnings: { path: string; message: string }[] = [];
      const totals: Record<'total_net' | 'total_tax' | 'total_gross', bigint | null> = { total_net: null, total_tax: null, total_gross: null };
      for (const name of ['total_net', 'total_tax', 'total_gross'] as const) {
        const r = readAmount(input, name, f.currency, rc.profile);
        if (r.ok) totals[name] = r.value;
        else if (name === 'total_gross') return r; // the one amount an invoice is for
        else warnings.push({ path: name, message: r.message });
      }
      let { total_net: net, total_tax: tax, total_gross: gross } = totals;
      if (gross === null && net !== null && tax !== null) gross = net + tax;
      else if (tax === null && net !== null && gross !== null) tax = gross - net;
      else if (net === null && tax !== null && gross !== null) net = gross - tax;
      if (gross === null) return { ok: false, path: 'total_gross', message: 'total_gross is required (or total_net and total_tax)' };

      const kind = f.kind ?? 'invoice';
      if (kind === 'credit_note' && gross > 0n) {
        gross = -gross;
        net = net === null ? null : -net;
        tax = tax === null ? null : -tax;
      }

      const taxId = asText(input['account_tax_id']);
      let account: { value: string; country: string } | null = null;
      if (taxId) {
        const r = normalizeTaxId(taxId, f.account_tax_id_country ?? country ?? rc.defaultCountry);
        // Dropped, never used to find the customer; another reference may still find it.
        if (!r.ok) warnings.push({ path: 'account_tax_id', message: r.reason });
        else account = { value: r.value, country: r.country };
      }

      return {
        ok: true,
        value: {
          external_id: f.external_id,
          number: f.number,
          kind,
          status: f.status ?? 'posted',
          issue_date: f.issue_date,
          due_date: f.due_date ?? null,
          currency: f.currency,
          total_net_minor: net,
          total_tax_minor: tax,
          total_gross_minor: gross,
          account_external_id: f.account_external_id ?? null,
          account_tax_id: account?.value ?? null,
          account_tax_id_country: account?.country ?? null,
          account_email: f.account_email ?? null,
          corrects_external_id: f.corrects_external_id ?? null,
          notes: f.notes ?? null,
        },
        warnings,
      };
    },
    { strict: [...(options.strict ?? []), ...INVOICE_REQUIRED] },
  );
}
