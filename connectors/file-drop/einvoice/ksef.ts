/**
 * KSeF structured invoices (Polish National e-Invoice System), logical structures FA(2) (used
 * until 2026-01-31) and FA(3) (the only one accepted from 2026-02-01). Both share the element
 * names read here; they differ in namespace, in Podmiot2's JST/GV flags and in the P_12 rate
 * codes ("0"/"np" in FA(2), "0 KR"/"0 WDT"/"0 EX"/"np I"/"np II" in FA(3)).
 * Field mapping, corrections and advance invoices: README.md.
 */
import { EInvoiceError } from './errors';
import { formatRate, multiplyDecimals, negateDecimal, parseDecimalText, roundDecimal, signOf, type Decimal } from './decimal';
import {
  accountRecord,
  compactId,
  dateOf,
  decimalAt,
  decimalOf,
  decimalText,
  earliest,
  invalid,
  invoiceExternalId,
  isOwn,
  ownIdSet,
  requiredDecimal,
  requiredText,
  sumDecimals,
  vatPrefixCountry,
  type Party,
  type Place,
} from './read-helpers';
import type { EInvoiceDocument, EInvoiceParseOptions, EInvoiceParseResult, RawRecord } from './types';
import { child, children, textAt, type XmlElement } from './xml-tree';

export const KSEF_NAMESPACES = {
  'FA (2)': 'http://crd.gov.pl/wzor/2023/06/29/12648/',
  'FA (3)': 'http://crd.gov.pl/wzor/2025/06/25/13775/',
} as const;
type KsefVersion = keyof typeof KSEF_NAMESPACES;

type Kind = 'invoice' | 'credit_note' | 'deposit';
const KINDS: Readonly<Record<string, (grossSign: number) => Kind>> = {
  VAT: () => 'invoice',
  UPR: () => 'invoice', // simplified invoice (up to 450 PLN)
  ROZ: () => 'invoice', // final invoice after advances: its totals are what remains to be paid
  ZAL: () => 'deposit',
  // Corrections carry differences: one that lowers the amount is a credit note, one that raises
  // it is an additional invoice (or deposit) of the difference.
  KOR: (s) => (s > 0 ? 'invoice' : 'credit_note'),
  KOR_ROZ: (s) => (s > 0 ? 'invoice' : 'credit_note'),
  KOR_ZAL: (s) => (s > 0 ? 'deposit' : 'credit_note'),
};

// Net per rate/procedure: P_13_1 … P_13_11 with P_13_6_1..3. Tax: P_14_1 … P_14_5; the P_14_xW
// fields repeat the tax converted to PLN for foreign-currency invoices and are not added.
const NET_FIELD = /^P_13_\d+(?:_\d+)?$/;
const TAX_FIELD = /^P_14_\d+$/;

export function readKsef(root: XmlElement, file: string, opts: EInvoiceParseOptions): EInvoiceParseResult {
  const version = checkVersion(root, file);
  const place: Place = { file, where: 'Faktura' };
  const sellerEl = child(root, 'Podmiot1');
  const buyerEl = child(root, 'Podmiot2');
  const fa = child(root, 'Fa');
  if (!sellerEl) throw invalid(place, 'Podmiot1 is missing');
  if (!buyerEl) throw invalid(place, 'Podmiot2 is missing');
  if (!fa) throw invalid(place, 'Fa is missing');
  const sellerKey = `PL${compactId(requiredText(place, sellerEl, ['DaneIdentyfikacyjne', 'NIP']))}`;
  const seller = party(sellerEl);
  const buyer = party(buyerEl);
  const direction = isOwn(buyer, ownIdSet(opts.ownTaxIds)) ? 'purchase' : 'sale';
  const counterpart = direction === 'sale' ? buyer : seller;
  return { format: 'ksef', version, documents: [readFa(fa, { file, where: 'Fa' }, sellerKey, counterpart, direction)] };
}

function checkVersion(root: XmlElement, file: string): KsefVersion {
  const raw = child(root, 'Naglowek', 'KodFormularza')?.attrs['kodSystemowy']?.trim() ?? '';
  // The schema fixes "FA (3)"; generators sometimes drop the space.
  const code = raw.replace(/^FA\s*\((\d+)\)$/, 'FA ($1)');
  const named = `${raw ? `kodSystemowy "${raw}"` : 'without Naglowek/KodFormularza/@kodSystemowy'}${root.namespace ? ` (namespace ${root.namespace})` : ''}`;
  if (!(code in KSEF_NAMESPACES)) {
    throw new EInvoiceError('unsupported_version', file, `unsupported KSeF version ${named}; crmhub reads FA (2) and FA (3)`, raw || root.namespace);
  }
  const expected = KSEF_NAMESPACES[code as KsefVersion];
  if (root.namespace !== '' && root.namespace !== expected) {
    throw new EInvoiceError('unsupported_version', file, `unsupported KSeF version ${named}: ${code} is published in namespace ${expected}`, raw);
  }
  return code as KsefVersion;
}

