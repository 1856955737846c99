import { describe, expect, it } from 'vitest';
import { parseEInvoice, parseFatturaPA, type EInvoiceParseResult } from './index';
import { fixture, line, refTo, variant } from './test-helpers';
import type { RawRecord } from './types';

const OWN = { ownTaxIds: ['IT12345670017'] };
const NONE = { ownTaxIds: [] };

const BETA: RawRecord = {
  external_id: null, name: 'Beta Costruzioni S.p.A.', tax_id: 'IT02468130584', tax_id_country: 'IT',
  street1: 'Corso Francia 25', street2: null, postcode: '10138', city: 'Torino', region: 'TO', country_code: 'IT',
  email: null, phone: null,
};
const COMUNE: RawRecord = {
  external_id: null, name: 'Comune di Città Esempio', tax_id: '80012340586', tax_id_country: 'IT',
  street1: 'Piazza del Municipio 1', street2: null, postcode: '00184', city: 'Roma', region: 'RM', country_code: 'IT',
  email: null, phone: null,
};
const MUELLER: RawRecord = {
  external_id: null, name: 'Müller Büroeinrichtung GmbH', tax_id: 'DE123456788', tax_id_country: 'DE',
  // CAP 00000 and Provincia EE are the placeholders a foreign address needs to pass the schema.
  street1: 'Hauptstraße 5', street2: null, postcode: null, city: 'Berlin', region: null, country_code: 'DE',
  email: null, phone: null,
};
const DELTA: RawRecord = {
  external_id: null, name: 'Delta Servizi Informatici S.r.l.', tax_id: 'IT05554440379', tax_id_country: 'IT',
  street1: "Via dell'Indipendenza 44", street2: null, postcode: '40121', city: 'Bologna', region: 'BO', country_code: 'IT',
  email: 'fatture@deltaservizi.it', phone: null,
};
const ALFA_AS_BUYER: RawRecord = {
  external_id: null, name: 'Alfa Forniture S.r.l.', tax_id: 'IT12345670017', tax_id_country: 'IT',
  street1: 'Via Roma 10', street2: null, postcode: '20121', city: 'Milano', region: 'MI', country_code: 'IT',
  email: null, phone: null,
};

const INV_101 = 'IT12345670017:2024/101:2024';
const INV_115 = 'IT12345670017:2024/115:2024';
const MULTI_BODY: EInvoiceParseResult = {
  format: 'fatturapa',
  version: 'FPR12',
  documents: [
    {
      direction: 'sale',
      account: BETA,
      invoice: {
        external_id: INV_101, number: '2024/101', kind: 'invoice', status: 'posted', issue_date: '2024-03-15',
        // Two instalments, listed latest first: the earliest is the due date.
        due_date: '2024-04-15', currency: 'EUR', total_net: '1085.00', total_tax: '234.20', total_gross: '1319.20',
        ...refTo(BETA), corrects_external_id: null, notes: 'Fornitura arredi ufficio sede di Torino\nOrdine n. 88 del 01/03/2024',
      },
      lines: [
        line(INV_101, '1', 'SED-ERG-01', 'Sedia ergonomica con braccioli', '4.00', '740.00', '22.00', 'EUR'),
        line(INV_101, '2', 'SCR-140', 'Scrivania 140x70 rovere', '1.00', '320.00', '22.00', 'EUR'),
        line(INV_101, '3', null, 'Manuale tecnico di montaggio (libro)', '2.00', '25.00', '4.00', 'EUR'),
      ],
    },
    {
      direction: 'sale',
      account: BETA,
      invoice: {
        external_id: INV_115, number: '2024/115', kind: 'invoice', status: 'posted', issue_date: '2024-03-28',
        // No ImportoTotaleDocumento: gross = Σ ImponibileImporto + Σ Imposta.
        due_date: null, currency: 'EUR', total_net: '648.30', total_tax: '132.00', total_gross: '780.30',
        ...refTo(BETA), corrects_external_id: null, notes: 'Progettazione layout uffici',
      },
      lines: [
        // Quantita 1.500: a fourth decimal keeps "1.500" from reading as 1500 under it/es/de profiles.
        line(INV_115, '1', null, 'Consulenza progettazione spazi (ore)', '1.5000', '600.00', '22.00', 'EUR'),
        line(INV_115, '2', null, 'Spese anticipate in nome e per conto del cliente (art. 15)', null, '48.30', '0.00', 'EUR'),
      ],
    },
  ],
};

