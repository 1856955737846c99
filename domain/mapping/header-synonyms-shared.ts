import type { AccountField, ContactField } from '../canonical/fields';

/** Languages of the ERP exports we see (headers are matched in all of them at once). */
export const HEADER_LANGUAGES = ['es', 'ca', 'it', 'pl', 'ru', 'en', 'de', 'fr'] as const;
export type HeaderLanguage = (typeof HEADER_LANGUAGES)[number];

/**
 * Header spellings per language, most specific first: when two columns match one field equally
 * well, the one whose synonym comes first wins ("Partita IVA" over "Codice fiscale", "Nazwa
 * pełna" over "Nazwa"). Matching folds case, accents and punctuation, so list each spelling once.
 */
export type SynonymsByLanguage = Partial<Record<HeaderLanguage, readonly string[]>>;
export type SynonymTable<Field extends string> = Partial<Record<Field, SynonymsByLanguage>>;

/** Headers that mean the same field for accounts and contacts. */
export const SHARED_HEADER_SYNONYMS = {
  email: {
    es: ['Email', 'E-mail', 'Correo electrónico', 'Correo', 'Mail', 'Email principal'],
    ca: ['Correu electrònic', 'Correu', 'Adreça electrònica'],
    it: ['Posta elettronica', 'Indirizzo email', 'Email'],
    pl: ['Adres e-mail', 'E-mail', 'Poczta'],
    ru: ['Эл. почта', 'Электронная почта', 'Email', 'Почта'],
    en: ['Email', 'Email address', 'E-mail address', 'Mail'],
    de: ['E-Mail', 'E-Mail-Adresse', 'Mail'],
    fr: ['Courriel', 'Adresse e-mail', 'Adresse mail', 'E-mail', 'Mél'],
  },
  phone: {
    es: ['Teléfono', 'Teléfono 1', 'Tel.', 'Tlf.', 'Tfno.', 'Teléfono fijo'],
    ca: ['Telèfon', 'Telèfon 1'],
    it: ['Telefono', 'Tel.', 'Telefono 1'],
    pl: ['Telefon', 'Nr telefonu', 'Numer telefonu', 'Tel.'],
    ru: ['Телефон', 'Тел.', 'Рабочий телефон'],
    en: ['Phone', 'Phone number', 'Telephone', 'Tel.', 'Work phone'],
    de: ['Telefon', 'Telefonnummer', 'Tel.'],
    fr: ['Téléphone', 'Tél.', 'Téléphone fixe'],
  },
  mobile: {
    es: ['Móvil', 'Teléfono móvil', 'Celular'],
    ca: ['Mòbil', 'Telèfon mòbil'],
    it: ['Cellulare', 'Cell.', 'Cell', 'Mobile'],
    pl: ['Komórka', 'Telefon komórkowy', 'Tel. kom.'],
    ru: ['Мобильный', 'Мобильный телефон', 'Моб. телефон'],
    en: ['Mobile', 'Mobile phone', 'Cell phone', 'Cell'],
    de: ['Mobil', 'Mobiltelefon', 'Handy', 'Mobilnummer'],
    fr: ['Portable', 'Mobile', 'Téléphone portable', 'Tél. portable'],
  },
  country_code: {
    es: ['País', 'Cód. país', 'Código país'],
    ca: ['País'],
    it: ['Nazione', 'Paese', 'Stato'],
    pl: ['Kraj'],
    ru: ['Страна'],
    en: ['Country', 'Country code'],
    de: ['Land', 'Ländercode'],
    fr: ['Pays', 'Code pays'],
  },
  notes: {
    es: ['Observaciones', 'Notas', 'Comentarios', 'Nota'],
    ca: ['Observacions', 'Notes', 'Comentaris'],
    it: ['Note', 'Annotazioni', 'Osservazioni', 'Commenti'],
    pl: ['Uwagi', 'Notatki', 'Komentarz'],
    ru: ['Примечание', 'Комментарий', 'Заметки'],
    en: ['Notes', 'Comments', 'Remarks', 'Note'],
    de: ['Bemerkungen', 'Bemerkung', 'Notizen', 'Anmerkungen', 'Kommentar'],
    fr: ['Remarques', 'Commentaires', 'Notes', 'Observations'],
  },
} as const satisfies SynonymTable<AccountField & ContactField>;

