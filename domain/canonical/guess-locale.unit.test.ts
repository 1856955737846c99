import { describe, expect, it } from 'vitest';
import { guessLocale } from './guess-locale';

describe('guessLocale', () => {
  it.each([
    [['Código cliente', 'Razón social', 'NIF/CIF', 'Población', 'Teléfono'], null, 'es'],
    [['Codi contacte', 'Nom', 'Cognoms', 'Càrrec', 'Correu electrònic'], 'utf-8', 'ca'],
    [['Codice cliente', 'Ragione sociale', 'Partita IVA', 'Comune', 'CAP'], 'windows-1252', 'it'],
    [['Kod', 'Nazwa firmy', 'NIP', 'Miasto', 'Województwo'], 'windows-1250', 'pl'],
    [['Код', 'Наименование', 'ИНН'], 'windows-1251', 'ru'],
    [['Kundennummer', 'Firmenname', 'PLZ', 'Ort'], null, 'de'],
    [['Company', 'Phone', 'Website'], null, 'en-GB'],
    [['x', 'y'], 'windows-1250', 'pl'],
  ])('%j (%s) → %s', (headers, encoding, expected) => {
    expect(guessLocale(headers, encoding)).toBe(expected);
  });
});
