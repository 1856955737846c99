import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './edit-distance';
import { foldHeader, foldValue } from './fold-text';

describe('foldHeader', () => {
  it.each([
    ['Razón social', 'razon social'],
    ['  RAZON   SOCIAL ', 'razon social'],
    ['C.P.', 'cp'],
    ['E-mail', 'email'],
    ['NIF/CIF', 'nif cif'],
    ['N° TVA', 'n tva'],
    ['Nº cliente', 'n cliente'],
    ['USt-IdNr.', 'ustidnr'],
    ['Miejscowość', 'miejscowosc'],
    ['Straße', 'strasse'],
    ['Эл. почта', 'el pochta'],
    ['ИНН', 'inn'],
    ["Complément d'adresse", 'complement d adresse'],
    ['__proto__', 'proto'],
  ])('%j → %j', (header, folded) => {
    expect(foldHeader(header)).toBe(folded);
  });
});

describe('foldValue', () => {
  it.each([
    [' Sí ', 'si'],
    ['A+', 'a+'],
    ['Клиент', 'klient'],
    ['Cliente  VIP', 'cliente vip'],
  ])('%j → %j', (value, folded) => {
    expect(foldValue(value)).toBe(folded);
  });
});

describe('editDistance', () => {
  it.each([
    ['name', 'name', 0],
    ['nmae', 'name', 1],
    ['phon', 'phone', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%j ↔ %j = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestMatch', () => {
  it.each([
    ['nmae', ['name', 'email'], 'name'],
    ['contry_code', ['country_code', 'city'], 'country_code'],
    ['pais', ['country_code', 'city'], undefined],
  ])('%j among %j', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });
});
