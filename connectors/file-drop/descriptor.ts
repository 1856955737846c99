/** The file-drop source: a folder of e-invoices (FatturaPA, KSeF), each file read once per version. */
import { z } from 'zod';
import type { ConnectorDescriptor } from '../connector-descriptor';
import { FileDropConfig } from './config';

export const fileDropDescriptor: ConnectorDescriptor = {
  id: 'file-drop',
  label: 'Folder of e-invoices (FatturaPA 1.2.x incl. .p7m, KSeF FA(2)/FA(3))',
  kind: 'accounting',
  description:
    'Reads the files a folder receives, each version once (by content hash): FatturaPA FPR12/FPA12 (several bodies per file, signed .p7m in DER or base64, any namespace prefix, TD04 credit notes negative) ' +
    'and KSeF FA(2)/FA(3) (corrections as credit notes or adjustments, advance invoices as deposits) become invoices, their lines and the customer account, resolved by tax id. ' +
    'Documents where one of `ownTaxIds` is the buyer are purchase invoices: skipped and counted. A file in an unsupported version is quarantined with the version named.',
  streams: [
    { name: 'accounts', entity: 'accounts', primaryKey: ['external_id'], cursor: null, description: 'The customer of each sales invoice (name, tax id, address).' },
    { name: 'invoices', entity: 'invoices', primaryKey: ['external_id'], cursor: null, description: 'One per document: seller tax id, number and year make its id.' },
    { name: 'invoice_lines', entity: 'invoice_lines', primaryKey: ['external_id'], cursor: null, description: 'The document lines, referring to their invoice.' },
  ],
  configSchema: z.toJSONSchema(FileDropConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  defaultSchedule: '*/15 * * * *',
  docs: ['https://www.fatturapa.gov.it/it/norme-e-regole/documentazione-fattura-elettronica/formato-fatturapa/', 'https://www.podatki.gov.pl/ksef/'],
};
