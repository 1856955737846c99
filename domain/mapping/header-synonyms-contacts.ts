import type { ContactField } from '../canonical/fields';
import { ACCOUNT_HEADER_SYNONYMS } from './header-synonyms-accounts';
import { SHARED_HEADER_SYNONYMS, type SynonymTable } from './header-synonyms-shared';

/**
 * Contact headers. In contact files "Nombre"/"Nome"/"Imię" are the first name; a customer code or
 * company tax id points at the contact's account. "Nom" is a first name in Catalan but a family
 * name in French: the other headers of the row decide (see suggest-mapping).
 */
export const CONTACT_HEADER_SYNONYMS: SynonymTable<ContactField> = {
  ...SHARED_HEADER_SYNONYMS,
  external_id: {
    es: ['Código', 'Código contacto', 'ID contacto', 'ID'], ca: ['Codi', 'Codi contacte'], it: ['Codice contatto', 'Codice', 'ID'],
    pl: ['Kod kontaktu', 'ID'], ru: ['Код', 'Код контакта'], en: ['Contact ID', 'ID'], de: ['Kontaktnummer', 'Kontakt-ID', 'ID'],
    fr: ['Code contact', 'ID'],
  },
  first_name: {
    es: ['Nombre'], ca: ['Nom'], it: ['Nome'], pl: ['Imię'], ru: ['Имя'], en: ['First name', 'Given name'], de: ['Vorname'], fr: ['Prénom'],
  },
  last_name: {
    es: ['Apellidos', 'Apellido', 'Primer apellido'], ca: ['Cognoms', 'Cognom'], it: ['Cognome'], pl: ['Nazwisko'],
    ru: ['Фамилия'], en: ['Last name', 'Surname', 'Family name'], de: ['Nachname', 'Familienname'], fr: ['Nom', 'Nom de famille'],
  },
  full_name: {
    es: ['Nombre y apellidos', 'Nombre completo', 'Contacto', 'Persona de contacto'], ca: ['Nom i cognoms', 'Nom complet'],
    it: ['Nome e cognome', 'Nominativo', 'Referente'], pl: ['Imię i nazwisko', 'Osoba kontaktowa'], ru: ['ФИО', 'Контактное лицо'],
    en: ['Full name', 'Name', 'Contact name', 'Contact'], de: ['Name', 'Vollständiger Name', 'Ansprechpartner'],
    fr: ['Nom complet', 'Nom et prénom', 'Contact', 'Interlocuteur'],
  },
  job_title: {
    es: ['Cargo', 'Puesto'], ca: ['Càrrec'], it: ['Ruolo', 'Qualifica', 'Mansione', 'Posizione'], pl: ['Stanowisko'],
    ru: ['Должность'], en: ['Job title', 'Title', 'Position'], de: ['Position', 'Funktion', 'Berufsbezeichnung'], fr: ['Poste', 'Fonction'],
  },
  role: {
    es: ['Rol', 'Poder de decisión'], ca: ['Rol'], it: ['Ruolo decisionale'], pl: ['Rola'], ru: ['Роль'],
    en: ['Role', 'Decision role'], de: ['Rolle'], fr: ['Rôle'],
  },
  department: {
    es: ['Departamento', 'Área'], ca: ['Departament'], it: ['Reparto', 'Ufficio', 'Dipartimento'], pl: ['Dział'],
    ru: ['Отдел', 'Подразделение'], en: ['Department'], de: ['Abteilung'], fr: ['Service', 'Département'],
  },
  additional_emails: {
    es: ['Email 2', 'Otro email', 'Email secundario'], ca: ['Correu 2'], it: ['Email 2', 'Altra email'], pl: ['E-mail 2'],
    ru: ['Доп. почта'], en: ['Email 2', 'Other email', 'Secondary email'], de: ['E-Mail 2'], fr: ['E-mail 2', 'Autre e-mail'],
  },
  email_opt_in: {
    es: ['Acepta publicidad', 'Acepta comunicaciones', 'Consentimiento marketing', 'Newsletter'], ca: ['Accepta publicitat'],
    it: ['Consenso marketing', 'Consenso newsletter', 'Newsletter'], pl: ['Zgoda marketingowa', 'Zgoda na newsletter', 'Newsletter'],
    ru: ['Согласие на рассылку', 'Рассылка'], en: ['Email opt-in', 'Opt-in', 'Marketing consent', 'Newsletter'],
    de: ['Newsletter', 'Werbeeinwilligung', 'Einwilligung Marketing'], fr: ['Consentement marketing', 'Newsletter', 'Opt-in'],
  },
  opt_in_date: {
    es: ['Fecha consentimiento'], ca: ['Data consentiment'], it: ['Data consenso'], pl: ['Data zgody'], ru: ['Дата согласия'],
    en: ['Opt-in date', 'Consent date'], de: ['Einwilligungsdatum'], fr: ['Date de consentement'],
  },
  is_active: {
    es: ['Activo'], ca: ['Actiu'], it: ['Attivo'], pl: ['Aktywny'], ru: ['Активен', 'Активный'], en: ['Active'], de: ['Aktiv'], fr: ['Actif'],
  },
  account_external_id: {
    es: ['Código cliente', 'Cod. cliente', 'Cód. cliente', 'Nº cliente', 'Cuenta'], ca: ['Codi client'], it: ['Codice cliente', 'Cod. cliente'],
    pl: ['Kod klienta', 'Symbol kontrahenta'], ru: ['Код клиента', 'Код контрагента'],
    en: ['Customer ID', 'Customer code', 'Account ID', 'Company ID'], de: ['Kundennummer', 'Kunden-Nr.'], fr: ['Code client', 'N° client'],
  },
  // Company tax ids only: a DNI or an Italian codice fiscale in a contact file is the person's.
  account_tax_id: {
    es: ['NIF', 'CIF', 'NIF/CIF', 'CIF empresa', 'NIF empresa'], ca: ['NIF'], it: ['Partita IVA', 'P.IVA', 'P. IVA'], pl: ['NIP', 'NIP firmy'],
    ru: ['ИНН', 'ИНН организации'], en: ['VAT', 'VAT number', 'Company VAT'], de: ['USt-IdNr.', 'USt-ID'], fr: ['N° TVA', 'SIRET'],
  },
  account_name: {
    es: ['Empresa', 'Razón social', 'Cliente', 'Compañía'], ca: ['Empresa', 'Raó social'], it: ['Azienda', 'Ragione sociale', 'Società', 'Cliente'],
    pl: ['Firma', 'Nazwa firmy', 'Kontrahent'], ru: ['Компания', 'Организация', 'Контрагент'], en: ['Company', 'Company name', 'Account', 'Account name'],
    de: ['Firma', 'Unternehmen', 'Firmenname'], fr: ['Société', 'Entreprise', 'Raison sociale'],
  },
  // A contact's postal address is written with the same headers as an account's.
  street1: ACCOUNT_HEADER_SYNONYMS.street1,
  street2: ACCOUNT_HEADER_SYNONYMS.street2,
  postcode: ACCOUNT_HEADER_SYNONYMS.postcode,
  city: ACCOUNT_HEADER_SYNONYMS.city,
  region: ACCOUNT_HEADER_SYNONYMS.region,
  birth_date: {
    es: ['Fecha de nacimiento', 'F. nacimiento'], ca: ['Data de naixement'], it: ['Data di nascita'], pl: ['Data urodzenia'],
    ru: ['Дата рождения'], en: ['Date of birth', 'Birth date', 'Birthday', 'DOB'], de: ['Geburtsdatum'], fr: ['Date de naissance'],
  },
  national_id: {
    es: ['DNI', 'NIE', 'DNI/NIE'], ca: ['DNI'], it: ['Codice fiscale', 'C.F.'], pl: ['PESEL'], ru: ['СНИЛС', 'Паспорт'],
    en: ['National ID', 'Social security number', 'SSN'], de: ['Ausweisnummer', 'Sozialversicherungsnummer'], fr: ['Numéro de sécurité sociale', 'NIR'],
  },
};