const CREDIT_NOTE: EInvoiceParseResult = {
  format: 'fatturapa',
  version: 'FPR12',
  documents: [{
    direction: 'sale',
    account: BETA,
    invoice: {
      external_id: 'IT12345670017:NC-2024/7:2024', number: 'NC-2024/7', kind: 'credit_note', status: 'posted',
      issue_date: '2024-04-02', due_date: null, currency: 'EUR', total_net: '-185.00', total_tax: '-40.70', total_gross: '-225.70',
      ...refTo(BETA), corrects_external_id: INV_101, notes: 'Storno parziale per reso merce difettosa',
    },
    lines: [line('IT12345670017:NC-2024/7:2024', '1', 'SED-ERG-01', 'Reso sedia ergonomica difettosa', '1.00', '-185.00', '22.00', 'EUR')],
  }],
};

const DEPOSIT_TO_PA: EInvoiceParseResult = {
  format: 'fatturapa',
  version: 'FPA12',
  documents: [{
    direction: 'sale',
    account: COMUNE,
    invoice: {
      external_id: 'IT12345670017:2024/120:2024', number: '2024/120', kind: 'deposit', status: 'posted',
      issue_date: '2024-04-10', due_date: '2024-05-10', currency: 'EUR', total_net: '3000.00', total_tax: '660.00', total_gross: '3660.00',
      ...refTo(COMUNE), corrects_external_id: null, notes: 'Acconto 30% fornitura arredi scolastici - CIG Z0A1B2C3D4',
    },
    lines: [line('IT12345670017:2024/120:2024', '1', null, 'Acconto 30% su fornitura arredi scolastici', null, '3000.00', '22.00', 'EUR')],
  }],
};

const FOREIGN_USD: EInvoiceParseResult = {
  format: 'fatturapa',
  version: 'FPR12',
  documents: [{
    direction: 'sale',
    account: MUELLER,
    invoice: {
      external_id: 'IT12345670017:2024/130:2024', number: '2024/130', kind: 'invoice', status: 'posted',
      issue_date: '2024-04-18', due_date: null, currency: 'USD', total_net: '890.00', total_tax: '0.00', total_gross: '890.00',
      ...refTo(MUELLER), corrects_external_id: null, notes: null,
    },
    lines: [line('IT12345670017:2024/130:2024', '1', '8001234567890', 'Lampada da tavolo LED', '10.00', '890.00', '0.00', 'USD')],
  }],
};

const SUPPLIER_INVOICE = (direction: 'sale' | 'purchase', account: RawRecord): EInvoiceParseResult => ({
  format: 'fatturapa',
  version: 'FPR12',
  documents: [{
    direction,
    account,
    invoice: {
      external_id: 'IT05554440379:45/2024:2024', number: '45/2024', kind: 'invoice', status: 'posted',
      issue_date: '2024-02-20', due_date: '2024-03-31', currency: 'EUR', total_net: '250.00', total_tax: '55.00', total_gross: '305.00',
      ...refTo(account), corrects_external_id: null, notes: null,
    },
    lines: [line('IT05554440379:45/2024:2024', '1', null, 'Canone manutenzione server - febbraio 2024', '1.00', '250.00', '22.00', 'EUR')],
  }],
});

