export { parseEInvoice, parseFatturaPA, parseKsef } from './parse-einvoice';
export { EInvoiceError, type EInvoiceErrorCode } from './errors';
export { FATTURAPA_NAMESPACE } from './fatturapa';
export { KSEF_NAMESPACES } from './ksef';
export type {
  EInvoiceDocument,
  EInvoiceFormat,
  EInvoiceParseOptions,
  EInvoiceParseResult,
  EInvoiceVersion,
  RawRecord,
} from './types';
