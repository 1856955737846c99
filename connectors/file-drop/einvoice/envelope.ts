/**
 * Signed FatturaPA files (`.xml.p7m`, CAdES-BES) are CMS SignedData (RFC 5652) with the invoice
 * XML attached as the encapsulated content. They arrive as DER, as BER with indefinite lengths
 * and a chunked (constructed) OCTET STRING (what streaming signers write), or as base64 of
 * either — with or without PEM armour and line breaks — because mail gateways and some SdI
 * intermediaries re-encode them.
 *
 * pkijs (PeculiarVentures, on asn1js) parses the envelope: it reads BER as well as DER,
 * concatenates chunked content, and accepts certificates with any key type (node-forge's
 * PKCS#7 reader throws on the ECDSA certificates of newer Italian signature cards). The
 * signature itself is not verified: SdI verified it on receipt, and the CRM needs the data, not
 * legal proof of origin.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EInvoiceError } from './errors';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.7.1': 'data',
  '1.2.840.113549.1.7.3': 'EnvelopedData (encrypted, not signed)',
  '1.2.840.113549.1.7.5': 'DigestedData',
  '1.2.840.113549.1.7.6': 'EncryptedData',
  '1.2.840.113549.1.9.16.1.2': 'AuthenticatedData',
};
/** A counter-signed file is an envelope inside an envelope (.p7m.p7m); no real file nests deeper. */
const MAX_NESTING = 4;

const PEM = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/;
const BASE64_BODY = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

export type Unwrapped = { bytes: Uint8Array; signed: boolean };

/**
 * The document inside `bytes`: the XML itself when the file is plain XML, the encapsulated
 * content of (possibly nested, possibly base64-encoded) SignedData otherwise.
 */
export function unwrapEnvelope(bytes: Uint8Array, file: string): Unwrapped {
  let current = bytes;
  let signed = false;
  for (let depth = 0; depth <= MAX_NESTING; depth++) {
    const kind = sniff(current);
    if (kind === 'xml') return { bytes: current, signed };
    if (kind === 'base64') {
      current = decodeBase64(current, file);
      continue;
    }
    if (kind === 'der') {
      current = signedContent(current, file);
      signed = true;
      continue;
    }
    throw new EInvoiceError('not_an_einvoice', file, 'neither XML nor a signed (PKCS#7/CMS .p7m) envelope around XML');
  }
  throw new EInvoiceError('bad_signature_envelope', file, `signed envelopes nested more than ${MAX_NESTING} deep`);
}

type Kind = 'xml' | 'der' | 'base64' | 'other';

function sniff(bytes: Uint8Array): Kind {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'xml'; // UTF-16 BOM
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (i >= bytes.length) return 'other';
  if (bytes[i] === 0x3c /* < */) return 'xml';
  // DER/BER SEQUENCE: a PKCS#7 file starts with 0x30 0x80 (indefinite) or 0x30 0x8x (long form).
  if (i === 0 && bytes[0] === 0x30 && bytes.length > 1 && (bytes[1]! & 0x80) !== 0) return 'der';
  const head = Buffer.from(bytes.subarray(i, i + 64)).toString('latin1');
  if (head.startsWith('-----BEGIN')) return 'base64';
  // "MI" is base64 of 0x30 0x8x: the start of every base64 DER envelope.
  if (head.startsWith('MI') && BASE64_BODY.test(Buffer.from(bytes).toString('latin1'))) return 'base64';
  return 'other';
}

function decodeBase64(bytes: Uint8Array, file: string): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = PEM.exec(text);
  if (text.trimStart().startsWith('-----BEGIN') && !pem) {
    throw new EInvoiceError('bad_signature_envelope', file, 'PEM armour without its END line: the envelope is truncated');
  }
  const body = (pem ? pem[1]! : text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1) {
    throw new EInvoiceError('bad_signature_envelope', file, 'the base64 envelope has characters or a length base64 cannot have');
  }
  return Buffer.from(body, 'base64');
}

function signedContent(der: Uint8Array, file: string): Uint8Array {
  let contentInfo: pkijs.ContentInfo;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error(asn1.result.error || 'not BER/DER');
    contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  } catch (err) {
    throw new EInvoiceError('bad_signature_envelope', file, `not a readable PKCS#7/CMS envelope (${errorText(err)})`, undefined, { cause: err });
  }
  if (contentInfo.contentType !== OID_SIGNED_DATA) {
    const what = CONTENT_TYPES[contentInfo.contentType] ?? contentInfo.contentType;
    throw new EInvoiceError('bad_signature_envelope', file, `the envelope is CMS ${what}, not SignedData`);
  }
  let signedData: pkijs.SignedData;
  try {
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (err) {
    throw new EInvoiceError('bad_signature_envelope', file, `damaged CMS SignedData (${errorText(err)})`, undefined, { cause: err });
  }
  const content = signedData.encapContentInfo.eContent;
  if (!content) {
    throw new EInvoiceError('bad_signature_envelope', file, 'detached signature: the envelope does not contain the signed document');
  }
  // getValue() concatenates the chunks of a constructed (BER) OCTET STRING.
  return new Uint8Array(content.getValue());
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
