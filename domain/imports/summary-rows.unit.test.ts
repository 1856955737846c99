import { describe, expect, it } from 'vitest';
import type { Cell } from '../mapping';
import { getLocaleProfile } from '../normalize';
import { classifyLabel, isFooterText } from './summary-labels';
import { createSummaryRowDetector, type SummaryReason } from './summary-rows';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

interface Export {
  name: string;
  locale: string;
  headers: string[];
  /** Headers of the columns mapped to identifying fields. */
  identity: string[];
  rows: Cell[][];
  /** Summary rows: [1-based data row, reason]; every other row is data. */
  summaries: [number, SummaryReason][];
}

/** Runs a detector over the rows, as the importer will: once per file, every row in order. */
function detect(e: Pick<Export, 'locale' | 'headers' | 'identity' | 'rows'>) {
  const detector = createSummaryRowDetector({
    headers: e.headers,
    profile: getLocaleProfile(e.locale),
    identityColumns: e.identity.map((header) => e.headers.indexOf(header)),
  });
  return e.rows.map((cells, i) => ({ row: i + 1, check: detector.check(cells) }));
}

const EXPORTS: Export[] = [
  {
    name: 'es: A3 clientes, "TOTAL:" under the customer code, a company called Total S.A.',
    locale: 'es',
    headers: ['Código', 'Razón social', 'NIF', 'Población', 'Importe facturado', 'Nº pedidos'],
    identity: ['Código', 'NIF'],
    rows: [
      ['C001', 'Muñoz y Peña S.L.', 'B12345674', 'Málaga', '1.234,56', '3'],
      ['C002', 'Total S.A.', 'A28000000', 'Madrid', '10.000,00', '1'],
      ['C003', 'TOTAL', 'B87654321', 'Sevilla', '500,00', '2'], // a customer whose name is just "TOTAL": it has a code and a NIF
      ['C004', 'Talleres Núñez', '', 'Cádiz', '265,44', '4'],
      ['TOTAL:', '', '', '', '12.000,00', '10'],
    ],
    summaries: [[5, 'total']],
  },
  {
    name: 'it: anagrafica clienti, "Totale generale" with a currency cell',
    locale: 'it',
    headers: ['Cod.', 'Ragione sociale', 'Partita IVA', 'Valuta', 'Fatturato'],
    identity: ['Cod.', 'Partita IVA'],
    rows: [
      ['1001', 'Rossi S.r.l.', '01234567897', 'EUR', '12.345,67'],
      ['1002', 'Bianchi & C. S.n.c.', '', 'EUR', '2.000'],
      ['', 'Totale generale', '', 'EUR', '14.345,67'],
    ],
    summaries: [[3, 'total']],
  },
  {
    name: 'pl: kontrahenci with no-break-space thousands, "Razem:" then "Suma" (both strict labels)',
    locale: 'pl',
    headers: ['Symbol', 'Nazwa', 'NIP', 'Obrót'],
    identity: ['Symbol', 'NIP'],
    rows: [
      ['K1', 'Zakład Ślusarski Sp. z o.o.', '5260250274', `1${NBSP}234,56`],
      ['K2', 'Hurtownia Łódź', '', `98${NBSP}765,44`],
      ['Razem:', '', '', `100${NBSP}000,00`],
      ['', 'Suma', '', '100 000,00'],
    ],
    summaries: [[3, 'total'], [4, 'total']],
  },
  {
    name: 'ru: 1С контрагенты, "Итого:" and "Всего" with spaces for thousands',
    locale: 'ru',
    headers: ['Код', 'Наименование', 'ИНН', 'Сумма'],
    identity: ['Код', 'ИНН'],
    rows: [
      ['000001', 'ООО Ромашка', '7707083893', `1${NBSP}500${NBSP}000,50`],
      ['000002', 'ИП Иванов', '', '250 000'],
      ['', 'Итого:', '', `1${NBSP}750${NBSP}000,50`],
      ['Всего', '', '', ''],
    ],
    summaries: [[3, 'total'], [4, 'total']],
  },
  {
    name: 'de: Kunden, "Zwischensumme" and "Gesamtsumme"',
    locale: 'de',
    headers: ['Kundennummer', 'Firma', 'USt-IdNr.', 'Umsatz'],
    identity: ['Kundennummer', 'USt-IdNr.'],
    rows: [
      ['10001', 'Müller GmbH', 'DE136695976', '1.000,00'],
      ['10002', 'Schmidt KG', '', '2.500,50'],
      ['', 'Zwischensumme', '', '3.500,50'],
      ['10003', 'Gesamt Logistik GmbH', 'DE811569869', '99,00'], // a company named "Gesamt…" with an id
      ['', 'Gesamtsumme', '', '3.599,50'],
    ],
    summaries: [[3, 'total'], [5, 'total']],
  },
  {
    name: 'es: subtotals per zone (labelled by zone, and one without a label), then a grand total',
    locale: 'es',
    headers: ['Código', 'Cliente', 'Zona', 'Ventas', 'Unidades'],
    identity: ['Código'],
    rows: [
      ['C1', 'Ferretería Sol', 'Norte', '1.000,10', '10'],
      ['C2', 'Bricolaje Luna', 'Norte', '2.000,20', '5'],
      ['', 'Subtotal Norte', '', '3.000,30', '15'], // "Norte" is not a known qualifier: a total because the numbers are the sums
      ['C3', 'Almacenes Mar', 'Sur', '500', '1'],
      ['C4', 'Pinturas Río', 'Sur', '499,70', '2'],
      ['', '', '', '999,70', '3'], // a subtotal without text: sums since the previous summary row
      ['C5', 'Total Norte Distribuciones', 'Norte', '10', '1'], // a name with a total word, numbers not sums
      ['', 'Total general', '', '4.010,00', '19'],
      ['', '', '', '4.010', '19'], // the grand total again, without text: sums since the start
    ],
    summaries: [[3, 'total'], [6, 'sums'], [8, 'total'], [9, 'sums']],
  },
  {
    name: 'pivot table: subtotal label after the item ("Norte Total"), grand total "Total general"',
    locale: 'es',
    headers: ['Zona', 'Cliente', 'Importe'],
    identity: [],
    rows: [['Norte', 'Sol SL', '10'], ['Norte', 'Luna SL', '20'], ['Norte Total', '', '30'], ['Sur', 'Mar SL', '5'], ['Sur Total', '', '5'], ['Total general', '', '35']],
    summaries: [[3, 'total'], [5, 'total'], [6, 'total']],
  },
  {
    name: 'numeric customer codes are identities: never summed, and a row with one is a record',
    locale: 'es',
    headers: ['Nº cliente', 'Nombre', 'Saldo'],
    identity: ['Nº cliente'],
    rows: [
      ['1001', 'Uno SL', '10'],
      ['2002', 'Dos SL', '20'],
      ['3003', 'Tres SL', '30'],
      ['6006', '', '60'], // 1001+2002+3003 = 6006, but the code column is not an amount: a record (without name)
      ['', '', '120'], // the balances, including row 4: sums
    ],
    summaries: [[5, 'sums']],
  },
  {
    name: 'a single data row is a record; a file whose only row is a total is a total',
    locale: 'es',
    headers: ['Código', 'Nombre', 'Importe'],
    identity: ['Código'],
    rows: [['C1', 'Único SL', '100']],
    summaries: [],
  },
  { name: 'only a total row', locale: 'es', headers: ['Código', 'Nombre', 'Importe'], identity: ['Código'], rows: [['', 'TOTAL', '0,00']], summaries: [[1, 'total']] },
  {
    name: 'thousands per locale: en-US, de-CH, fr (narrow no-break space), percentages',
    locale: 'en-US',
    headers: ['ID', 'Company', 'Revenue', 'Share'],
    identity: ['ID'],
    rows: [['1', 'Acme Inc.', '1,234.50', '61.7%'], ['2', 'Globex LLC', '765.50', '38.3 %'], ['', 'Grand Total', '2,000.00', '100%']],
    summaries: [[3, 'total']],
  },
  {
    name: "de-CH apostrophes, a textless total",
    locale: 'de-CH',
    headers: ['Nr', 'Firma', 'Umsatz'],
    identity: ['Nr'],
    rows: [['1', 'Alpen AG', "1'000.25"], ['2', 'Berg GmbH', "2'000.25"], ['', '', "3'000.50"]],
    summaries: [[3, 'sums']],
  },
  {
    name: 'fr: narrow no-break spaces, "Total général"',
    locale: 'fr',
    headers: ['Code client', 'Raison sociale', 'CA'],
    identity: ['Code client'],
    rows: [['F1', 'Dupont SARL', `12${NNBSP}000,10`], ['F2', 'Martin SAS', '900'], ['', '', `12${NNBSP}900,10`], ['Total général', '', `12${NNBSP}900,10`]],
    summaries: [[3, 'sums'], [4, 'total']],
  },
  {
    name: 'rounding: three-decimal amounts, total printed with two; XLSX floats',
    locale: 'en-GB',
    headers: ['Code', 'Name', 'Amount', 'Float'],
    identity: ['Code'],
    rows: [['A', 'One Ltd', '0.105', 0.1], ['B', 'Two Ltd', '0.200', 0.2], ['', '', '0.31', 0.30000000000000004], ['', '', '0.32', 0.3]],
    summaries: [[3, 'sums']], // row 4: 0.32 is not 0.305 rounded
  },
  {
    name: 'footers: page markers, "generated by", end of report; a page break does not end a subtotal',
    locale: 'es',
    headers: ['Código', 'Nombre', 'Importe'],
    identity: ['Código'],
    rows: [
      ['C1', 'Uno SL', '10'],
      ['Página 1 de 2', '', ''],
      ['C2', 'Dos SL', '20'],
      ['', '', '30'],
      ['', 'Generated by SAP Business One on 2026-01-01', ''],
      ['Informe generado el 01/01/2026 10:15', '', ''],
      ['*** FIN ***', '', ''],
      ['© 2026 Ferreterías Unidas', '', ''],
    ],
    summaries: [[2, 'footer'], [4, 'sums'], [5, 'footer'], [6, 'footer'], [7, 'footer'], [8, 'footer']],
  },
  {
    name: 'a list of company names only: nothing is a footer or a total',
    locale: 'en-GB',
    headers: ['Company'],
    identity: [],
    rows: [['Data Services 2000'], ['Printed Circuits 2000'], ['Generated Power S.L.'], ['Page Group plc'], ['Total Energies S.A.'], ['Fine Foods Ltd'], ['Summit Partners'], ['Ende GmbH']],
    summaries: [],
  },
  {
    name: 'a long export (text columns stop being parsed): a label under the name column, a number in a text column',
    locale: 'es',
    headers: ['Código', 'Nombre', 'Ciudad', 'Fecha alta', 'Importe'],
    identity: ['Código'],
    rows: [
      ...Array.from({ length: 40 }, (_, i): Cell[] => [`C${i + 1}`, `Cliente ${i + 1} SL`, 'Madrid', '2024-01-15', `${i + 1},50`]),
      ['', '', '', '', '840,00'], // 1 + 2 + … + 40 = 820, plus 40 × 0,50
      ['', 'Total clientes', '', '', '840,00'],
      ['', '', '40', '', '840,00'], // a count under a text column: its sum is unknown, so not a sums row
    ],
    summaries: [[41, 'sums'], [42, 'total']],
  },
  {
    name: 'a total word with other text is a record ("Total" in a city column, a name beside it)',
    locale: 'es',
    headers: ['Código', 'Nombre', 'Población', 'Importe'],
    identity: ['Código'],
    rows: [['C1', 'Uno SL', 'Madrid', '10'], ['', 'Total', 'Madrid', '10'], ['', 'Media:', '', '10']],
    summaries: [[3, 'total']],
  },
];

