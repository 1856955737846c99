/**
 * A small element tree built with sax, keyed by local names: FatturaPA files come with any
 * prefix (`p:`, `ns2:`, `ns3:`) or none, and KSeF files put every element in the form's
 * namespace, so the parsers match `local` names and only the root's namespace is checked (to
 * tell versions apart).
 *
 * Prefixes are stripped rather than resolved (sax's xmlns mode): a file whose prefix is not
 * declared is still read. sax never reads a DTD, so entity expansion attacks do not apply.
 */
import sax from 'sax';
import iconv from 'iconv-lite';
import { EInvoiceError } from './errors';

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Namespace URI, resolved from the root's xmlns declarations only (nobody declares more). */
  namespace: string;
  /** Attributes by local name. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), untrimmed. */
  text: string;
}

// Attachments (FatturaPA Allegati/Attachment) are base64 PDFs of megabytes nobody reads here.
const SKIP_TEXT = new Set(['Attachment']);

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);
const prefixOf = (qname: string): string => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '');

export function parseXml(text: string, file: string): XmlElement {
  try {
    return build(text, file, false);
  } catch (err) {
    // Line and column tracking costs ~40 % of sax's time, so it is only switched on to say
    // where a file that failed is broken.
    if (err instanceof EInvoiceError) throw err;
    return build(text, file, true);
  }
}

function build(text: string, file: string, withPosition: boolean): XmlElement {
  const parser = sax.parser(true, { trim: false, normalize: false, position: withPosition });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  // Prefix → namespace as declared on the root: enough to know the root's own namespace, and the
  // default namespace KSeF elements inherit.
  const rootPrefixes: Record<string, string> = {};

  parser.onopentag = (tag) => {
    const attrs: Record<string, string> = {};
    for (const [qname, value] of Object.entries(tag.attributes)) {
      const v = typeof value === 'string' ? value : value.value;
      if (qname === 'xmlns' || qname.startsWith('xmlns:')) {
        if (!root) rootPrefixes[qname === 'xmlns' ? '' : qname.slice(6)] = v;
        continue;
      }
      attrs[localName(qname)] = v;
    }
    const el: XmlElement = {
      name: localName(tag.name),
      namespace: rootPrefixes[prefixOf(tag.name)] ?? '',
      attrs,
      children: [],
      text: '',
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (!root) root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const onText = (t: string) => {
    const el = stack[stack.length - 1];
    if (el && !SKIP_TEXT.has(el.name)) el.text += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onerror = (err) => {
    if (!withPosition) throw err;
    throw new EInvoiceError('malformed_xml', file, `not well-formed XML: ${err.message.split('\n')[0]} (line ${parser.line + 1}, column ${parser.column + 1})`, undefined, { cause: err });
  };
  parser.write(text).close();
  if (!root) throw new EInvoiceError('malformed_xml', file, 'no XML element in the file');
  return root;
}

/** The first child with local name `name` along `path`. */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) {
    cur = cur?.children.find((c) => c.name === name);
    if (!cur) return undefined;
  }
  return cur;
}

/** Every child named `name` (one level). */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at `path`, null when the element is missing or blank. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | null {
  const t = child(el, ...path)?.text.trim();
  return t ? t : null;
}

const XML_DECLARATION = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Bytes → text: a BOM wins, then the XML declaration's encoding, else UTF-8 (the XML default).
 * UTF-8 is decoded strictly: both formats are validated as UTF-8 by SdI and KSeF, so invalid
 * bytes mean a damaged file, not a guessable one.
 */
export function decodeXml(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strictUtf8(bytes.subarray(3), file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = XML_DECLARATION.exec(head)?.[1]?.toLowerCase();
  if (!declared || declared === 'utf-8' || declared === 'utf8') return strictUtf8(bytes, file);
  if (!iconv.encodingExists(declared)) {
    throw new EInvoiceError('malformed_xml', file, `unsupported character encoding "${declared}" in the XML declaration`);
  }
  return iconv.decode(Buffer.from(bytes), declared);
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new EInvoiceError('malformed_xml', file, 'the text is not valid UTF-8 (the encoding XML assumes when none is declared)', undefined, { cause: err });
  }
}
