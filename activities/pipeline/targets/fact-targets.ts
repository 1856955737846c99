/**
 * The fact entities' registry entries: the row schema each is validated with, its staging
 * columns, what is written to its table (migrations/008_fact_tables.ts), and its references.
 */
import { createFactRowSchema, factRecordFields, type FactRecord, type FactSpec } from '../../../domain/canonical/fact-row';
import { ACTIVITY_SPEC, ORDER_LINE_SPEC, ORDER_SPEC, RECEIVABLE_SPEC, SHIPMENT_SPEC, SITE_VISIT_SPEC } from '../../../domain/canonical/fact-specs';
import { createInvoiceLineRowSchema, type InvoiceLineRecord } from '../../../domain/canonical/invoice-line-row';
import { createInvoiceRowSchema, type InvoiceRecord } from '../../../domain/canonical/invoice-row';
import type { EntityType } from './entity-target';
import { factTarget, type FactTargetSpec } from './fact-target';

const ACCOUNT_REF_COLUMNS = [['account_external_id', 'text'], ['account_tax_id', 'text'], ['account_tax_id_country', 'text'], ['account_email', 'text']] as const;

export const invoicesTarget = factTarget<InvoiceRecord>({
  entity: 'invoices',
  entityType: 'invoice',
  createRowSchema: createInvoiceRowSchema,
  columns: [
    ['number', 'text'], ['kind', 'text'], ['status', 'text'], ['issue_date', 'date'], ['due_date', 'date'], ['currency', 'text'],
    ['total_net_minor', 'bigint'], ['total_tax_minor', 'bigint'], ['total_gross_minor', 'bigint'],
    ...ACCOUNT_REF_COLUMNS, ['corrects_external_id', 'text'], ['notes', 'text'],
  ],
  written: ['number', 'kind', 'status', 'issue_date', 'due_date', 'currency', 'total_net_minor', 'total_tax_minor', 'total_gross_minor', 'corrects_external_id', 'notes'],
  accountRefs: true,
});

export const invoiceLinesTarget = factTarget<InvoiceLineRecord>({
  entity: 'invoice_lines',
  entityType: 'invoice_line',
  createRowSchema: createInvoiceLineRowSchema,
  columns: [
    ['invoice_external_id', 'text'], ['line_no', 'integer'], ['product_code', 'text'], ['product_family', 'text'], ['description', 'text'],
    ['quantity', 'numeric'], ['net_minor', 'bigint'], ['net_decimal', 'numeric'], ['tax_rate', 'numeric'], ['currency', 'text'],
  ],
  written: ['line_no', 'product_code', 'product_family', 'description', 'quantity', 'net_minor', 'tax_rate'],
  accountRefs: false,
  // A line's account, currency and issue date are its invoice's.
  parent: { ref: 'invoice_external_id', table: 'invoices', fk: 'invoice_id', required: true, copy: [['currency', 'currency', 'text'], ['issue_date', 'issue_date', 'date']] },
  deferredMoney: [['net_decimal', 'net_minor']],
});

/** A target for a fact declared by a FactSpec (domain/canonical/fact-specs.ts). */
function declared(o: { entity: string; entityType: EntityType; spec: FactSpec; types: Readonly<Record<string, string>> } & Omit<FactTargetSpec<FactRecord>, 'entity' | 'entityType' | 'createRowSchema' | 'columns' | 'accountRefs' | 'contactRefs'>) {
  const { spec, types } = o;
  const columns = factRecordFields(spec).filter((f) => f !== 'external_id').map((f) => [f, types[f] ?? 'text'] as const);
  return factTarget<FactRecord>({
    ...o,
    createRowSchema: (rc, options) => createFactRowSchema(spec, rc, options),
    columns,
    accountRefs: spec.account,
    contactRefs: !!spec.contact,
  });
}

export const receivablesTarget = declared({
  entity: 'receivables', entityType: 'receivable', spec: RECEIVABLE_SPEC,
  types: { issue_date: 'date', due_date: 'date', settled_at: 'timestamptz', as_of: 'timestamptz', amount_due_minor: 'bigint' },
  written: ['document_number', 'issue_date', 'due_date', 'currency', 'status', 'amount_due_minor'],
  // The invoice it is the debt of, when the source says; its account then too.
  parent: { ref: 'invoice_external_id', table: 'invoices', fk: 'invoice_id', required: false },
  computed: {
    settled_at: "CASE WHEN s.status = 'settled' THEN coalesce(s.settled_at, now()) END",
    as_of: 'coalesce(s.as_of, now())',
  },
});

export const ordersTarget = declared({
  entity: 'orders', entityType: 'order', spec: ORDER_SPEC,
  types: { ordered_at: 'timestamptz', total_gross_minor: 'bigint' },
  written: ['number', 'channel', 'status', 'ordered_at', 'currency', 'total_gross_minor'],
});

export const orderLinesTarget = declared({
  entity: 'order_lines', entityType: 'order_line', spec: ORDER_LINE_SPEC,
  types: { line_no: 'integer', quantity: 'numeric', net_minor: 'bigint', net_decimal: 'numeric' },
  written: ['line_no', 'product_code', 'product_family', 'description', 'quantity', 'net_minor'],
  parent: { ref: 'order_external_id', table: 'orders', fk: 'order_id', required: true, copy: [['currency', 'currency', 'text']] },
  deferredMoney: [['net_decimal', 'net_minor']],
});

export const shipmentsTarget = declared({
  entity: 'shipments', entityType: 'shipment', spec: SHIPMENT_SPEC,
  types: { shipped_at: 'timestamptz', delivered_at: 'timestamptz' },
  written: ['number', 'order_reference', 'carrier', 'tracking_number', 'status', 'shipped_at', 'delivered_at'],
  parent: { ref: 'order_external_id', table: 'orders', fk: 'order_id', required: false },
});

export const activitiesTarget = declared({
  entity: 'activities', entityType: 'activity', spec: ACTIVITY_SPEC,
  types: { occurred_at: 'timestamptz' },
  written: ['kind', 'occurred_at', 'subject', 'outcome'],
  userField: 'user',
});

export const siteVisitsTarget = declared({
  entity: 'site_visits', entityType: 'site_visit', spec: SITE_VISIT_SPEC,
  types: { visited_at: 'timestamptz', duration_seconds: 'integer', page_views: 'integer' },
  written: ['visited_at', 'url', 'duration_seconds', 'page_views'],
});
