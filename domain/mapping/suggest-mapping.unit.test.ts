import { describe, expect, it } from 'vitest';
import type { TargetEntity } from '../canonical/fields';
import type { Cell } from './compile-mapping';
import { parseMapping } from './mapping-schema';
import { suggestMapping } from './suggest-mapping';
import { LookupIndex } from '../canonical/lookup-index';

/** [header, expected field or null] pairs, as an ERP writes its header row. */
type Row = [string, string | null][];

const ACCOUNT_EXPORTS: [string, Row][] = [
  ['es: A3/Sage clientes', [
    ['Código', 'external_id'], ['Razón social', 'name'], ['Nombre comercial', null], ['NIF/CIF', 'tax_id'], ['Dirección', 'street1'],
    ['C.P.', 'postcode'], ['Población', 'city'], ['Provincia', 'region'], ['País', 'country_code'], ['Teléfono', 'phone'], ['Móvil', 'mobile'],
    ['Fax', 'fax'], ['E-mail', 'email'], ['Web', 'website'], ['Tipo cliente', 'relationship_type'], ['Sector', 'industry'], ['Zona', 'zone'],
    ['Comercial', 'account_manager'], ['Observaciones', 'notes'], ['Fecha alta', null],
  ]],
  ['es: Holded contactos ("Nombre" is the company)', [
    ['Nombre', 'name'], ['NIF', 'tax_id'], ['Email', 'email'], ['Teléfono', 'phone'], ['Móvil', 'mobile'], ['Dirección', 'street1'],
    ['Población', 'city'], ['Código postal', 'postcode'], ['Provincia', 'region'], ['País', 'country_code'], ['Tags', null],
  ]],
  ['ca: Sage/A3 en català', [
    ['Codi', 'external_id'], ['Raó social', 'name'], ['NIF', 'tax_id'], ['Adreça', 'street1'], ['Codi postal', 'postcode'], ['Població', 'city'],
    ['Província', 'region'], ['País', 'country_code'], ['Telèfon', 'phone'], ['Mòbil', 'mobile'], ['Correu electrònic', 'email'],
    ['Lloc web', 'website'], ['Sector', 'industry'], ['Observacions', 'notes'],
  ]],
  ['it: Danea Easyfatt anagrafica clienti', [
    ['Cod.', 'external_id'], ['Denominazione', 'name'], ['Indirizzo', 'street1'], ['Cap', 'postcode'], ['Città', 'city'], ['Prov.', 'region'],
    ['Regione', null], ['Nazione', 'country_code'], ['Referente', null], ['Tel.', 'phone'], ['Cell', 'mobile'], ['Fax', 'fax'], ['e-mail', 'email'],
    ['Pec', null], ['Partita Iva', 'tax_id'], ['Codice fiscale', null], ['Pagamento', null], ['Note', 'notes'], ['Tipologia', 'relationship_type'],
    ['Agente', 'account_manager'],
  ]],
  ['it: TeamSystem', [
    ['Codice cliente', 'external_id'], ['Ragione sociale', 'name'], ['Partita IVA', 'tax_id'], ['Codice fiscale', null], ['Indirizzo', 'street1'],
    ['CAP', 'postcode'], ['Comune', 'city'], ['Provincia', 'region'], ['Telefono', 'phone'], ['Email', 'email'], ['Settore', 'industry'],
    ['Zona', 'zone'], ['Agente', 'account_manager'],
  ]],
  ['pl: Subiekt GT kontrahenci', [
    ['Symbol', 'external_id'], ['Nazwa', null], ['Nazwa pełna', 'name'], ['NIP', 'tax_id'], ['REGON', null], ['Ulica', 'street1'],
    ['Kod pocztowy', 'postcode'], ['Miejscowość', 'city'], ['Województwo', 'region'], ['Kraj', 'country_code'], ['Telefon', 'phone'],
    ['E-mail', 'email'], ['Strona WWW', 'website'], ['Grupa', 'category'], ['Uwagi', 'notes'], ['Handlowiec', 'account_manager'],
  ]],
  ['pl: Comarch Optima', [
    ['Kod', 'external_id'], ['Nazwa', 'name'], ['NIP', 'tax_id'], ['Ulica', 'street1'], ['Nr domu', null], ['Miasto', 'city'],
    ['Kod pocztowy', 'postcode'], ['Województwo', 'region'], ['Telefon', 'phone'], ['Email', 'email'], ['Branża', 'industry'], ['Strefa', 'zone'],
  ]],
  ['ru: 1С контрагенты', [
    ['Код', 'external_id'], ['Наименование', null], ['Полное наименование', 'name'], ['ИНН', 'tax_id'], ['КПП', null],
    ['Юридический адрес', null], ['Фактический адрес', 'street1'], ['Город', 'city'], ['Индекс', 'postcode'], ['Область', 'region'],
    ['Телефон', 'phone'], ['Эл. почта', 'email'], ['Основной менеджер', 'account_manager'], ['Комментарий', 'notes'], ['Отрасль', 'industry'],
    ['Регион продаж', 'zone'],
  ]],
  ['en: CRM export', [
    ['Customer ID', 'external_id'], ['Company Name', 'name'], ['VAT Number', 'tax_id'], ['Address Line 1', 'street1'], ['Address Line 2', 'street2'],
    ['City', 'city'], ['State/Province', 'region'], ['Postal Code', 'postcode'], ['Country', 'country_code'], ['Phone Number', 'phone'],
    ['Email', 'email'], ['Website', 'website'], ['Industry', 'industry'], ['Account Manager', 'account_manager'], ['Notes', 'notes'],
  ]],
  ['de: DATEV/Lexware Kunden', [
    ['Kundennummer', 'external_id'], ['Firmenname', 'name'], ['Rechtsform', 'legal_form'], ['USt-IdNr.', 'tax_id'], ['Straße', 'street1'],
    ['PLZ', 'postcode'], ['Ort', 'city'], ['Bundesland', 'region'], ['Land', 'country_code'], ['Telefon', 'phone'], ['Mobil', 'mobile'],
    ['Telefax', 'fax'], ['E-Mail', 'email'], ['Internet', 'website'], ['Branche', 'industry'], ['Vertriebsmitarbeiter', 'account_manager'],
    ['Bemerkung', 'notes'],
  ]],
  ['fr: Sage/EBP clients', [
    ['Code client', 'external_id'], ['Raison sociale', 'name'], ['Forme juridique', 'legal_form'], ['SIRET', null], ['N° TVA intracom', 'tax_id'],
    ['Adresse', 'street1'], ["Complément d'adresse", 'street2'], ['Code postal', 'postcode'], ['Ville', 'city'], ['Pays', 'country_code'],
    ['Téléphone', 'phone'], ['Portable', 'mobile'], ['Télécopie', 'fax'], ['E-mail', 'email'], ['Site web', 'website'],
    ["Secteur d'activité", 'industry'], ['Commercial', 'account_manager'], ['Remarques', 'notes'],
  ]],
];

