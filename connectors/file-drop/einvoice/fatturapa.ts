/**
 * FatturaPA 1.2.x (schema 1.2.2, specification 1.3.x): ordinary invoices to businesses (FPR12)
 * and to public administrations (FPA12). One file = one header (seller, buyer) and one or more
 * bodies, each its own invoice. Field mapping and sign rules: README.md.
 */
import { EInvoiceError } from './errors';
import { formatRate, negateDecimal, signOf, type Decimal } from './decimal';
import {
  accountRecord,
  compactId,
  dateOf,
  decimalAt,
  decimalText,
  earliest,
  invalid,
  invoiceExternalId,
  isOwn,
  ownIdSet,
  requiredDecimal,
  requiredText,
  sumDecimals,
  type Party,
  vatPrefixCountry,
  type Place,
} from './read-helpers';
import type { EInvoiceDocument, EInvoiceParseOptions, EInvoiceParseResult, RawRecord } from './types';
import { child, children, textAt, type XmlElement } from './xml-tree';

export const FATTURAPA_NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';
const VERSIONS = ['FPA12', 'FPR12'] as const;
type FatturaPAVersion = (typeof VERSIONS)[number];

/** TipoDocumento → kind. TD04 nota di credito; TD02/TD03 acconto/anticipo su fattura/parcella. */
function kindOf(tipo: string): 'invoice' | 'credit_note' | 'deposit' {
  if (tipo === 'TD04') return 'credit_note';
  if (tipo === 'TD02' || tipo === 'TD03') return 'deposit';
  return 'invoice';
}
/** Documents that correct the invoice they cite in DatiFattureCollegate (credit and debit notes). */
const CORRECTIONS = new Set(['TD04', 'TD05']);

export function readFatturaPA(root: XmlElement, file: string, opts: EInvoiceParseOptions): EInvoiceParseResult {
  const version = checkVersion(root, file);
  const place: Place = { file, where: 'FatturaElettronicaHeader' };
  const header = child(root, 'FatturaElettronicaHeader');
  if (!header) throw invalid(place, 'the element is missing');
  const sellerEl = child(header, 'CedentePrestatore');
  const buyerEl = child(header, 'CessionarioCommittente');
  if (!sellerEl) throw invalid(place, 'CedentePrestatore is missing');
  if (!buyerEl) throw invalid(place, 'CessionarioCommittente is missing');
  const seller = party(sellerEl);
  const buyer = party(buyerEl);
  const sellerId = child(sellerEl, 'DatiAnagrafici', 'IdFiscaleIVA');
  const sellerKey = compactId(
    requiredText(place, sellerId, ['IdPaese']) + requiredText(place, sellerId, ['IdCodice']),
  );

  const direction = isOwn(buyer, ownIdSet(opts.ownTaxIds)) ? 'purchase' : 'sale';
  const counterpart = direction === 'sale' ? buyer : seller;
  const bodies = children(root, 'FatturaElettronicaBody');
  if (bodies.length === 0) throw invalid(place, 'the file has no FatturaElettronicaBody');
  const documents = bodies.map((body, i) =>
    readBody(body, { file, where: bodies.length > 1 ? `body ${i + 1}` : 'FatturaElettronicaBody' }, sellerKey, counterpart, direction),
  );
  return { format: 'fatturapa', version, documents };
}

function checkVersion(root: XmlElement, file: string): FatturaPAVersion {
  const versione = root.attrs['versione']?.trim() ?? '';
  const named = `${versione ? `"${versione}"` : 'without a versione attribute'}${root.namespace ? ` (namespace ${root.namespace})` : ''}`;
  if (root.name === 'FatturaElettronicaSemplificata') {
    throw new EInvoiceError('unsupported_version', file, `unsupported FatturaPA version: simplified invoice (FatturaElettronicaSemplificata) ${named}; crmhub reads ordinary FatturaPA 1.2.x (FPA12, FPR12)`, versione || root.namespace);
  }
  // A file with no namespace at all is read (some generators omit it); a different namespace is
  // another schema (1.0, 1.1), whatever its versione says.
  const known = (VERSIONS as readonly string[]).includes(versione);
  if (!known || (root.namespace !== '' && root.namespace !== FATTURAPA_NAMESPACE)) {
    throw new EInvoiceError('unsupported_version', file, `unsupported FatturaPA version ${named}; crmhub reads FatturaPA 1.2.x (FPA12, FPR12)`, versione || root.namespace);
  }
  return versione as FatturaPAVersion;
}

