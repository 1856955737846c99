/** The streams an SQL source may define, in the order a sync runs them (parents before children). */
export const SQL_STREAMS = [
  'accounts', 'contacts', 'invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities',
] as const;
export type SqlStreamName = (typeof SQL_STREAMS)[number];

export function isSqlStreamName(name: string): name is SqlStreamName {
  return (SQL_STREAMS as readonly string[]).includes(name);
}