const CONTACT_EXPORTS: [string, Row][] = [
  ['es: contactos', [
    ['Código', 'external_id'], ['Nombre', 'first_name'], ['Apellidos', 'last_name'], ['Cargo', 'job_title'], ['Departamento', 'department'],
    ['Email', 'email'], ['Teléfono', 'phone'], ['Móvil', 'mobile'], ['Código cliente', 'account_external_id'], ['Empresa', 'account_name'],
    ['Acepta publicidad', 'email_opt_in'], ['Fecha alta', null],
  ]],
  ['ca: contactes ("Nom" is the first name)', [
    ['Nom', 'first_name'], ['Cognoms', 'last_name'], ['Càrrec', 'job_title'], ['Correu electrònic', 'email'], ['Telèfon', 'phone'], ['Empresa', 'account_name'],
  ]],
  ['it: referenti', [
    ['Nome', 'first_name'], ['Cognome', 'last_name'], ['Ruolo', 'job_title'], ['Azienda', 'account_name'], ['Partita IVA', 'account_tax_id'],
    ['Email', 'email'], ['Cellulare', 'mobile'], ['Consenso marketing', 'email_opt_in'],
  ]],
  ['pl: osoby kontaktowe', [
    ['Imię', 'first_name'], ['Nazwisko', 'last_name'], ['Stanowisko', 'job_title'], ['Firma', 'account_name'], ['NIP', 'account_tax_id'],
    ['Telefon', 'phone'], ['Komórka', 'mobile'], ['E-mail', 'email'], ['Zgoda marketingowa', 'email_opt_in'],
  ]],
  ['ru: контактные лица 1С', [
    ['ФИО', 'full_name'], ['Должность', 'job_title'], ['Контрагент', 'account_name'], ['ИНН', 'account_tax_id'], ['Телефон', 'phone'],
    ['Эл. почта', 'email'], ['Согласие на рассылку', 'email_opt_in'],
  ]],
  ['en: contacts', [
    ['First Name', 'first_name'], ['Last Name', 'last_name'], ['Job Title', 'job_title'], ['Company', 'account_name'], ['Email', 'email'],
    ['Phone', 'phone'], ['Mobile Phone', 'mobile'], ['Email Opt-in', 'email_opt_in'],
  ]],
  ['de: Ansprechpartner', [
    ['Vorname', 'first_name'], ['Nachname', 'last_name'], ['Position', 'job_title'], ['Abteilung', 'department'], ['Firma', 'account_name'],
    ['Kundennummer', 'account_external_id'], ['E-Mail', 'email'], ['Newsletter', 'email_opt_in'],
  ]],
  ['fr: contacts ("Nom" is the family name)', [
    ['Nom', 'last_name'], ['Prénom', 'first_name'], ['Poste', 'job_title'], ['E-mail', 'email'], ['Téléphone', 'phone'], ['Société', 'account_name'],
    ['Newsletter', 'email_opt_in'],
  ]],
];