// Placeholder ids that software writes for foreign private customers: all nines or zeros,
// optionally after "OO". Keeping them would merge every such customer into one account.
const PLACEHOLDER_ID = /^(?:OO)?(?:9+|0+)$/;
// CAP is mandatory and five digits, so foreign addresses carry a dummy one.
const DUMMY_CAP = /^(?:0{5}|9{5})$/;

function party(el: XmlElement): Party {
  const da = child(el, 'DatiAnagrafici');
  const idPaese = textAt(da, 'IdFiscaleIVA', 'IdPaese')?.toUpperCase() ?? null;
  const idCodiceRaw = textAt(da, 'IdFiscaleIVA', 'IdCodice');
  const idCodice = idCodiceRaw && !PLACEHOLDER_ID.test(compactId(idCodiceRaw)) ? compactId(idCodiceRaw) : null;
  const cfRaw = textAt(da, 'CodiceFiscale');
  const cf = cfRaw && !PLACEHOLDER_ID.test(compactId(cfRaw)) ? compactId(cfRaw) : null;

  const anagrafica = child(da, 'Anagrafica');
  const person = [textAt(anagrafica, 'Nome'), textAt(anagrafica, 'Cognome')].filter(Boolean).join(' ');
  const sede = child(el, 'Sede');
  const nazione = textAt(sede, 'Nazione')?.toUpperCase() ?? null;
  const street = [textAt(sede, 'Indirizzo'), textAt(sede, 'NumeroCivico')].filter(Boolean).join(' ');
  const cap = textAt(sede, 'CAP');
  const provincia = textAt(sede, 'Provincia');

  const idKeys: string[] = [];
  if (idPaese && idCodice) idKeys.push(idPaese + idCodice, idCodice);
  if (cf) idKeys.push(cf, `IT${cf}`);
  return {
    name: textAt(anagrafica, 'Denominazione') ?? (person || null),
    // The VAT number with its country prefix; a codice fiscale alone is Italian by definition.
    taxId: idPaese && idCodice ? idPaese + idCodice : cf,
    taxIdCountry: idPaese && idCodice ? vatPrefixCountry(idPaese) : cf ? 'IT' : null,
    idKeys,
    street1: street || null,
    street2: null,
    postcode: cap && !(nazione !== 'IT' && DUMMY_CAP.test(cap)) ? cap : null,
    city: textAt(sede, 'Comune'),
    // "EE" (estero) is what some software writes as the province of a foreign address.
    region: provincia && provincia.toUpperCase() !== 'EE' ? provincia : null,
    countryCode: nazione,
    // Only the seller has Contatti. PECDestinatario is not used as the buyer's e-mail: it is often
    // an intermediary's certified mailbox, and its domain (pec.it …) would mislead matching.
    email: textAt(el, 'Contatti', 'Email'),
    phone: textAt(el, 'Contatti', 'Telefono'),
  };
}

