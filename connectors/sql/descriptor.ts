/** The SQL source: an ERP database (MariaDB/MySQL or PostgreSQL) read by one SELECT per stream. */
import { z } from 'zod';
import type { ConnectorDescriptor, ConnectorStream } from '../connector-descriptor';
import { SqlSourceConfig } from './config';

const incremental = { field: 'updated_at', kind: 'timestamp' } as const;
const stream = (name: ConnectorStream['entity'], description: string, cursor: ConnectorStream['cursor'] = incremental): ConnectorStream =>
  ({ name, entity: name, primaryKey: ['external_id'], cursor, description });

export const sqlDescriptor: ConnectorDescriptor = {
  id: 'sql',
  label: 'ERP database by SQL (MariaDB/MySQL, PostgreSQL)',
  kind: 'erp',
  description:
    'For ERPs without an API (Dolibarr, Sage, A3, Comarch, 1C exports): one SELECT per stream whose column aliases are canonical field names (external_id required). ' +
    'Incremental streams (the query returns updated_at) are read by keyset on (updated_at, external_id) after the stored cursor, with a look-back window for late commits; ' +
    'snapshot and full streams are read whole each run. Read-only session, statement timeout, the URL with its password read from an environment variable named in the config.',
  streams: [
    stream('accounts', 'Customers (companies and individuals).'),
    stream('contacts', 'People at customers, referring to their account by account_external_id, account_tax_id or account_email.'),
    stream('invoices', 'Invoices and credit notes (stored negative), with totals in minor units or decimals.'),
    stream('invoice_lines', 'Invoice lines, referring to their invoice by invoice_external_id.'),
    stream('receivables', 'Unpaid debts: usually a snapshot of open items; an open row missing from the snapshot is settled.', null),
    stream('orders', 'Orders from the shop or the sales team.'),
    stream('order_lines', 'Order lines, referring to their order by order_external_id.'),
    stream('shipments', 'Shipments, referring to their order by order_external_id or order_reference.'),
    stream('activities', 'Calls, meetings and other dated actions with a customer.'),
  ],
  configSchema: z.toJSONSchema(SqlSourceConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  defaultSchedule: '0 2 * * *',
  docs: ['https://mariadb.com/kb/en/aborting-statements/', 'https://www.postgresql.org/docs/current/sql-declare.html', 'https://use-the-index-luke.com/no-offset'],
};