function fieldsOf(headers: string[], entity: TargetEntity, sampleRows?: Cell[][]): (string | null)[] {
  const { confidence } = suggestMapping(headers, entity, sampleRows ? { sampleRows } : {});
  return Object.values(confidence).map((suggestion) => suggestion.field);
}

describe('suggestMapping', () => {
  it.each([
    ...ACCOUNT_EXPORTS.map(([name, row]) => ['accounts', name, row] as const),
    ...CONTACT_EXPORTS.map(([name, row]) => ['contacts', name, row] as const),
  ])('%s — %s', (entity, _, row) => {
    const headers = row.map(([header]) => header);
    const result = suggestMapping(headers, entity);
    expect(Object.values(result.confidence).map((suggestion) => suggestion.field)).toEqual(row.map(([, field]) => field));
    // The suggestion is a valid mapping file that maps exactly the recognised columns.
    expect(parseMapping(result.mapping, 'suggestion')).toEqual(result.mapping);
    expect(Object.keys(result.mapping.columns)).toEqual(row.filter(([, field]) => field !== null).map(([header]) => header));
  });

  it.each<[string, string[], TargetEntity, (string | null)[]]>([
    ['one typo', ['Telefno', 'Razon socail', 'Poblacion'], 'accounts', ['phone', 'name', 'city']],
    ['a known header inside a longer one', ['Teléfono 1', 'Email facturación', 'Código cliente proveedor'], 'accounts', ['phone', 'email', 'external_id']],
    ['spacing and punctuation', ['P. IVA', 'E MAIL', 'Cod . cliente'], 'accounts', ['tax_id', 'email', 'external_id']],
    ['the exact spelling beats a spacing variant', ['P. IVA', 'NIF / CIF'], 'accounts', [null, 'tax_id']],
    ['unknown headers', ['Fecha alta', 'Forma de pago', 'Riesgo', 'xyz'], 'accounts', [null, null, null, null]],
    ['a blank header and a repeated one', ['', 'Teléfono', 'TELEFONO'], 'accounts', [null, 'phone', null]],
    ['"__proto__" and "constructor"', ['__proto__', 'constructor', 'Email'], 'contacts', [null, null, 'email']],
    ['"Nombre" by entity: accounts', ['Nombre'], 'accounts', ['name']],
    ['"Nombre" by entity: contacts', ['Nombre'], 'contacts', ['first_name']],
  ])('%s', (_, headers, entity, expected) => {
    expect(fieldsOf(headers, entity)).toEqual(expected);
  });

  it('maps no field twice: the best match wins and the other column stays an extra', () => {
    // Both are known spellings; "Teléfono" comes first in the synonym list.
    const { mapping, confidence } = suggestMapping(['Teléfono 1', 'Teléfono'], 'accounts');
    expect(mapping.columns).toEqual({ Teléfono: 'phone' });
    expect(confidence['Teléfono 1']).toEqual({
      field: null,
      score: 0,
      reason: 'would be phone (known header (es/it)) but "Teléfono" matched it better; kept as an extra',
    });
  });

  it('uses sample values to break a tie', () => {
    const headers = ['NIF', 'CIF'];
    expect(fieldsOf(headers, 'accounts')).toEqual(['tax_id', null]);
    expect(fieldsOf(headers, 'accounts', [['', 'B12345674'], ['', 'ESA58818501'], [null, 'B12345674']])).toEqual([null, 'tax_id']);
  });

  it('names a column from its values when the header says nothing', () => {
    const rows: Cell[][] = [['ana@talleres.es', '612345678', 'B12345674'], ['luis@bar.es', '600123456', 'A58818501']];
    const { confidence } = suggestMapping(['Dato 1', 'Dato 2', 'Dato 3'], 'accounts', { sampleRows: rows });
    expect(confidence['Dato 1']).toEqual({ field: 'email', score: 0.6, reason: 'values look like e-mail addresses' });
    expect(confidence['Dato 2']?.field).toBeNull(); // 9-digit phones are not taken for tax ids
    expect(confidence['Dato 3']?.field).toBe('tax_id');
  });

  it('explains each decision', () => {
    const { confidence } = suggestMapping(['Nom', 'Cognoms', 'Telefno', 'Fecha alta'], 'contacts');
    expect({ ...confidence }).toEqual({
      Nom: { field: 'first_name', score: 1, reason: 'known header (ca), the language of the rest of the header row' },
      Cognoms: { field: 'last_name', score: 1, reason: 'known header (ca)' },
      Telefno: { field: 'phone', score: 0.85, reason: 'close to "Teléfono" (es/it)' },
      'Fecha alta': { field: null, score: 0, reason: 'no known header; kept as an extra' },
    });
  });
});

