import { describe, expect, it } from 'vitest';
import { unwrapEnvelope } from './envelope';
import { parseEInvoice } from './index';
import { catchError, fixture } from './test-helpers';

const OPTS = { ownTaxIds: ['IT12345670017'] };

// The .p7m fixtures are real CMS SignedData made by OpenSSL (fixtures/make-p7m.sh); each row
// first checks that the fixture still has the encoding it stands for.
describe('signed FatturaPA envelopes (.p7m)', () => {
  it.each<[string, string, string, (b: Buffer) => boolean]>([
    ['BER, indefinite lengths, content in two 4096-byte chunks', 'IT12345670017_00001.xml.p7m', 'IT12345670017_00001.xml',
      (b) => b[0] === 0x30 && b[1] === 0x80],
    ['DER', 'IT12345670017_00002.xml.p7m', 'IT12345670017_00002.xml', (b) => b[0] === 0x30 && b[1] === 0x82],
    ['base64 with PEM armour', 'IT12345670017_00003.XML.p7m', 'IT12345670017_00003.XML',
      (b) => b.toString('latin1').startsWith('-----BEGIN CMS-----\n')],
    ['base64 without armour, CRLF every 76 characters', 'IT12345670017_00004.xml.p7m', 'IT12345670017_00004.xml',
      (b) => b.toString('latin1').startsWith('MII') && b.toString('latin1').split('\r\n')[0]!.length === 76],
    ['base64 on one line', 'IT05554440379_00045.xml.p7m', 'IT05554440379_00045.xml',
      (b) => b.toString('latin1').startsWith('MII') && !/\s/.test(b.toString('latin1'))],
    ['an envelope inside an envelope (counter-signed)', 'IT12345670017_00002.xml.p7m.p7m', 'IT12345670017_00002.xml',
      (b) => b[0] === 0x30],
  ])('%s: the signed XML comes out byte for byte and parses like the plain file', (_, signedName, plainName, isEncoding) => {
    const signed = fixture(signedName);
    expect(isEncoding(signed)).toBe(true);
    const out = unwrapEnvelope(signed, signedName);
    expect(out.signed).toBe(true);
    expect(Buffer.from(out.bytes).equals(fixture(plainName))).toBe(true);
    expect(parseEInvoice(signed, signedName, OPTS)).toEqual(parseEInvoice(fixture(plainName), plainName, OPTS));
  });

  it('passes plain XML through untouched', () => {
    const xml = fixture('IT12345670017_00002.xml');
    expect(unwrapEnvelope(xml, 'x.xml')).toEqual({ bytes: xml, signed: false });
  });

  it.each([
    ['bad-detached.xml.p7m', /^bad-detached\.xml\.p7m: detached signature: the envelope does not contain the signed document$/],
    ['bad-truncated.xml.p7m', /^bad-truncated\.xml\.p7m: not a readable PKCS#7\/CMS envelope \(.+\)$/],
    ['bad-encrypted.xml.p7m', /^bad-encrypted\.xml\.p7m: the envelope is CMS EnvelopedData \(encrypted, not signed\), not SignedData$/],
  ])('refuses %s with bad_signature_envelope and says why', (name, message) => {
    const err = catchError(() => parseEInvoice(fixture(name), name, OPTS));
    expect(err).toMatchObject({ code: 'bad_signature_envelope', file: name, retryable: false });
    expect(err.message).toMatch(message);
  });

  it('refuses PEM armour whose END line is missing', () => {
    const pem = fixture('IT12345670017_00003.XML.p7m').toString('latin1');
    const cut = Buffer.from(pem.slice(0, pem.indexOf('-----END')), 'latin1');
    expect(catchError(() => parseEInvoice(cut, 'cut.p7m', OPTS))).toMatchObject({ code: 'bad_signature_envelope' });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1')],
    ['a CSV', Buffer.from('numero;data;totale\n2024/101;15/03/2024;1319,20\n')],
  ])('calls %s not an e-invoice', (_, bytes) => {
    expect(catchError(() => parseEInvoice(bytes, 'file.xml', OPTS))).toMatchObject({ code: 'not_an_einvoice' });
  });
});
