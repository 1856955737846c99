import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseEInvoice, parseFatturaPA, parseKsef } from './index';
import { catchError, fixture, variant } from './test-helpers';

const OPTS = { ownTaxIds: [] };

describe('files crmhub does not read: one clear reason each, naming the file (and the version)', () => {
  it.each([
    ['unsupported-versione-FPR11.xml', 'unsupported_version', 'FPR11',
      'unsupported-versione-FPR11.xml: unsupported FatturaPA version "FPR11" (namespace http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2); crmhub reads FatturaPA 1.2.x (FPA12, FPR12)'],
    ['unsupported-namespace-v1.1.xml', 'unsupported_version', '1.1',
      'unsupported-namespace-v1.1.xml: unsupported FatturaPA version "1.1" (namespace http://www.fatturapa.gov.it/sdi/fatturapa/v1.1); crmhub reads FatturaPA 1.2.x (FPA12, FPR12)'],
    ['unsupported-semplificata-FSM10.xml', 'unsupported_version', 'FSM10',
      'unsupported-semplificata-FSM10.xml: unsupported FatturaPA version: simplified invoice (FatturaElettronicaSemplificata) "FSM10" (namespace http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.0); crmhub reads ordinary FatturaPA 1.2.x (FPA12, FPR12)'],
    ['unsupported-ksef-FA1.xml', 'unsupported_version', 'FA (1)',
      'unsupported-ksef-FA1.xml: unsupported KSeF version kodSystemowy "FA (1)" (namespace http://crd.gov.pl/wzor/2021/11/29/11089/); crmhub reads FA (2) and FA (3)'],
    ['not-einvoice-ubl.xml', 'not_an_einvoice', undefined,
      'not-einvoice-ubl.xml: not a FatturaPA or KSeF e-invoice: the root element is <Invoice> (namespace urn:oasis:names:specification:ubl:schema:xsd:Invoice-2)'],
    ['malformed-truncated.xml', 'malformed_xml', undefined,
      'malformed-truncated.xml: not well-formed XML: Unclosed root tag (line 46, column 10)'],
  ])('%s → %s', (name, code, version, message) => {
    const err = catchError(() => parseEInvoice(fixture(name), name, OPTS));
    expect({ code: err.code, version: err.version, message: err.message, retryable: err.retryable })
      .toEqual({ code, version, message, retryable: false });
  });

  it('refuses versione FPR12 in a namespace that is not 1.2', () => {
    const bytes = variant('IT12345670017_00002.xml', ['docs/xsd/fatture/v1.2', 'docs/xsd/fatture/v1.3']);
    expect(catchError(() => parseEInvoice(bytes, 'a.xml', OPTS))).toMatchObject({ code: 'unsupported_version', version: 'FPR12' });
  });

  it('refuses a KSeF code published under another namespace, naming the expected one', () => {
    const bytes = variant('ksef-fa3-vat.xml', ['kodSystemowy="FA (3)"', 'kodSystemowy="FA (2)"']);
    expect(catchError(() => parseEInvoice(bytes, 'k.xml', OPTS)).message).toBe(
      'k.xml: unsupported KSeF version kodSystemowy "FA (2)" (namespace http://crd.gov.pl/wzor/2025/06/25/13775/): FA (2) is published in namespace http://crd.gov.pl/wzor/2023/06/29/12648/',
    );
  });

  it('keeps each format function to its format', () => {
    expect(catchError(() => parseFatturaPA(fixture('ksef-fa3-vat.xml'), 'k.xml', OPTS)).message)
      .toBe('k.xml: not a FatturaPA invoice: the root element is <Faktura> (namespace http://crd.gov.pl/wzor/2025/06/25/13775/)');
    expect(catchError(() => parseKsef(fixture('IT12345670017_00002.xml'), 'f.xml', OPTS)).code).toBe('not_an_einvoice');
  });

  it.each<[string, string, Buffer, RegExp]>([
    ['a missing invoice number', 'IT12345670017_00001.xml',
      variant('IT12345670017_00001.xml', ['<Numero>2024/115</Numero>', '']), /^f\.xml: body 2: Numero is missing$/],
    ['an amount in comma notation', 'IT12345670017_00002.xml',
      variant('IT12345670017_00002.xml', ['<Imposta>40.70', '<Imposta>40,70']), /^f\.xml: FatturaElettronicaBody \(TD04 NC-2024\/7\): Imposta "40,70" is not a decimal number$/],
    ['a date that is not xs:date', 'IT12345670017_00002.xml',
      variant('IT12345670017_00002.xml', ['<Data>2024-04-02', '<Data>02/04/2024']), /^f\.xml: FatturaElettronicaBody: Data "02\/04\/2024" is not a date \(YYYY-MM-DD\)$/],
    ['a seller without IdFiscaleIVA', 'IT12345670017_00002.xml',
      variant('IT12345670017_00002.xml', [/<IdFiscaleIVA>\s*<IdPaese>IT<\/IdPaese>\s*<IdCodice>12345670017<\/IdCodice>\s*<\/IdFiscaleIVA>/, '']),
      /^f\.xml: FatturaElettronicaHeader: IdPaese is missing$/],
    ['an unknown RodzajFaktury', 'ksef-fa3-vat.xml',
      variant('ksef-fa3-vat.xml', ['<RodzajFaktury>VAT', '<RodzajFaktury>XYZ']), /^f\.xml: Fa \(XYZ FV\/2026\/02\/0017\): RodzajFaktury "XYZ" is not one of VAT, UPR, ROZ, ZAL, KOR, KOR_ROZ, KOR_ZAL$/],
    ['an unknown tax rate code', 'ksef-fa3-vat.xml',
      variant('ksef-fa3-vat.xml', ['<P_12>8</P_12>', '<P_12>8%</P_12>']), /^f\.xml: Fa \(VAT FV\/2026\/02\/0017\): FaWiersz 2: P_12 "8%" is not a KSeF tax rate$/],
  ])('names the document and element for %s (invalid_document)', (_, __, bytes, message) => {
    const err = catchError(() => parseEInvoice(bytes, 'f.xml', OPTS));
    expect(err.code).toBe('invalid_document');
    expect(err.message).toMatch(message);
  });
});

describe('text encodings', () => {
  const latinDeclared = (encoding: string) =>
    variant('IT12345670017_00003.XML', ['<?xml version="1.0" encoding="UTF-8"?>', `<?xml version="1.0" encoding="${encoding}"?>`]).toString('utf8');

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('IT12345670017_00003.XML')])],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(latinDeclared('UTF-16'), 'utf-16le')])],
    ['windows-1252 as declared', iconv.encode(latinDeclared('windows-1252'), 'windows-1252')],
    ['ISO-8859-1 as declared', iconv.encode(latinDeclared('ISO-8859-1'), 'latin1')],
  ])('decodes %s', (_, bytes) => {
    expect(parseEInvoice(bytes, 'e.xml', OPTS).documents[0]!.account['name']).toBe('Comune di Città Esempio');
  });

  it('refuses bytes that are not the UTF-8 the file claims', () => {
    const bytes = iconv.encode(fixture('IT12345670017_00003.XML').toString('utf8'), 'windows-1252');
    expect(catchError(() => parseEInvoice(bytes, 'e.xml', OPTS)).message)
      .toBe('e.xml: the text is not valid UTF-8 (the encoding XML assumes when none is declared)');
  });
});