describe('suggestMapping with lookups: a lookup field only when the values resolve', () => {
  const entry = (code: string, ...synonyms: string[]) => ({ code, label: code, synonyms, is_active: true });
  const lookups = new LookupIndex({
    account_categories: [entry('A', 'cat a', 'categoria a'), entry('B', 'cat b'), entry('C', 'cat c')],
    zones: [entry('es_north', 'norte', 'zona norte'), entry('es_south', 'sur'), entry('es_east', 'levante', 'este'), entry('es_center', 'centro')],
    relationship_types: [entry('client', 'cliente'), entry('prospect', 'potencial')],
    departments: [entry('sales', 'ventas'), entry('purchasing', 'compras'), { ...entry('legal', 'legal'), is_active: false }],
  });
  const column = (values: Cell[]) => values.map((value) => [value]);
  const suggest = (header: string, values: Cell[], entity: TargetEntity = 'accounts') =>
    suggestMapping([header], entity, { sampleRows: column(values), lookups }).confidence[header]!;

  it.each<[string, string, Cell[], string | null, RegExp]>([
    ['IPC patent classes under "Class"', 'Class', ['A61K', 'G06F', 'H04L', 'C07D', 'A61K'], null,
      /^would be category \(known header \(en\)\) but only 0 of 5 sample values are known account_categories \(unknown: "A61K", "G06F", "H04L"\); kept as an extra$/],
    ['categories by code and synonym', 'Class', ['A', 'b', 'Cat C', 'A', null, ''], 'category', /known header \(en\); 4 of 4 sample values are known account_categories$/],
    ['zones: 4 of 5 known is enough (80 %)', 'Zona', ['Norte', 'Sur', 'Levante', 'Centro', 'Canarias'], 'zone', /4 of 5 sample values are known zones \(unknown: "Canarias"\)$/],
    ['zones: 3 of 5 known is not', 'Zona', ['Norte', 'Sur', 'Canarias', 'Baleares', 'Centro'], null, /but only 3 of 5 sample values are known zones \(unknown: "Canarias", "Baleares"\); kept as an extra$/],
    ['customer types as numbers', 'Tipo cliente', [1, 2, 1, 3], null, /^would be relationship_type .* only 0 of 4 sample values are known relationship_types \(unknown: "1", "2", "3"\)/],
    ['customer types as words', 'Tipo cliente', ['Cliente', 'POTENCIAL', 'cliente'], 'relationship_type', /3 of 3/],
    ['an empty column cannot contradict the header', 'Zona', [null, '', '  '], 'zone', /^known header \([a-z/]+\)$/],
  ])('%s', (_, header, values, field, reason) => {
    const suggestion = suggest(header, values);
    expect(suggestion.field).toBe(field);
    expect(suggestion.reason).toMatch(reason);
  });

  it('inactive lookup entries do not count', () => {
    expect(suggest('Departamento', ['Ventas', 'Compras', 'Ventas'], 'contacts').field).toBe('department');
    expect(suggest('Departamento', ['Legal', 'Legal', 'Ventas'], 'contacts').field).toBeNull();
  });

  it('keeps a refused column out of the mapping, and lets another column take the field', () => {
    const headers = ['Código', 'Razón social', 'Categoría', 'Class'];
    const rows: Cell[][] = [['1', 'Farma SL', 'A61K', 'A'], ['2', 'Soft SL', 'G06F', 'B'], ['3', 'Radio SL', 'H04L', 'A']];
    const { mapping, confidence } = suggestMapping(headers, 'accounts', { sampleRows: rows, lookups });
    expect(mapping.columns).toEqual({ 'Código': 'external_id', 'Razón social': 'name', Class: 'category' });
    expect(confidence['Categoría']!.reason).toMatch(/^would be category .* but only 0 of 3 sample values are known account_categories/);
    expect(parseMapping(mapping, 'suggestion')).toEqual(mapping);
  });

  it('without lookups, proposes from the header as before', () => {
    expect(suggestMapping(['Class'], 'accounts', { sampleRows: column(['A61K', 'G06F']) }).mapping.columns).toEqual({ Class: 'category' });
  });
});
