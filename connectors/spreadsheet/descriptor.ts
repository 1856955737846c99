/** The spreadsheet connector: CSV/TSV/XLSX (and legacy XLS/ODS) exports, imported on demand. */
import { z } from 'zod';
import { ImportRequest } from '../../domain/imports/import-request';
import type { ConnectorDescriptor } from '../connector-descriptor';

export const SpreadsheetConfig = ImportRequest;

export const spreadsheetDescriptor: ConnectorDescriptor = {
  id: 'spreadsheet',
  label: 'Spreadsheet files (CSV, TSV, XLSX, XLS, ODS)',
  kind: 'spreadsheet',
  description:
    'One-off and recurring imports of the exports every company has. Streams the file (encoding, delimiter and header row detected), maps columns with a declarative mapping, validates and normalizes each row, and upserts in committed batches.',
  streams: [
    { name: 'accounts', entity: 'accounts', primaryKey: ['external_id'], cursor: null, description: 'Companies and individual customers, one per row.' },
    { name: 'contacts', entity: 'contacts', primaryKey: ['external_id'], cursor: null, description: 'People at accounts, referring to an account by its external id or tax id.' },
  ],
  configSchema: z.toJSONSchema(SpreadsheetConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  defaultSchedule: null,
  docs: ['https://www.rfc-editor.org/rfc/rfc4180', 'https://ecma-international.org/publications-and-standards/standards/ecma-376/'],
};