function readBody(body: XmlElement, place: Place, sellerKey: string, counterpart: Party, direction: 'sale' | 'purchase'): EInvoiceDocument {
  const dgd = child(body, 'DatiGenerali', 'DatiGeneraliDocumento');
  if (!dgd) throw invalid(place, 'DatiGenerali/DatiGeneraliDocumento is missing');
  const tipo = requiredText(place, dgd, ['TipoDocumento']);
  const number = requiredText(place, dgd, ['Numero']);
  const issueDate = dateOf(place, requiredText(place, dgd, ['Data']), 'Data')!;
  const currency = requiredText(place, dgd, ['Divisa']).toUpperCase();
  const at: Place = { file: place.file, where: `${place.where} (${tipo} ${number})` };
  const kind = kindOf(tipo);
  const externalId = invoiceExternalId(sellerKey, number, issueDate);

  const goods = child(body, 'DatiBeniServizi');
  const summaries = children(goods, 'DatiRiepilogo');
  if (summaries.length === 0) throw invalid(at, 'DatiBeniServizi/DatiRiepilogo is missing');
  const net = sumDecimals(summaries.map((s) => requiredDecimal(at, s, ['ImponibileImporto'])));
  const tax = sumDecimals(summaries.map((s) => requiredDecimal(at, s, ['Imposta'])));
  const rounding = decimalAt(at, dgd, ['Arrotondamento']);
  const gross = decimalAt(at, dgd, ['ImportoTotaleDocumento']) ?? sumDecimals([net, tax, ...(rounding ? [rounding] : [])]);

  // Credit notes are written with positive amounts; stored negative. A credit note already
  // written negative (some software does) keeps its sign, so it is never flipped back.
  const flip = kind === 'credit_note' && signOf(gross) >= 0;
  const signed = (d: Decimal | null): string | null => decimalText(d && flip ? negateDecimal(d) : d);

  const dueDates = children(body, 'DatiPagamento').flatMap((p) =>
    children(p, 'DettaglioPagamento').map((d) => dateOf(at, textAt(d, 'DataScadenzaPagamento'), 'DataScadenzaPagamento')),
  );
  const causale = children(dgd, 'Causale').map((c) => c.text.trim()).filter(Boolean);

  const invoice: RawRecord = {
    external_id: externalId,
    number,
    kind,
    status: 'posted',
    issue_date: issueDate,
    due_date: earliest(dueDates.filter((d): d is string => d !== null)),
    currency,
    total_net: signed(net),
    total_tax: signed(tax),
    total_gross: signed(gross),
    account_external_id: null,
    account_tax_id: counterpart.taxId,
    account_tax_id_country: counterpart.taxIdCountry,
    account_email: counterpart.email,
    corrects_external_id: CORRECTIONS.has(tipo) ? correctedId(at, child(body, 'DatiGenerali'), sellerKey) : null,
    notes: causale.length ? causale.join('\n') : null,
  };

  const detail = children(goods, 'DettaglioLinee');
  const numbers = detail.map((l) => textAt(l, 'NumeroLinea'));
  const lineNos = uniquePositive(numbers) ? (numbers as string[]) : detail.map((_, i) => String(i + 1));
  const lines = detail.map((l, i): RawRecord => ({
    invoice_external_id: externalId,
    line_no: lineNos[i]!,
    product_code: textAt(child(l, 'CodiceArticolo'), 'CodiceValore'),
    product_family: null,
    description: textAt(l, 'Descrizione'),
    quantity: decimalText(decimalAt(at, l, ['Quantita'])),
    net: signed(requiredDecimal(at, l, ['PrezzoTotale'])),
    tax_rate: formatRate(requiredDecimal(at, l, ['AliquotaIVA'])),
    currency,
  }));

  return { direction, account: accountRecord(counterpart), invoice, lines };
}

/** The one invoice a credit/debit note cites, when it cites exactly one with its date. */
function correctedId(at: Place, generali: XmlElement | undefined, sellerKey: string): string | null {
  const linked = children(generali, 'DatiFattureCollegate');
  if (linked.length !== 1) return null;
  const number = textAt(linked[0], 'IdDocumento');
  const date = dateOf(at, textAt(linked[0], 'Data'), 'DatiFattureCollegate/Data');
  return number && date ? invoiceExternalId(sellerKey, number, date) : null;
}

/** NumeroLinea is kept when it identifies lines; otherwise lines are numbered by position. */
function uniquePositive(numbers: readonly (string | null)[]): boolean {
  return numbers.every((n) => n !== null && /^[1-9]\d*$/.test(n)) && new Set(numbers).size === numbers.length;
}
