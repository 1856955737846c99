import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, levenshtein, soundex, tokenJaccard, wordJaccard } from './string-similarity';

describe('jaro / jaroWinkler (reference values from Winkler 1990)', () => {
  it.each([
    ['martha', 'marhta', 0.9444, 0.9611],
    ['dwayne', 'duane', 0.8222, 0.84],
    ['dixon', 'dicksonx', 0.7667, 0.8133],
    ['abc', 'abc', 1, 1],
    ['abc', 'xyz', 0, 0],
    ['', 'abc', 0, 0],
  ])('%s ~ %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });

  it('handles strings longer than its reusable buffers', () => {
    const long = 'a'.repeat(200);
    expect(jaroWinkler(long, `${long}b`)).toBeGreaterThan(0.99);
  });
});

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['B12345674', 'B12345647', 2],
    ['4011', '4012', 1],
    ['', 'abc', 3],
  ])('%s → %s = %i', (a, b, d) => expect(levenshtein(a, b)).toBe(d));
});

describe('soundex (American rules)', () => {
  it.each([
    ['robert', 'r163'],
    ['rupert', 'r163'],
    ['ashcraft', 'a261'],
    ['tymczak', 't522'],
    ['pfister', 'p236'],
    ['lee', 'l000'],
    ['', ''],
  ])('%s → %s', (w, code) => expect(soundex(w)).toBe(code));
});

describe('tokenJaccard', () => {
  it.each([
    [['perez', 'distribuciones'], ['distribuciones', 'perez'], 1],
    [['perez', 'hermanos'], ['perez', 'distribuciones'], 1 / 3],
    [[], ['a'], 0],
  ])('%j ~ %j', (a, b, s) => expect(tokenJaccard(a, b)).toBeCloseTo(s, 6));
});

describe('wordJaccard (tokenJaccard on strings, without allocating)', () => {
  it.each([
    ['distribuciones perez', 'perez distribuciones', 1],
    ['perez hermanos', 'perez distribuciones', 1 / 3],
    ['perez', 'perez hermanos', 1 / 2],
    ['blanco blanco', 'blanco', 2 / 1],
    ['pere', 'perez', 0],
    ['', 'a', 0],
  ])('%s ~ %s', (x, y, expected) => {
    expect(wordJaccard(x, y)).toBeCloseTo(tokenJaccard(x === '' ? [] : x.split(' '), y === '' ? [] : y.split(' ')), 10);
    if (expected <= 1) expect(wordJaccard(x, y)).toBeCloseTo(expected, 10);
  });
});
