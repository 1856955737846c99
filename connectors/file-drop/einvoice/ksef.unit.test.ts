import { describe, expect, it } from 'vitest';
import { parseEInvoice, parseKsef, type EInvoiceParseResult } from './index';
import { fixture, line, refTo, variant } from './test-helpers';
import type { RawRecord } from './types';

const OWN = { ownTaxIds: ['PL 526-104-08-28'] };
const NONE = { ownTaxIds: [] };

const NOWAK: RawRecord = {
  external_id: null, name: 'Nowak Budownictwo S.A.', tax_id: 'PL1234563218', tax_id_country: 'PL',
  street1: 'ul. Długa 5', street2: null, postcode: '31-147', city: 'Kraków', region: null, country_code: 'PL',
  email: 'zakupy@nowak-bud.pl', phone: '+48123456789',
};
// The correction has no contact block and writes the address on one line.
const NOWAK_ON_KOR: RawRecord = { ...NOWAK, email: null, phone: null };
const HOTEL: RawRecord = {
  external_id: null, name: 'Hotel Wisła sp. z o.o.', tax_id: 'PL9517538522', tax_id_country: 'PL',
  street1: 'ul. Nadwiślańska 12', street2: 'Piętro 3, recepcja', postcode: null, city: null, region: null, country_code: 'PL',
  email: null, phone: null,
};
const MUELLER: RawRecord = {
  external_id: null, name: 'Müller Büroeinrichtung GmbH', tax_id: 'DE123456788', tax_id_country: 'DE',
  street1: 'Hauptstraße 5', street2: null, postcode: '10115', city: 'Berlin', region: null, country_code: 'DE',
  email: 'einkauf@mueller-buero.de', phone: null,
};
const PAPIRUS: RawRecord = {
  external_id: null, name: 'Hurtownia Biurowa Papirus sp. j.', tax_id: 'PL7770001111', tax_id_country: 'PL',
  street1: 'ul. Składowa 3', street2: null, postcode: '61-897', city: 'Poznań', region: null, country_code: 'PL',
  email: 'faktury@papirus.pl', phone: '618001122',
};
const KOWALSKI_AS_BUYER: RawRecord = {
  external_id: null, name: 'Kowalski Meble sp. z o.o.', tax_id: 'PL5261040828', tax_id_country: 'PL',
  street1: 'ul. Marszałkowska 84/92', street2: null, postcode: '00-514', city: 'Warszawa', region: null, country_code: 'PL',
  email: null, phone: null,
};

const FV_17 = 'PL5261040828:FV/2026/02/0017:2026';
const FA3_VAT: EInvoiceParseResult = {
  format: 'ksef',
  version: 'FA (3)',
  documents: [{
    direction: 'sale',
    account: NOWAK,
    invoice: {
      external_id: FV_17, number: 'FV/2026/02/0017', kind: 'invoice', status: 'posted', issue_date: '2026-02-10',
      due_date: '2026-03-12', currency: 'PLN',
      // P_13_1 + P_13_2 + P_13_7 (exempt); P_14_1 + P_14_2.
      total_net: '2230.00', total_tax: '472.00', total_gross: '2702.00',
      ...refTo(NOWAK), corrects_external_id: null, notes: null,
    },
    lines: [
      line(FV_17, '1', 'BIU-160', 'Biurko narożne 160 cm', '4', '2000.00', '23.00', 'PLN'),
      line(FV_17, '2', '5901234123457', 'Montaż zabudowy kuchennej w lokalu mieszkalnym', '1', '150.00', '8.00', 'PLN'),
      line(FV_17, '3', null, 'Szkolenie z ergonomii stanowiska pracy', '1.2500', '80.00', '0.00', 'PLN'),
    ],
  }],
};

const FK_3 = 'PL5261040828:FK/2026/02/0003:2026';
const FA3_KOR: EInvoiceParseResult = {
  format: 'ksef',
  version: 'FA (3)',
  documents: [{
    direction: 'sale',
    account: NOWAK_ON_KOR,
    invoice: {
      external_id: FK_3, number: 'FK/2026/02/0003', kind: 'credit_note', status: 'posted', issue_date: '2026-02-20',
      due_date: null, currency: 'PLN', total_net: '-500.00', total_tax: '-115.00', total_gross: '-615.00',
      ...refTo(NOWAK_ON_KOR), corrects_external_id: FV_17, notes: 'Zwrot 1 biurka uszkodzonego w transporcie',
    },
    lines: [
      // The row "before" (StanPrzed) is negated, so the rows add up to the difference.
      line(FK_3, '1', 'BIU-160', 'Biurko narożne 160 cm', '4', '-2000.00', '23.00', 'PLN'),
      line(FK_3, '2', 'BIU-160', 'Biurko narożne 160 cm', '3', '1500.00', '23.00', 'PLN'),
    ],
  }],
};

