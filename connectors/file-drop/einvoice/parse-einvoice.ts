/**
 * The parser API: one file's bytes → its documents as stream records. Format and envelope are
 * detected from the content, never from the file name (a signed file may be named .xml, a plain
 * one .p7m, and `.XML` is XML).
 */
import { unwrapEnvelope } from './envelope';
import { EInvoiceError } from './errors';
import { readFatturaPA } from './fatturapa';
import { readKsef } from './ksef';
import type { EInvoiceParseOptions, EInvoiceParseResult } from './types';
import { decodeXml, parseXml, type XmlElement } from './xml-tree';

const FATTURAPA_ROOTS = new Set(['FatturaElettronica', 'FatturaElettronicaSemplificata']);

/** Plain XML, or the XML inside a signed envelope (DER, BER or base64 .p7m), as an element tree. */
export function loadXml(bytes: Uint8Array, fileName: string): XmlElement {
  const { bytes: xml } = unwrapEnvelope(bytes, fileName);
  return parseXml(decodeXml(xml, fileName), fileName);
}

/** Any supported e-invoice: FatturaPA 1.2.x (FPA12, FPR12) or KSeF FA (2) / FA (3). */
export function parseEInvoice(bytes: Uint8Array, fileName: string, opts: EInvoiceParseOptions): EInvoiceParseResult {
  const root = loadXml(bytes, fileName);
  if (FATTURAPA_ROOTS.has(root.name)) return readFatturaPA(root, fileName, opts);
  if (root.name === 'Faktura') return readKsef(root, fileName, opts);
  throw notAn(fileName, root, 'a FatturaPA or KSeF e-invoice');
}

export function parseFatturaPA(bytes: Uint8Array, fileName: string, opts: EInvoiceParseOptions): EInvoiceParseResult {
  const root = loadXml(bytes, fileName);
  if (!FATTURAPA_ROOTS.has(root.name)) throw notAn(fileName, root, 'a FatturaPA invoice');
  return readFatturaPA(root, fileName, opts);
}

export function parseKsef(bytes: Uint8Array, fileName: string, opts: EInvoiceParseOptions): EInvoiceParseResult {
  const root = loadXml(bytes, fileName);
  if (root.name !== 'Faktura') throw notAn(fileName, root, 'a KSeF invoice');
  return readKsef(root, fileName, opts);
}

function notAn(file: string, root: XmlElement, what: string): EInvoiceError {
  const ns = root.namespace ? ` (namespace ${root.namespace})` : '';
  return new EInvoiceError('not_an_einvoice', file, `not ${what}: the root element is <${root.name}>${ns}`);
}
