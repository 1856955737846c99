import { describe, expect, it } from 'vitest';
import { cleanText, foldText, splitFullName } from './text';

describe('cleanText', () => {
  it.each([
    ['  Pérez  ', 'Pérez'],
    ['Pérez\u00a0\u00a0García', 'Pérez García'],
    ['Pérez\u202fGarcía', 'Pérez García'],
    ['Calle Mayor,\r\n 5\t2º', 'Calle Mayor, 5 2º'],
    ['\ufeffNombre', 'Nombre'], // BOM left by Excel
    ['Ro\u0000ssi\u0007', 'Rossi'],
    ['zero\u200bwidth', 'zero width'],
    ['Pe\u0301rez', 'Pérez'], // NFD (macOS) → NFC
    ['plain ascii', 'plain ascii'],
    ['', null],
    ['   \u00a0\t\n', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(cleanText(raw)).toBe(expected);
  });
});

describe('foldText', () => {
  it.each([
    ['Pérez García', 'perez garcia'],
    ['PEREZ-GARCIA', 'perez garcia'],
    ['Ромашка', 'romashka'],
    ['ООО «Ромашка»', 'ooo romashka'],
    ['Łódź', 'lodz'],
    ['Straße', 'strasse'],
    ['Çağlar & Šťastný', 'caglar stastny'],
    ['L\'Hospitalet de Llobregat', 'l hospitalet de llobregat'],
    ['Pe\u0301rez', 'perez'],
    ['  ', ''],
    [null, ''],
  ])('%j → %j', (raw, expected) => {
    expect(foldText(raw)).toBe(expected);
  });
});

describe('splitFullName', () => {
  it.each([
    ['Pérez García, Juan', 'Juan', 'Pérez García'],
    ['Pérez García,Juan José', 'Juan José', 'Pérez García'],
    ['Juan Pérez García', 'Juan', 'Pérez García'],
    ['Juan de la Cruz', 'Juan', 'de la Cruz'],
    ['Mario Rossi', 'Mario', 'Rossi'],
    ['  Anna   Kowalska ', 'Anna', 'Kowalska'],
    ['Иванов Иван Иванович', 'Иван Иванович', 'Иванов'], // Russian order, patronymic with the given name
    ['Петрова Анна Сергеевна', 'Анна Сергеевна', 'Петрова'],
    ['Иван Петров', 'Иван', 'Петров'],
    ['Madonna', null, 'Madonna'],
    ['Rossi,', null, 'Rossi'],
    ['', null, null],
  ])('%j → %j / %j', (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });
});