const FA3_ZAL: EInvoiceParseResult = {
  format: 'ksef',
  version: 'FA (3)',
  documents: [{
    direction: 'sale',
    account: HOTEL,
    invoice: {
      external_id: 'PL5261040828:FZ/2026/03/0002:2026', number: 'FZ/2026/03/0002', kind: 'deposit', status: 'posted',
      issue_date: '2026-03-02', due_date: null, currency: 'PLN', total_net: '4000.00', total_tax: '920.00', total_gross: '4920.00',
      ...refTo(HOTEL), corrects_external_id: null, notes: null,
    },
    // The order lines (Zamowienie, 24 600 PLN) are what was ordered, not what this advance invoices.
    lines: [],
  }],
};

const FA2_EU: EInvoiceParseResult = {
  format: 'ksef',
  version: 'FA (2)',
  documents: [{
    direction: 'sale',
    account: MUELLER,
    invoice: {
      external_id: 'PL5261040828:FV/2025/11/0031:2025', number: 'FV/2025/11/0031', kind: 'invoice', status: 'posted',
      issue_date: '2025-11-05', due_date: '2025-11-20', currency: 'EUR', total_net: '1200.00', total_tax: '0.00', total_gross: '1200.00',
      ...refTo(MUELLER), corrects_external_id: null, notes: null,
    },
    lines: [line('PL5261040828:FV/2025/11/0031:2025', '1', 'KRZ-07', 'Krzesło konferencyjne tapicerowane', '12', '1200.00', '0.00', 'EUR')],
  }],
};

const PURCHASE = (direction: 'sale' | 'purchase', account: RawRecord): EInvoiceParseResult => ({
  format: 'ksef',
  version: 'FA (2)',
  documents: [{
    direction,
    account,
    invoice: {
      external_id: 'PL7770001111:1187/10/2025:2025', number: '1187/10/2025', kind: 'invoice', status: 'posted',
      issue_date: '2025-10-14', due_date: null, currency: 'PLN', total_net: '500.00', total_tax: '115.00', total_gross: '615.00',
      ...refTo(account), corrects_external_id: null, notes: null,
    },
    lines: [
      // Gross-price rows: 246.00 × 100 / 123 and 369.00 − P_11Vat 69.00.
      line('PL7770001111:1187/10/2025:2025', '1', null, 'Papier ksero A4 80 g, karton 5 ryz', '10', '200.00', '23.00', 'PLN'),
      line('PL7770001111:1187/10/2025:2025', '2', null, 'Toner do drukarki laserowej', '1', '300.00', '23.00', 'PLN'),
    ],
  }],
});

describe('KSeF FA(2)/FA(3) fixtures → exact stream records', () => {
  it.each<[string, string, { ownTaxIds: string[] }, EInvoiceParseResult]>([
    ['FA(3) VAT invoice at 23 %, 8 % and exempt', 'ksef-fa3-vat.xml', OWN, FA3_VAT],
    ['FA(3) KOR correction with rows before/after → negative credit note linked to the invoice', 'ksef-fa3-kor.xml', OWN, FA3_KOR],
    ['FA(3) ZAL advance invoice → deposit without the order lines', 'ksef-fa3-zal.xml', OWN, FA3_ZAL],
    ['FA(2) intra-EU supply in EUR to a KodUE/NrVatUE buyer, two payment terms', 'ksef-fa2-vat-eu.xml', OWN, FA2_EU],
    ['FA(2) invoice where our NIP is the buyer → purchase, counterpart = seller', 'ksef-fa2-purchase.xml', OWN, PURCHASE('purchase', PAPIRUS)],
    ['the same invoice without ownTaxIds → a sale to the buyer', 'ksef-fa2-purchase.xml', NONE, PURCHASE('sale', KOWALSKI_AS_BUYER)],
  ])('%s (%s)', (_, file, opts, expected) => {
    expect(parseEInvoice(fixture(file), file, opts)).toEqual(expected);
    expect(parseKsef(fixture(file), file, opts)).toEqual(expected);
  });
});