function party(el: XmlElement): Party {
  const ids = child(el, 'DaneIdentyfikacyjne');
  const nip = textAt(ids, 'NIP');
  const kodUE = textAt(ids, 'KodUE')?.toUpperCase() ?? null;
  const vatUE = textAt(ids, 'NrVatUE');
  const kodKraju = textAt(ids, 'KodKraju')?.toUpperCase() ?? null;
  const nrId = textAt(ids, 'NrID');

  let taxId: string | null = null;
  let taxIdCountry: string | null = null;
  const idKeys: string[] = [];
  if (nip) {
    taxId = `PL${compactId(nip)}`;
    taxIdCountry = 'PL';
    idKeys.push(taxId, compactId(nip));
  } else if (kodUE && vatUE) {
    taxId = kodUE + compactId(vatUE);
    taxIdCountry = vatPrefixCountry(kodUE);
    idKeys.push(taxId, compactId(vatUE));
  } else if (nrId) {
    // A non-EU tax id: kept as written, its country beside it.
    taxId = compactId(nrId);
    taxIdCountry = kodKraju;
    idKeys.push(taxId, ...(kodKraju ? [kodKraju + taxId] : []));
  }
  const contact = child(el, 'DaneKontaktowe');
  return {
    name: textAt(ids, 'Nazwa'),
    taxId,
    taxIdCountry,
    idKeys,
    ...address(child(el, 'Adres')),
    email: textAt(contact, 'Email'),
    phone: textAt(contact, 'Telefon'),
  };
}

// "00-950 Warszawa", "10115 Berlin", "1010 Wien", "110 00 Praha": a postcode then the town.
const POSTCODE_CITY = /^(\d{2}-\d{3}|\d{3} \d{2}|\d{4,5})\s+(\D.*)$/;

/**
 * TAdres has two free lines (AdresL1, AdresL2), not a structured address. The usual split is
 * street on L1 and "postcode town" on L2; when L2 does not look like that it stays street2, and
 * when there is no L2, a "…, 00-950 Warszawa" tail of L1 is split off.
 */
function address(adres: XmlElement | undefined) {
  const l1 = textAt(adres, 'AdresL1');
  const l2 = textAt(adres, 'AdresL2');
  let street1 = l1;
  let street2: string | null = null;
  let postcode: string | null = null;
  let city: string | null = null;
  const m2 = l2 ? POSTCODE_CITY.exec(l2) : null;
  if (m2) [postcode, city] = [m2[1]!, m2[2]!.trim()];
  else if (l2) street2 = l2;
  else if (l1) {
    const tail = /^(.*?),\s*(\d{2}-\d{3}|\d{3} \d{2}|\d{4,5})\s+(\D.*)$/.exec(l1);
    if (tail) [street1, postcode, city] = [tail[1]!.trim(), tail[2]!, tail[3]!.trim()];
  }
  return { street1, street2, postcode, city, region: null, countryCode: textAt(adres, 'KodKraju')?.toUpperCase() ?? null };
}

