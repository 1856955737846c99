/**
 * The entities crmhub loads, by name, in the order a sync runs them (parties before the facts
 * that refer to them, parents before their lines). A dependency-free list, so the CLI can offer
 * it without loading the normalizers; fields.ts and the pipeline's registry are checked against it.
 */
export const TARGET_ENTITIES = [
  'accounts', 'contacts', 'invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities', 'site_visits',
] as const;
export type TargetEntity = (typeof TARGET_ENTITIES)[number];
