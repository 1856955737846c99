import { describe, expect, it } from 'vitest';
import { stdnum, type Validator } from 'stdnum';
import { mulberry32 } from './prng';
import {
  corruptCheckDigit,
  esCifFromDigits,
  formatPlNip,
  itCodiceFiscale,
  randomEsCif,
  randomEsDni,
  randomEsNie,
  randomEsNif,
  randomItIva,
  randomPlNip,
  randomPlRegon,
  randomRuInn10,
  randomRuInn12,
} from './tax-ids';

function validator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name}`);
  return v;
}

const N = 1000;

function check(gen: (rng: () => number) => string, validate: (v: string) => { isValid: boolean }, re: RegExp) {
  const rng = mulberry32(12345);
  const ids = new Set<string>();
  for (let k = 0; k < N; k++) {
    const id = gen(rng);
    expect(id).toMatch(re);
    expect(validate(id).isValid, id).toBe(true);
    // the same id with a wrong check digit is rejected
    expect(validate(corruptCheckDigit(id)).isValid, corruptCheckDigit(id)).toBe(false);
    ids.add(id);
  }
  expect(ids.size).toBeGreaterThan(N * 0.99);
}

describe('tax-id generators (validated with stdnum)', () => {
  it('ES CIF', () => check(randomEsCif, validator('ES', 'cif').validate, /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/));
  it('ES DNI', () => check(randomEsDni, validator('ES', 'dni').validate, /^\d{8}[A-Z]$/));
  it('ES NIE', () => check(randomEsNie, validator('ES', 'nie').validate, /^[XYZ]\d{7}[A-Z]$/));
  it('ES NIF (mixed CIF/DNI/NIE)', () => check(randomEsNif, validator('ES', 'nif').validate, /^[0-9A-Z]\d{7}[0-9A-Z]$/));
  it('IT Partita IVA', () => check(randomItIva, validator('IT', 'iva').validate, /^\d{11}$/));
  it('PL NIP', () => check(randomPlNip, validator('PL', 'nip').validate, /^[1-9]\d{9}$/));
  it('PL REGON', () => check(randomPlRegon, validator('PL', 'regon').validate, /^\d{9}$/));
  it('RU INN 10 (companies)', () => check(randomRuInn10, validator('RU', 'inn').validate, /^\d{10}$/));
  it('RU INN 12 (individual entrepreneurs)', () => check(randomRuInn12, validator('RU', 'inn').validate, /^\d{12}$/));

  it('CIF control is a letter for P/Q/R/S/N/W and a digit for A/B', () => {
    expect(esCifFromDigits('P', '1700000')).toMatch(/[A-J]$/);
    expect(esCifFromDigits('B', '2803862')).toBe('B28038628');
  });

  it('NIP is printed 3-3-2-2 and still validates', () => {
    const nip = randomPlNip(mulberry32(1));
    expect(formatPlNip(nip)).toMatch(/^\d{3}-\d{3}-\d{2}-\d{2}$/);
    expect(validator('PL', 'nip').validate(formatPlNip(nip)).isValid).toBe(true);
  });

  it('personal codice fiscale', () => {
    const rng = mulberry32(7);
    for (let k = 0; k < N; k++) {
      const cf = itCodiceFiscale({
        surname: ['Rossi', 'Bo', 'De Luca', 'Müller'][k % 4] as string,
        name: ['Luigi', 'Giulia', 'Ugo', 'Francesca'][k % 4] as string,
        year: 1940 + Math.floor(rng() * 60),
        month: 1 + Math.floor(rng() * 12),
        day: 1 + Math.floor(rng() * 28),
        female: k % 2 === 1,
        belfiore: ['F205', 'H501', 'L219'][k % 3] as string,
      });
      expect(validator('IT', 'codicefiscale').validate(cf).isValid, cf).toBe(true);
    }
  });
});