describe('KSeF rules on document variants', () => {
  const parse = (bytes: Buffer) => parseKsef(bytes, 'variant.xml', OWN).documents[0]!;

  it('treats a correction that raises the amount as an invoice of the difference', () => {
    const doc = parse(variant('ksef-fa3-kor.xml',
      ['<P_13_1>-500.00', '<P_13_1>500.00'], ['<P_14_1>-115.00', '<P_14_1>115.00'], ['<P_15>-615.00', '<P_15>615.00']));
    expect([doc.invoice['kind'], doc.invoice['total_gross'], doc.invoice['corrects_external_id']]).toEqual(['invoice', '615.00', FV_17]);
  });

  it.each([
    ['KOR_ZAL', '-615.00', 'credit_note'],
    ['KOR_ZAL', '615.00', 'deposit'],
    ['KOR_ROZ', '-615.00', 'credit_note'],
    ['UPR', '615.00', 'invoice'],
    ['ROZ', '615.00', 'invoice'],
  ])('RodzajFaktury %s with P_15 %s → %s', (rodzaj, gross, kind) => {
    const doc = parse(variant('ksef-fa3-kor.xml', ['<RodzajFaktury>KOR', `<RodzajFaktury>${rodzaj}`], ['<P_15>-615.00', `<P_15>${gross}`]));
    expect(doc.invoice['kind']).toBe(kind);
  });

  it('links nothing but lists the invoices when one correction covers several', () => {
    const doc = parse(variant('ksef-fa3-kor.xml', ['</DaneFaKorygowanej>',
      '</DaneFaKorygowanej><DaneFaKorygowanej><DataWystFaKorygowanej>2026-02-12</DataWystFaKorygowanej><NrFaKorygowanej>FV/2026/02/0021</NrFaKorygowanej><NrKSeFN>1</NrKSeFN></DaneFaKorygowanej>']));
    expect(doc.invoice['corrects_external_id']).toBeNull();
    expect(doc.invoice['notes']).toBe('Zwrot 1 biurka uszkodzonego w transporcie; corrects 2 invoices: FV/2026/02/0017 (2026-02-10), FV/2026/02/0021 (2026-02-12)');
  });

  it.each([
    ['100.00', '81.30'], // 81.3008… rounds down
    ['-100.00', '-81.30'],
    ['0.65', '0.53'], // 0.52845… rounds up
  ])('derives the net of a gross-price row without P_11Vat: %s at 23 percent → %s', (gross, net) => {
    const doc = parse(variant('ksef-fa2-purchase.xml', ['<P_11A>246.00</P_11A>', `<P_11A>${gross}</P_11A>`]));
    expect(doc.lines[0]!['net']).toBe(net);
  });

  it.each([
    ['4', '500.00', null, '2000.00'],
    ['1.250', '64.00', null, '80.00'],
    ['3', '33.333', null, '100.00'], // 99.999 rounds half away from zero
    ['4', '500.00', '150.00', '1850.00'], // P_10: a discount not in the unit price
  ])('derives the net of a row without P_11 from P_8B %s × P_9A %s less P_10 %s → %s', (qty, price, discount, net) => {
    const doc = parse(variant('ksef-fa3-vat.xml',
      ['<P_8B>4</P_8B>', `<P_8B>${qty}</P_8B>`],
      ['<P_9A>500.00</P_9A>', `<P_9A>${price}</P_9A>${discount ? `<P_10>${discount}</P_10>` : ''}`],
      ['<P_11>2000.00</P_11>', '']));
    expect(doc.lines[0]!['net']).toBe(net);
  });

  it('leaves the net of a row without any value null', () => {
    const doc = parse(variant('ksef-fa3-vat.xml', ['<P_9A>500.00</P_9A>', ''], ['<P_11>2000.00</P_11>', '']));
    expect(doc.lines[0]!['net']).toBeNull();
  });

  it.each([
    ['0 KR', '0.00'], ['0 WDT', '0.00'], ['0 EX', '0.00'], ['oo', '0.00'], ['np I', '0.00'], ['np II', '0.00'], ['5', '5.00'],
  ])('reads P_12 "%s" as the rate %s', (p12, rate) => {
    expect(parse(variant('ksef-fa3-vat.xml', ['<P_12>23</P_12>', `<P_12>${p12}</P_12>`])).lines[0]!['tax_rate']).toBe(rate);
  });

  it('reads an OSS row from P_12_XII', () => {
    expect(parse(variant('ksef-fa3-vat.xml', ['<P_12>23</P_12>', '<P_12_XII>19</P_12_XII>'])).lines[0]!['tax_rate']).toBe('19.00');
  });

  it('accepts "FA(3)" without the space some generators write', () => {
    expect(parseKsef(variant('ksef-fa3-vat.xml', ['kodSystemowy="FA (3)"', 'kodSystemowy="FA(3)"']), 'x.xml', OWN).version).toBe('FA (3)');
  });

  it('takes a non-EU tax id as written with its country beside it', () => {
    const doc = parse(variant('ksef-fa2-vat-eu.xml', ['<KodUE>DE</KodUE>\n      <NrVatUE>123456788</NrVatUE>', '<KodKraju>CH</KodKraju><NrID>CHE-123.456.789</NrID>']));
    expect([doc.account['tax_id'], doc.account['tax_id_country']]).toEqual(['CHE123456789', 'CH']);
  });

  it('gives a buyer without tax id (BrakID) no tax id, so it resolves by e-mail', () => {
    const doc = parse(variant('ksef-fa3-vat.xml', ['<NIP>1234563218</NIP>', '<BrakID>1</BrakID>']));
    expect([doc.invoice['account_tax_id'], doc.invoice['account_email']]).toEqual([null, 'zakupy@nowak-bud.pl']);
  });
});