describe('FatturaPA 1.2.x fixtures → exact stream records', () => {
  it.each<[string, string, { ownTaxIds: string[] }, EInvoiceParseResult]>([
    ['two bodies, prefix p:, instalments, a 4 % line and an N1 line', 'IT12345670017_00001.xml', OWN, MULTI_BODY],
    ['TD04 credit note, prefix ns2:, negative, linked to the invoice it corrects', 'IT12345670017_00002.xml', OWN, CREDIT_NOTE],
    ['FPA12 TD02 deposit, default namespace, codice fiscale only, upper-case .XML', 'IT12345670017_00003.XML', OWN, DEPOSIT_TO_PA],
    ['foreign customer in USD, dummy CAP and province dropped', 'IT12345670017_00004.xml', OWN, FOREIGN_USD],
    ['our tax id as buyer, no namespace at all → purchase, counterpart = seller', 'IT05554440379_00045.xml', OWN, SUPPLIER_INVOICE('purchase', DELTA)],
    ['the same file without ownTaxIds → a sale to the buyer', 'IT05554440379_00045.xml', NONE, SUPPLIER_INVOICE('sale', ALFA_AS_BUYER)],
  ])('%s (%s)', (_, file, opts, expected) => {
    expect(parseEInvoice(fixture(file), file, opts)).toEqual(expected);
    expect(parseFatturaPA(fixture(file), file, opts)).toEqual(expected);
  });
});

describe('FatturaPA rules on document variants', () => {
  const parse = (bytes: Buffer, opts = OWN) => parseFatturaPA(bytes, 'variant.xml', opts).documents[0]!;

  it.each([
    ['as written', 'IT02468130584', true],
    ['without country prefix', '02468130584', true],
    ['with spaces and lower case', 'it 0246 8130 584', true],
    ['another id', 'IT05554440379', false],
  ])('ownTaxIds spelled %s', (_, own, purchase) => {
    expect(parse(fixture('IT12345670017_00002.xml'), { ownTaxIds: [own] }).direction).toBe(purchase ? 'purchase' : 'sale');
  });

  it('keeps a credit note negative when its software already wrote it negative', () => {
    const doc = parse(variant('IT12345670017_00002.xml',
      ['<ImportoTotaleDocumento>225.70', '<ImportoTotaleDocumento>-225.70'],
      ['<ImponibileImporto>185.00', '<ImponibileImporto>-185.00'],
      ['<Imposta>40.70', '<Imposta>-40.70'],
      ['<PrezzoTotale>185.00', '<PrezzoTotale>-185.00']));
    expect([doc.invoice['total_net'], doc.invoice['total_tax'], doc.invoice['total_gross'], doc.lines[0]!['net']])
      .toEqual(['-185.00', '-40.70', '-225.70', '-185.00']);
  });

  it('links a credit note to nothing when the cited invoice has no date (the year is unknown)', () => {
    const doc = parse(variant('IT12345670017_00002.xml', ['<Data>2024-03-15</Data>', '']));
    expect(doc.invoice['corrects_external_id']).toBeNull();
  });

  it('adds the document-level Arrotondamento when the gross total must be computed', () => {
    const doc = parse(variant('IT12345670017_00001.xml',
      ['<ImportoTotaleDocumento>1319.20</ImportoTotaleDocumento>', '<Arrotondamento>-0.20</Arrotondamento>']));
    expect(doc.invoice['total_gross']).toBe('1319.00');
  });

  it('numbers lines by position when NumeroLinea repeats', () => {
    const doc = parse(variant('IT12345670017_00001.xml', ['<NumeroLinea>2</NumeroLinea>', '<NumeroLinea>1</NumeroLinea>']));
    expect(doc.lines.map((l) => l['line_no'])).toEqual(['1', '2', '3']);
  });

  it('drops placeholder ids of foreign private customers instead of sharing one account among them', () => {
    const doc = parse(variant('IT12345670017_00004.xml', ['<IdCodice>123456788</IdCodice>', '<IdCodice>99999999999</IdCodice>']));
    expect([doc.account['tax_id'], doc.invoice['account_tax_id']]).toEqual([null, null]);
  });

  it('names a person from Nome and Cognome and keeps a codice fiscale unprefixed', () => {
    const doc = parse(variant('IT12345670017_00003.XML',
      ['<CodiceFiscale>80012340586</CodiceFiscale>', '<CodiceFiscale>RSSMRA80A01H501U</CodiceFiscale>'],
      ['<Denominazione>Comune di Città Esempio</Denominazione>', '<Nome>Mario</Nome><Cognome>Rossi</Cognome>']));
    expect([doc.account['name'], doc.account['tax_id'], doc.account['tax_id_country']]).toEqual(['Mario Rossi', 'RSSMRA80A01H501U', 'IT']);
  });
});