function readFa(fa: XmlElement, place: Place, sellerKey: string, counterpart: Party, direction: 'sale' | 'purchase'): EInvoiceDocument {
  const number = requiredText(place, fa, ['P_2']);
  const issueDate = dateOf(place, requiredText(place, fa, ['P_1']), 'P_1')!;
  const currency = requiredText(place, fa, ['KodWaluty']).toUpperCase();
  const rodzaj = requiredText(place, fa, ['RodzajFaktury']);
  const at: Place = { file: place.file, where: `${place.where} (${rodzaj} ${number})` };
  const kindOf = KINDS[rodzaj];
  if (!kindOf) throw invalid(at, `RodzajFaktury "${rodzaj}" is not one of ${Object.keys(KINDS).join(', ')}`);
  const externalId = invoiceExternalId(sellerKey, number, issueDate);

  // Amounts as the document states them: for corrections the schema defines P_13/P_14/P_15 as the
  // differences, already signed.
  const sumOf = (field: RegExp) =>
    sumDecimals(fa.children.filter((c) => field.test(c.name)).map((c) => decimalOf(at, c.text.trim(), c.name)));
  const net = sumOf(NET_FIELD);
  const tax = sumOf(TAX_FIELD);
  const gross = requiredDecimal(at, fa, ['P_15']);

  const corrected = children(fa, 'DaneFaKorygowanej').map((d) => ({
    number: requiredText(at, d, ['NrFaKorygowanej']),
    date: dateOf(at, requiredText(at, d, ['DataWystFaKorygowanej']), 'DataWystFaKorygowanej')!,
  }));
  const notes = [
    textAt(fa, 'PrzyczynaKorekty'),
    corrected.length > 1 ? `corrects ${corrected.length} invoices: ${corrected.map((c) => `${c.number} (${c.date})`).join(', ')}` : null,
  ].filter(Boolean);

  const dueDates = children(child(fa, 'Platnosc'), 'TerminPlatnosci')
    .map((t) => dateOf(at, textAt(t, 'Termin'), 'TerminPlatnosci/Termin'))
    .filter((d): d is string => d !== null);

  const invoice: RawRecord = {
    external_id: externalId,
    number,
    kind: kindOf(signOf(gross)),
    status: 'posted',
    issue_date: issueDate,
    due_date: earliest(dueDates),
    currency,
    total_net: decimalText(net),
    total_tax: decimalText(tax),
    total_gross: decimalText(gross),
    account_external_id: null,
    account_tax_id: counterpart.taxId,
    account_tax_id_country: counterpart.taxIdCountry,
    account_email: counterpart.email,
    corrects_external_id: corrected.length === 1 ? invoiceExternalId(sellerKey, corrected[0]!.number, corrected[0]!.date) : null,
    notes: notes.length ? notes.join('; ') : null,
  };

  // Advance invoices list the ordered goods under Zamowienie/ZamowienieWiersz at full order
  // value, not the advance: only FaWiersz rows (what this document invoices) become lines.
  const rows = children(fa, 'FaWiersz');
  const numbers = rows.map((r) => textAt(r, 'NrWierszaFa'));
  const unique = numbers.every((n) => n !== null && /^[1-9]\d*$/.test(n)) && new Set(numbers).size === numbers.length;
  const lines = rows.map((r, i): RawRecord => {
    const rate = rateOf(at, r);
    let lineNet = lineNetOf(at, r, rate);
    // A correction that shows rows "before" (StanPrzed = 1) and "after" nets to the difference
    // when the before rows are negated, matching the document's P_13/P_15 differences.
    if (lineNet && textAt(r, 'StanPrzed') === '1') lineNet = negateDecimal(lineNet);
    return {
      invoice_external_id: externalId,
      line_no: unique ? numbers[i]! : String(i + 1),
      product_code: textAt(r, 'Indeks') ?? textAt(r, 'GTIN'),
      product_family: null,
      description: textAt(r, 'P_7'),
      quantity: decimalText(decimalAt(at, r, ['P_8B'])),
      net: decimalText(lineNet),
      tax_rate: rate ? formatRate(rate) : null,
      currency,
    };
  });

  return { direction, account: accountRecord(counterpart), invoice, lines };
}

/**
 * P_12 as a percentage. "0 KR", "0 WDT", "0 EX" (FA(3)), "0" (FA(2)) are 0 %; exempt (zw),
 * reverse charge (oo) and out of scope (np, np I, np II) carry no Polish VAT either and are 0 %
 * too, as FatturaPA writes exempt lines (AliquotaIVA 0.00 with a Natura code). An OSS line gives
 * its foreign rate in P_12_XII.
 */
function rateOf(at: Place, row: XmlElement): Decimal | null {
  const p12 = textAt(row, 'P_12');
  if (p12 === null) return decimalAt(at, row, ['P_12_XII']);
  const numeric = parseDecimalText(p12);
  if (numeric) return numeric;
  if (/^(?:0 (?:KR|WDT|EX)|zw|oo|np(?: I| II)?)$/.test(p12)) return { units: 0n, scale: 0 };
  throw invalid(at, `FaWiersz ${textAt(row, 'NrWierszaFa') ?? '?'}: P_12 "${p12}" is not a KSeF tax rate`);
}

/**
 * Net value of a row: P_11. Invoices computed from gross prices (art. 106e ust. 7–8) may give only
 * the gross P_11A: net = P_11A − P_11Vat when the tax is there, else P_11A × 100 / (100 + rate).
 * A row with neither gives quantity × unit net price (P_8B × P_9A) less its discount P_10. Derived
 * values are rounded half away from zero to 2 decimals; a row with none of these has no net.
 */
function lineNetOf(at: Place, row: XmlElement, rate: Decimal | null): Decimal | null {
  const net = decimalAt(at, row, ['P_11']);
  if (net) return net;
  const gross = decimalAt(at, row, ['P_11A']);
  if (gross) {
    const vat = decimalAt(at, row, ['P_11Vat']);
    if (vat) return sumDecimals([gross, negateDecimal(vat)]);
    if (!rate || rate.units === 0n) return gross;
    return netFromGross(gross, rate);
  }
  const quantity = decimalAt(at, row, ['P_8B']);
  const unitNet = decimalAt(at, row, ['P_9A']);
  if (!quantity || !unitNet) return null;
  const discount = decimalAt(at, row, ['P_10']);
  const value = roundDecimal(multiplyDecimals(quantity, unitNet), 2);
  return discount ? sumDecimals([value, negateDecimal(discount)]) : value;
}

function netFromGross(gross: Decimal, rate: Decimal): Decimal {
  // cents = gross × 100 × 10^rs × 100 / ((100 × 10^rs + rateUnits) × 10^gs), all integers.
  const rs = 10n ** BigInt(rate.scale);
  const num = gross.units * 100n * rs * 100n;
  const den = (100n * rs + rate.units) * 10n ** BigInt(gross.scale);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = abs / den;
  const rounded = (abs % den) * 2n >= den ? q + 1n : q;
  return { units: negative ? -rounded : rounded, scale: 2 };
}