describe('summary row detector over realistic exports', () => {
  it.each(EXPORTS.map((e) => [e.name, e] as const))('%s', (_, e) => {
    const found = detect(e).flatMap(({ row, check }) => (check.summary ? [[row, check.reason]] : []));
    expect(found).toEqual(e.summaries);
  });

  it('explains each decision, naming the cell and the sums', () => {
    const checks = detect(EXPORTS.find((e) => e.name.startsWith('es: subtotals'))!).map(({ check }) => (check.summary ? check.detail : null));
    expect(checks).toEqual([
      null,
      null,
      'total label "Subtotal Norte" in column 2 ("Cliente"), and its 2 numbers are the sums of their columns over the 2 data rows above (since the start)',
      null,
      null,
      'no text; its 2 numbers are the sums of their columns over the 2 data rows above (since the previous summary row)',
      null,
      'total label "Total general" in column 2 ("Cliente")',
      'no text; its 2 numbers are the sums of their columns over the 5 data rows above (since the start)',
    ]);
    const [, footer] = detect(EXPORTS.find((e) => e.name.startsWith('footers'))!);
    expect(footer!.check).toEqual({ summary: true, reason: 'footer', detail: 'footer line "Página 1 de 2" in column 1 ("Código")' });
  });

  it('sums exactly over many rows: 30,000 × 0,01 is 300,00, not 299,99999…', () => {
    const detector = createSummaryRowDetector({ headers: ['Código', 'Nombre', 'Importe'], profile: getLocaleProfile('es'), identityColumns: [0] });
    let summaries = 0;
    for (let i = 1; i <= 30_000; i++) if (detector.check([`C${i}`, `Cliente ${i}`, '0,01']).summary) summaries++;
    expect(summaries).toBe(0);
    expect(detector.check(['', '', '300,00'])).toMatchObject({ summary: true, reason: 'sums' });
    expect(detector.check(['', '', '300,01']).summary).toBe(false); // the next segment is empty; the grand total is still 300,00
  });

  it('sums beyond 2^53 units exactly (bigint)', () => {
    const detector = createSummaryRowDetector({ headers: ['Nombre', 'Importe'], profile: getLocaleProfile('es'), identityColumns: [] });
    detector.check(['Uno SL', '9007199254740,99']);
    detector.check(['Dos SL', '0,02']);
    expect(detector.check(['', '9007199254741,01'])).toMatchObject({ summary: true, reason: 'sums' });
  });
});

