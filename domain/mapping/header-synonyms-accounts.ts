import type { AccountField } from '../canonical/fields';
import { SHARED_HEADER_SYNONYMS, type SynonymTable } from './header-synonyms-shared';

/**
 * Account (customer) headers, from real exports: A3, Sage, Holded (es/ca), Danea, TeamSystem (it),
 * Subiekt, Comarch (pl), 1C (ru), DATEV/Lexware (de), Sage/EBP (fr), generic CRMs (en).
 * In account files "Nombre", "Nome", "Nom", "Name" are the company name.
 */
export const ACCOUNT_HEADER_SYNONYMS: SynonymTable<AccountField> = {
  ...SHARED_HEADER_SYNONYMS,
  external_id: {
    es: ['Código', 'Código cliente', 'Cod. cliente', 'Cód. cliente', 'Nº cliente', 'Cliente', 'Cuenta', 'ID'],
    ca: ['Codi', 'Codi client'],
    it: ['Codice cliente', 'Codice', 'Cod. cliente', 'Cod.', 'ID'],
    pl: ['Kod klienta', 'Symbol', 'Kod', 'Akronim', 'ID'],
    ru: ['Код клиента', 'Код', 'Код контрагента'],
    en: ['Customer ID', 'Customer code', 'Customer number', 'Account ID', 'Account number', 'Code', 'ID'],
    de: ['Kundennummer', 'Kunden-Nr.', 'Kundennr.', 'Debitorennummer', 'Konto', 'ID'],
    fr: ['Code client', 'N° client', 'Numéro client', 'Code', 'ID'],
  },
  name: {
    es: ['Razón social', 'Nombre fiscal', 'Nombre', 'Empresa', 'Nombre cliente'],
    ca: ['Raó social', 'Nom fiscal', 'Nom', 'Empresa'],
    it: ['Ragione sociale', 'Denominazione', 'Nome', 'Azienda', 'Cliente'],
    pl: ['Nazwa firmy', 'Nazwa pełna', 'Pełna nazwa', 'Nazwa', 'Firma', 'Kontrahent'],
    ru: ['Полное наименование', 'Наименование', 'Название организации', 'Организация', 'Контрагент', 'Компания'],
    en: ['Company', 'Company name', 'Account name', 'Name', 'Customer name', 'Organization'],
    de: ['Firmenname', 'Firma', 'Unternehmen', 'Name'],
    fr: ['Raison sociale', 'Société', 'Nom', 'Entreprise', 'Nom du client'],
  },
  legal_form: {
    es: ['Forma jurídica'], ca: ['Forma jurídica'], it: ['Forma giuridica'], pl: ['Forma prawna'],
    ru: ['Организационно-правовая форма', 'ОПФ'], en: ['Legal form'], de: ['Rechtsform'], fr: ['Forme juridique'],
  },
  tax_id: {
    es: ['NIF', 'CIF', 'NIF/CIF', 'CIF/NIF', 'NIF-IVA', 'DNI', 'NIE'],
    ca: ['NIF'],
    it: ['Partita IVA', 'P.IVA', 'P. IVA', 'Codice fiscale', 'Cod. fiscale', 'C.F.'],
    pl: ['NIP', 'NIP UE', 'REGON'],
    ru: ['ИНН', 'ИНН/КПП'],
    en: ['VAT', 'VAT number', 'VAT ID', 'Tax ID', 'Tax number'],
    de: ['USt-IdNr.', 'USt-ID', 'UID', 'Steuernummer'],
    fr: ['N° TVA', 'N° TVA intracom', 'N° TVA intracommunautaire', 'TVA intracommunautaire', 'SIRET', 'SIREN'],
  },
  website: {
    es: ['Web', 'Página web', 'Sitio web'], ca: ['Web', 'Lloc web', 'Pàgina web'], it: ['Sito web', 'Sito', 'Web'],
    pl: ['Strona WWW', 'WWW', 'Strona internetowa'], ru: ['Сайт', 'Веб-сайт'], en: ['Website', 'Web site', 'URL', 'Web'],
    de: ['Internet', 'Webseite', 'Homepage', 'Website'], fr: ['Site web', 'Site internet', 'Site'],
  },
  fax: { es: ['Fax'], it: ['Fax'], pl: ['Faks', 'Fax'], ru: ['Факс'], en: ['Fax'], de: ['Telefax', 'Fax'], fr: ['Télécopie', 'Fax'] },
  street1: {
    es: ['Dirección', 'Domicilio', 'Calle', 'Dirección 1'],
    ca: ['Adreça', 'Direcció', 'Carrer'],
    it: ['Indirizzo', 'Via', 'Sede legale'],
    pl: ['Adres', 'Ulica'],
    ru: ['Адрес', 'Фактический адрес', 'Юридический адрес'],
    en: ['Address', 'Street', 'Address line 1', 'Street address'],
    de: ['Straße', 'Strasse', 'Anschrift', 'Adresse'],
    fr: ['Adresse', 'Rue', 'Adresse 1'],
  },
  street2: {
    es: ['Dirección 2'], ca: ['Adreça 2'], it: ['Indirizzo 2'], pl: ['Adres 2'], ru: ['Адрес 2'],
    en: ['Address line 2', 'Address 2'], de: ['Adresszusatz', 'Straße 2'], fr: ["Complément d'adresse", 'Adresse 2'],
  },
  postcode: {
    es: ['C.P.', 'Código postal', 'Cód. postal'], ca: ['Codi postal'], it: ['CAP'], pl: ['Kod pocztowy'],
    ru: ['Индекс', 'Почтовый индекс'], en: ['Postcode', 'Postal code', 'ZIP', 'ZIP code'], de: ['PLZ', 'Postleitzahl'], fr: ['Code postal', 'CP'],
  },
  city: {
    es: ['Población', 'Localidad', 'Ciudad', 'Municipio'], ca: ['Població', 'Localitat', 'Ciutat', 'Municipi'],
    it: ['Città', 'Comune', 'Località'], pl: ['Miasto', 'Miejscowość'], ru: ['Город', 'Населенный пункт'],
    en: ['City', 'Town'], de: ['Ort', 'Stadt'], fr: ['Ville', 'Commune', 'Localité'],
  },
  region: {
    es: ['Provincia', 'Comunidad autónoma'], ca: ['Província', 'Comarca'], it: ['Provincia', 'Prov.', 'Regione'],
    pl: ['Województwo'], ru: ['Область', 'Регион'], en: ['State/Province', 'Region', 'State', 'Province', 'County'],
    de: ['Bundesland', 'Region'], fr: ['Région', 'Département'],
  },
  relationship_type: {
    es: ['Tipo cliente', 'Tipo de cliente', 'Tipo'], ca: ['Tipus client', 'Tipus de client'], it: ['Tipologia', 'Tipo cliente'],
    pl: ['Typ klienta', 'Typ kontrahenta'], ru: ['Тип клиента', 'Вид контрагента'], en: ['Customer type', 'Relationship type', 'Type'],
    de: ['Kundentyp', 'Kundenart'], fr: ['Type de client', 'Type client'],
  },
  category: {
    es: ['Categoría', 'Clasificación'], ca: ['Categoria'], it: ['Categoria', 'Classe'], pl: ['Kategoria', 'Grupa'],
    ru: ['Категория'], en: ['Category', 'Class'], de: ['Kategorie', 'Kundengruppe'], fr: ['Catégorie'],
  },
  industry: {
    es: ['Sector', 'Actividad', 'Sector de actividad'], ca: ['Sector'], it: ['Settore', 'Attività'], pl: ['Branża'],
    ru: ['Отрасль', 'Сфера деятельности'], en: ['Industry', 'Sector'], de: ['Branche'], fr: ["Secteur d'activité", 'Secteur'],
  },
  zone: {
    es: ['Zona', 'Zona comercial', 'Ruta'], ca: ['Zona'], it: ['Zona'], pl: ['Strefa', 'Rejon'], ru: ['Регион продаж', 'Зона'],
    en: ['Sales zone', 'Territory', 'Zone'], de: ['Vertriebsgebiet', 'Gebiet'], fr: ['Zone', 'Secteur commercial'],
  },
  status_tier: { es: ['Nivel'], it: ['Livello'], pl: ['Poziom'], ru: ['Уровень'], en: ['Tier', 'Status tier'], de: ['Stufe'], fr: ['Niveau'] },
  account_manager: {
    es: ['Comercial', 'Agente', 'Vendedor', 'Representante', 'Agente comercial'], ca: ['Comercial', 'Agent'],
    it: ['Agente', 'Commerciale', 'Venditore'], pl: ['Handlowiec', 'Opiekun', 'Opiekun klienta'],
    ru: ['Менеджер', 'Основной менеджер', 'Ответственный'], en: ['Account manager', 'Sales rep', 'Owner', 'Account owner'],
    de: ['Vertriebsmitarbeiter', 'Betreuer', 'Kundenbetreuer', 'Vertreter'], fr: ['Commercial', 'Représentant', 'Responsable commercial'],
  },
  parent_external_id: {
    es: ['Código matriz', 'Cliente padre'], it: ['Codice capogruppo'], pl: ['Kod centrali'], ru: ['Головной контрагент'],
    en: ['Parent ID', 'Parent account ID', 'Parent code'], de: ['Muttergesellschaft'], fr: ['Code maison mère'],
  },
};
