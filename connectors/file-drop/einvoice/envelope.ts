/**
 * Signed FatturaPA files (`.xml.p7m`, CAdES-BES) are CMS SignedData (RFC 5652) with the invoice
 * XML attached as the encapsulated content. They arrive as DER, as BER with indefinite lengths
 * and a chunked (constructed) OCTET STRING (what streaming signers write), or as base64 of
 * either — with or without PEM armour and line breaks — because mail gateways and some SdI
 * intermediaries re-encode them.
 *
 * asn1js (PeculiarVentures, the BER/DER decoder under pkijs) decodes the envelope; the path to
 * the content is then fixed by RFC 5652 (ContentInfo → [0] SignedData → encapContentInfo →
 * [0] eContent), so it is walked directly rather than through pkijs's SignedData model, which
 * also validates certificates and signer infos we never use: measured on the fixtures it took
 * 3–4× as long, and an unusual certificate or timestamp attribute it cannot model would make an
 * invoice unreadable for nothing. node-forge's PKCS#7 reader was not used: it throws on the
 * ECDSA certificates of newer Italian signature cards. The signature is not verified: SdI
 * verified it on receipt, and the CRM needs the data, not legal proof of origin.
 */
import * as asn1js from 'asn1js';
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
  const decoded = asn1js.fromBER(der);
  if (decoded.offset === -1) {
    throw new EInvoiceError('bad_signature_envelope', file, `not a readable PKCS#7/CMS envelope (${decoded.result.error || 'not BER/DER'})`);
  }
  const bad = (what: string) => new EInvoiceError('bad_signature_envelope', file, `not a CMS envelope: ${what}`);
  // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
  const [contentType, content] = sequence(decoded.result) ?? [];
  if (!(contentType instanceof asn1js.ObjectIdentifier)) throw bad('no ContentInfo content type');
  const oid = contentType.valueBlock.toString();
  if (oid !== OID_SIGNED_DATA) {
    throw new EInvoiceError('bad_signature_envelope', file, `the envelope is CMS ${CONTENT_TYPES[oid] ?? oid}, not SignedData`);
  }
  // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo, … }
  const signedData = sequence(explicit0(content));
  const encap = sequence(signedData?.[2]);
  if (!signedData || !(signedData[0] instanceof asn1js.Integer) || !(signedData[1] instanceof asn1js.Set) || !encap) {
    throw bad('damaged SignedData');
  }
  // EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
  if (!(encap[0] instanceof asn1js.ObjectIdentifier)) throw bad('damaged encapContentInfo');
  if (encap.length < 2) {
    throw new EInvoiceError('bad_signature_envelope', file, 'detached signature: the envelope does not contain the signed document');
  }
  const octets = explicit0(encap[1]);
  if (!octets) throw bad('damaged eContent');
  const bytes = octetStringBytes(octets);
  if (!bytes) throw bad('eContent is not an OCTET STRING');
  return bytes;
}

/** The elements of a universal SEQUENCE, or undefined. */
function sequence(el: asn1js.AsnType | undefined): asn1js.AsnType[] | undefined {
  return el instanceof asn1js.Sequence ? el.valueBlock.value : undefined;
}

/** The single element inside a context-specific [0] constructed tag (EXPLICIT tagging). */
function explicit0(el: asn1js.AsnType | undefined): asn1js.AsnType | undefined {
  if (!(el instanceof asn1js.Constructed) || el.idBlock.tagClass !== 3 || el.idBlock.tagNumber !== 0) return undefined;
  return el.valueBlock.value[0];
}

/** An OCTET STRING's bytes; a constructed one (BER chunks, possibly nested) is concatenated. */
function octetStringBytes(el: asn1js.AsnType): Uint8Array | undefined {
  if (!(el instanceof asn1js.OctetString)) return undefined;
  if (!el.idBlock.isConstructed) return el.valueBlock.valueHexView;
  const parts: Uint8Array[] = [];
  for (const chunk of el.valueBlock.value) {
    const b = octetStringBytes(chunk);
    if (!b) return undefined;
    parts.push(b);
  }
  return Buffer.concat(parts);
}