describe('numbers as the locale writes them', () => {
  // A row of one number after one data row is a sums row exactly when the two read as the same number.
  const sameNumber = (locale: string, data: string, total: string) => {
    const detector = createSummaryRowDetector({ headers: ['Nombre', 'Importe'], profile: getLocaleProfile(locale), identityColumns: [] });
    detector.check(['Uno SL', data]);
    return detector.check(['', total]).summary;
  };
  it.each<[string, string, string, boolean]>([
    ['es', '1.234', '1234', true], // grouping
    ['es', '0.123', '0,123', true], // a leading zero group is a decimal, as parseDecimal reads it
    ['es', '1.234,5', '1234,50', true],
    ['es', '1.234.567,891', '1234567,89', true], // printed with two decimals
    ['es', '1.234', '1,234', false],
    ['en-US', '1,234.5', '1234.50', true],
    ['en-US', '1,234', '1.234', false],
    ['pl', `12${NBSP}345,67`, '12 345,67', true],
    ['de-CH', "1'234.5", '1’234.50', true],
    ['es', '-1.000', '(1.000)', true],
    ['es', '1.000 €', '1000', true],
  ])('%s: %j then %j → %s', (locale, data, total, same) => {
    expect(sameNumber(locale, data, total)).toBe(same);
  });
});

