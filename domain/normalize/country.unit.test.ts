import { describe, expect, it } from 'vitest';
import { normalizeCountry } from './country';

// [ISO2, names in es, ca, it, pl, ru, en, de, fr]
const NAMES: [string, ...string[]][] = [
  ['ES', 'España', 'Espanya', 'Spagna', 'Hiszpania', 'Испания', 'Spain', 'Spanien', 'Espagne'],
  ['IT', 'Italia', 'Itàlia', 'Italia', 'Włochy', 'Италия', 'Italy', 'Italien', 'Italie'],
  ['PL', 'Polonia', 'Polònia', 'Polonia', 'Polska', 'Польша', 'Poland', 'Polen', 'Pologne'],
  ['DE', 'Alemania', 'Alemanya', 'Germania', 'Niemcy', 'Германия', 'Germany', 'Deutschland', 'Allemagne'],
  ['FR', 'Francia', 'França', 'Francia', 'Francja', 'Франция', 'France', 'Frankreich', 'France'],
  ['PT', 'Portugal', 'Portugal', 'Portogallo', 'Portugalia', 'Португалия', 'Portugal', 'Portugal', 'Portugal'],
  ['NL', 'Países Bajos', 'Països Baixos', 'Paesi Bassi', 'Holandia', 'Нидерланды', 'Netherlands', 'Niederlande', 'Pays-Bas'],
  ['BE', 'Bélgica', 'Bèlgica', 'Belgio', 'Belgia', 'Бельгия', 'Belgium', 'Belgien', 'Belgique'],
  ['GR', 'Grecia', 'Grècia', 'Grecia', 'Grecja', 'Греция', 'Greece', 'Griechenland', 'Grèce'],
  ['CZ', 'Chequia', 'Txèquia', 'Cechia', 'Czechy', 'Чехия', 'Czechia', 'Tschechien', 'Tchéquie'],
  ['SE', 'Suecia', 'Suècia', 'Svezia', 'Szwecja', 'Швеция', 'Sweden', 'Schweden', 'Suède'],
  ['RU', 'Rusia', 'Rússia', 'Russia', 'Rosja', 'Россия', 'Russia', 'Russland', 'Russie'],
  ['UA', 'Ucrania', 'Ucraïna', 'Ucraina', 'Ukraina', 'Украина', 'Ukraine', 'Ukraine', 'Ukraine'],
  ['BY', 'Bielorrusia', 'Belarús', 'Bielorussia', 'Białoruś', 'Беларусь', 'Belarus', 'Belarus', 'Biélorussie'],
  ['CH', 'Suiza', 'Suïssa', 'Svizzera', 'Szwajcaria', 'Швейцария', 'Switzerland', 'Schweiz', 'Suisse'],
  ['GB', 'Reino Unido', 'Regne Unit', 'Regno Unito', 'Wielka Brytania', 'Великобритания', 'United Kingdom', 'Vereinigtes Königreich', 'Royaume-Uni'],
  ['US', 'Estados Unidos', 'Estats Units', 'Stati Uniti', 'Stany Zjednoczone', 'Соединенные Штаты', 'United States', 'Vereinigte Staaten', 'États-Unis'],
  ['NO', 'Noruega', 'Noruega', 'Norvegia', 'Norwegia', 'Норвегия', 'Norway', 'Norwegen', 'Norvège'],
  ['AD', 'Andorra', 'Andorra', 'Andorra', 'Andora', 'Андорра', 'Andorra', 'Andorra', 'Andorre'],
  ['SM', 'San Marino', 'San Marino', 'San Marino', 'San Marino', 'Сан-Марино', 'San Marino', 'San Marino', 'Saint-Marin'],
  ['MC', 'Mónaco', 'Mònaco', 'Monaco', 'Monako', 'Монако', 'Monaco', 'Monaco', 'Monaco'],
];

describe('normalizeCountry: names in eight languages', () => {
  it.each(NAMES.flatMap(([code, ...names]) => names.map((n) => [n, code])))('%s → %s', (name, code) => {
    expect(normalizeCountry(name)).toEqual({ ok: true, value: code });
  });
});

describe('normalizeCountry: codes, spelling variants and aliases', () => {
  it.each([
    ['ES', 'ES'], ['es', 'ES'], [' it ', 'IT'], ['ESP', 'ES'], ['deu', 'DE'], ['POL', 'PL'], ['RUS', 'RU'],
    ['GRC', 'GR'], ['EL', 'GR'], ['UK', 'GB'], ['GBR', 'GB'], ['XK', 'XK'],
    ['ESPAÑA', 'ES'], ['espana', 'ES'], ['España.', 'ES'], ['Россия', 'RU'], ['Российская Федерация', 'RU'],
    ['Russian Federation', 'RU'], ['РФ', 'RU'], ['Белоруссия', 'BY'], ['Weißrussland', 'BY'],
    ['EE.UU.', 'US'], ['USA', 'US'], ['U.S.A.', 'US'], ['Great Britain', 'GB'], ['England', 'GB'],
    ['Holland', 'NL'], ['Czech Republic', 'CZ'], ['República Checa', 'CZ'], ['Turkey', 'TR'], ['Türkiye', 'TR'],
    ['Moldavia', 'MD'], ['Côte d’Ivoire', 'CI'], ['Hongrie', 'HU'], ['Eslovènia', 'SI'], ['Lettonia', 'LV'],
    ['Litwa', 'LT'], ['Люксембург', 'LU'], ['Irlanda', 'IE'], ['Zypern', 'CY'], ['Malte', 'MT'],
  ])('%j → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['', 'empty'],
    ['ZZ', 'unknown country code'],
    ['EU', 'unknown country code'],
    ['XXX', 'unknown country'],
    ['Narnia', 'unknown country'],
    ['Europa', 'unknown country'],
  ])('%j fails (%s)', (raw, reason) => {
    const r = normalizeCountry(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
