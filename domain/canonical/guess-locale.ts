/**
 * Picks a locale profile for a file that names none, from the language of its headers (and the
 * encoding it was written in). Settled once per file: dates like 03/04/2024 are then read the
 * same way on every row. A wrong guess is fixed with --locale or the mapping's "locale".
 */
import { foldText } from '../normalize';

const WORDS: Record<string, string[]> = {
  es: ['razon', 'social', 'telefono', 'poblacion', 'direccion', 'codigo', 'nif', 'cif', 'provincia', 'correo', 'apellidos', 'nombre', 'fecha', 'movil', 'localidad', 'pais', 'cliente'],
  ca: ['rao', 'telefon', 'poblacio', 'adreca', 'correu', 'cognoms', 'codi', 'data', 'mobil', 'carrec', 'departament', 'electronic', 'accepta'],
  it: ['ragione', 'sociale', 'partita', 'iva', 'indirizzo', 'comune', 'cap', 'cellulare', 'cognome', 'codice', 'fiscale', 'provincia', 'settore', 'fatturato', 'inserimento'],
  pl: ['nazwa', 'firmy', 'nip', 'regon', 'ulica', 'kod', 'pocztowy', 'miasto', 'wojewodztwo', 'imie', 'nazwisko', 'branza', 'handlowiec', 'kontrahent'],
  de: ['firmenname', 'strasse', 'plz', 'ort', 'vorname', 'nachname', 'kundennummer', 'branche', 'ansprechpartner'],
  fr: ['raison', 'adresse', 'ville', 'prenom', 'telephone', 'societe', 'postal', 'courriel'],
  'en-GB': ['company', 'name', 'phone', 'address', 'city', 'postcode', 'country', 'email', 'website', 'vat'],
};

export function guessLocale(headers: readonly string[], encoding: string | null): string {
  const text = headers.join(' ');
  if (/[\u0400-\u04FF]/.test(text) || /1251|koi8|8859-5/i.test(encoding ?? '')) return 'ru';
  const tokens = new Set(headers.flatMap((h) => (foldText(h) ?? '').split(/[^a-z0-9]+/)).filter(Boolean));
  let best = 'en-GB';
  let bestScore = 0;
  for (const [locale, words] of Object.entries(WORDS)) {
    const score = words.reduce((n, w) => n + (tokens.has(w) ? 1 : 0), 0);
    if (score > bestScore) {
      best = locale;
      bestScore = score;
    }
  }
  if (bestScore === 0 && /1250|8859-2/i.test(encoding ?? '')) return 'pl';
  return best;
}
