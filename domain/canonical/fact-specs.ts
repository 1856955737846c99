/**
 * The fact entities other than invoices (invoice-row.ts, invoice-line-row.ts), declared as data
 * (fact-row.ts): the fields a source gives under these canonical names — an ERP query's column
 * aliases, a mapping's targets — and which of them a row cannot do without. The tables they load
 * are migrations/008_fact_tables.ts.
 */
import type { FactSpec } from './fact-row';

export const RECEIVABLE_SPEC: FactSpec = {
  fields: {
    document_number: { type: 'id', description: 'The document the debt is for, as printed.' },
    invoice_external_id: { type: 'id', description: "The invoice's external id in the same source, when the debt is an invoice's." },
    issue_date: { type: 'date', description: 'Issue date of the document.' },
    due_date: { type: 'date', description: 'Due date: overdue days count from it.' },
    currency: { type: 'currency', description: 'ISO 4217 currency code (required).' },
    status: { type: { choice: ['open', 'settled'] }, description: 'open | settled (default open).', default: 'open' },
    settled_at: { type: 'instant', description: 'When it was settled.' },
    as_of: { type: 'instant', description: 'When the source said so (default: the run).' },
  },
  required: ['currency'],
  money: [{ name: 'amount_due', description: 'Amount still due', required: true }],
  account: true,
};

export const ORDER_SPEC: FactSpec = {
  fields: {
    number: { type: 'id', description: 'Order number as printed (required).' },
    channel: { type: { choice: ['web', 'sales', 'marketplace', 'phone', 'email', 'edi', 'other'] }, description: 'web | sales | marketplace | phone | email | edi | other (required).' },
    status: { type: 'text', description: "The source's order status, as it names it." },
    ordered_at: { type: 'instant', description: 'When the order was placed (required).' },
    currency: { type: 'currency', description: 'ISO 4217 currency code (required).' },
  },
  required: ['number', 'channel', 'ordered_at', 'currency'],
  money: [{ name: 'total_gross', description: 'Order total, taxes included' }],
  account: true,
  contact: true,
};

export const ORDER_LINE_SPEC: FactSpec = {
  fields: {
    order_external_id: { type: 'id', description: "The order's external id in the same source (required)." },
    line_no: { type: 'int', description: 'Line number within the order (required).' },
    product_code: { type: 'id', description: 'Product code / SKU.' },
    product_family: { type: { lookup: 'product_families' }, description: 'Product family: a code, label or synonym of the lookup.' },
    description: { type: 'text', description: 'Line text.' },
    quantity: { type: 'decimal', description: 'Quantity, a decimal.' },
    currency: { type: 'currency', description: "The order's currency (copied from the order when absent)." },
  },
  required: ['order_external_id', 'line_no'],
  money: [{ name: 'net', description: 'Net line amount' }],
  account: false,
  currencyFromParent: true,
};

export const SHIPMENT_SPEC: FactSpec = {
  fields: {
    number: { type: 'id', description: 'Shipment or delivery note number (required).' },
    order_external_id: { type: 'id', description: "The order's external id in the same source." },
    order_reference: { type: 'text', description: 'The order reference as the carrier or the shop wrote it.' },
    carrier: { type: 'text', description: 'Carrier.' },
    tracking_number: { type: 'id', description: 'Tracking number.' },
    status: { type: 'text', description: "The source's shipment status." },
    shipped_at: { type: 'instant', description: 'When it left.' },
    delivered_at: { type: 'instant', description: 'When it was delivered.' },
  },
  required: ['number'],
  account: true,
};

export const ACTIVITY_SPEC: FactSpec = {
  fields: {
    kind: { type: { choice: ['visit', 'call', 'meeting', 'email', 'other'] }, description: 'visit | call | meeting | email | other (required).' },
    occurred_at: { type: 'instant', description: 'When it happened (required).' },
    user: { type: 'text', description: 'Who visited, called or met: a CRM user by e-mail or full name.' },
    subject: { type: 'text', description: 'Subject.' },
    outcome: { type: 'text', description: 'Outcome.' },
  },
  required: ['kind', 'occurred_at'],
  account: true,
  contact: true,
};

export const SITE_VISIT_SPEC: FactSpec = {
  fields: {
    visited_at: { type: 'instant', description: 'When the visit started (required).' },
    url: { type: 'text', description: 'Entry page.' },
    duration_seconds: { type: 'int', description: 'Visit length in seconds.' },
    page_views: { type: 'int', description: 'Pages viewed.' },
  },
  required: ['visited_at'],
  account: true,
  contact: true,
};