describe('summary labels and footers', () => {
  it.each<[string, ReturnType<typeof classifyLabel>]>([
    ['Total', 'total'], ['TOTAL:', 'total'], ['Totale', 'total'], ['Totale generale', 'total'], ['Subtotal', 'total'], ['Subtotale', 'total'],
    ['Suma', 'total'], ['Razem', 'total'], ['Ogółem', 'total'], ['Итого', 'total'], ['Всего:', 'total'], ['Gesamt', 'total'], ['Summe', 'total'],
    ['Zwischensumme', 'total'], ['Total general', 'total'], ['Totals', 'total'], ['Grand total', 'total'], ['Sum', 'total'],
    ['Total clientes: 40', 'total'], ['Total por zona', 'total'], ['Итого по региону', 'total'], ['Suma końcowa', 'total'], ['Общий итог', 'total'],
    ['Total 2024', 'total'], ['TOTAL EUR', 'total'], ['Media', 'total'], ['Promedio:', 'total'],
    ['Norte Total', 'maybe_total'], ['Total Norte', 'maybe_total'], ['Total Logistics', 'maybe_total'],
    ['Total S.A.', null], ['TotalEnergies SE', null], ['Suma Sp. z o.o.', null], ['Summit', null], ['Totalmente Nuevo', null], ['Media Markt', null], ['', null],
  ])('%j → %s', (text, kind) => {
    expect(classifyLabel(text)).toBe(kind);
  });

  it.each<[string, boolean]>([
    ['Página 1 de 3', true], ['Page 2/3', true], ['Pagina 1 di 3', true], ['Strona 1 z 3', true], ['Страница 1 из 3', true], ['Seite 1 von 3', true],
    ['Generated by X on 2026-01-01', true], ['Generado por SAP', true], ['Wygenerowano: 2026-01-01', true], ['Сформировано 01.01.2026', true],
    ['Bericht erstellt am 01.01.2026', true], ['Impreso el 01/01/2026', true], ['Fecha: 01/01/2026', true], ['End of report', true], ['-- Fin --', true],
    ['Confidencial', true], ['-----', true],
    ['Printed Circuits 2000', false], ['Data Services 2000', false], ['Fecha Feliz', false], ['Fin', false], ['Generated Power S.L.', false], ['Page Group', false],
  ])('%j → %s', (text, footer) => {
    expect(isFooterText(text)).toBe(footer);
  });
});
