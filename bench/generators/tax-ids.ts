/**
 * Generators of VALID tax ids (check digits computed) for the countries of the example and
 * benchmark files: ES CIF / NIF (DNI, NIE), IT Partita IVA and personal Codice Fiscale,
 * PL NIP and REGON, RU INN (10 digits: companies; 12 digits: individual entrepreneurs).
 *
 * Each id has a `...FromDigits` form (deterministic: check digit(s) computed from the given body,
 * used for unique ids derived from a row index) and a `random...` form drawing from a PRNG.
 * stdnum validates these in the unit tests; it cannot generate them.
 */
import { digits, int, pick, type Rng } from './prng';

// ---------------------------------------------------------------- Spain

/** CIF entity-type letters (first character). */
export const ES_CIF_LETTERS = 'ABCDEFGHJNPQRSUVW';
/** Types whose control character must be a letter (N foreign entities, P local bodies, Q public bodies, R religious, S state, W non-resident). */
const ES_CIF_LETTER_CONTROL = 'NPQRSW';
const ES_CIF_CONTROL_LETTERS = 'JABCDEFGHI';
const ES_DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** The numeric CIF control digit (0-9) of a 7-digit body (Luhn-style: odd positions doubled). */
export function esCifControl(body7: string): number {
  if (!/^\d{7}$/.test(body7)) throw new Error(`CIF body must be 7 digits: ${body7}`);
  let sum = 0;
  for (let k = 0; k < 7; k++) {
    const d = Number(body7[k]);
    if (k % 2 === 0) {
      const dd = d * 2;
      sum += Math.floor(dd / 10) + (dd % 10);
    } else {
      sum += d;
    }
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid CIF: entity letter + 7-digit body + control (a letter for N/P/Q/R/S/W, a digit otherwise). */
export function esCifFromDigits(letter: string, body7: string): string {
  if (letter.length !== 1 || !ES_CIF_LETTERS.includes(letter)) throw new Error(`bad CIF letter ${letter}`);
  const c = esCifControl(body7);
  const control = ES_CIF_LETTER_CONTROL.includes(letter) ? ES_CIF_CONTROL_LETTERS[c] : String(c);
  return `${letter}${body7}${control}`;
}

/** A random valid company CIF: mostly B (S.L.) and A (S.A.), as in real customer files. */
export function randomEsCif(rng: Rng, letter?: string): string {
  const l = letter ?? pick(rng, ['B', 'B', 'B', 'B', 'A', 'A', 'E', 'F', 'G', 'J', 'U', 'V', 'N', 'P', 'Q', 'R', 'S', 'W', 'C', 'D', 'H']);
  return esCifFromDigits(l, digits(rng, 7));
}

/** A valid DNI-based NIF (natural persons, e.g. autónomos): 8 digits + letter. */
export function esDniFromDigits(body8: string): string {
  if (!/^\d{8}$/.test(body8)) throw new Error(`DNI body must be 8 digits: ${body8}`);
  return `${body8}${ES_DNI_LETTERS[Number(body8) % 23]}`;
}

export function randomEsDni(rng: Rng): string {
  return esDniFromDigits(digits(rng, 8));
}

/** A valid NIE (foreign residents): X/Y/Z + 7 digits + letter. */
export function esNieFromDigits(prefix: 'X' | 'Y' | 'Z', body7: string): string {
  if (!/^\d{7}$/.test(body7)) throw new Error(`NIE body must be 7 digits: ${body7}`);
  const n = Number(`${'XYZ'.indexOf(prefix)}${body7}`);
  return `${prefix}${body7}${ES_DNI_LETTERS[n % 23]}`;
}

export function randomEsNie(rng: Rng): string {
  return esNieFromDigits(pick(rng, ['X', 'Y', 'Z'] as const), digits(rng, 7));
}

/** A random valid Spanish NIF: a CIF (companies, 80%), a DNI (15%) or a NIE (5%). */
export function randomEsNif(rng: Rng): string {
  const r = rng();
  if (r < 0.8) return randomEsCif(rng);
  if (r < 0.95) return randomEsDni(rng);
  return randomEsNie(rng);
}

// ---------------------------------------------------------------- Italy

/**
 * Partita IVA office codes (digits 8-10) accepted by the validators: 001-100 (province offices),
 * 120, 121 (and 888, 999 for special cases). A few real province codes, for realism.
 */
export const IT_OFFICE_CODES = { TO: '001', MI: '015', VE: '027', BO: '037', FI: '048', RM: '058', NA: '063', BA: '072', PA: '082' } as const;

/** Luhn check digit over the first 10 digits of a Partita IVA. */
export function itIvaCheck(first10: string): number {
  if (!/^\d{10}$/.test(first10)) throw new Error(`P.IVA body must be 10 digits: ${first10}`);
  let sum = 0;
  for (let k = 0; k < 10; k++) {
    const d = Number(first10[k]);
    if (k % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid Partita IVA: 7-digit serial + 3-digit office code + check digit. */
export function itIvaFromDigits(serial7: string, office3: string): string {
  const code = Number(office3);
  if (!/^\d{3}$/.test(office3) || !((code >= 1 && code <= 100) || [120, 121, 888, 999].includes(code))) {
    throw new Error(`bad P.IVA office code ${office3}`);
  }
  const first10 = `${serial7}${office3}`;
  return `${first10}${itIvaCheck(first10)}`;
}

export function randomItIva(rng: Rng): string {
  return itIvaFromDigits(digits(rng, 7), String(int(rng, 1, 100)).padStart(3, '0'));
}

const CF_ODD: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

/** The check character of a personal Codice Fiscale (16th character) from the first 15. */
export function itCodiceFiscaleCheck(first15: string): string {
  if (!/^[A-Z0-9]{15}$/.test(first15)) throw new Error(`bad codice fiscale body ${first15}`);
  let sum = 0;
  for (let k = 0; k < 15; k++) {
    const ch = first15[k] as string;
    if (k % 2 === 0) sum += CF_ODD[ch] ?? 0;
    else sum += /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function cfLetters(s: string): { cons: string; vows: string } {
  const up = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return { cons: up.replace(/[AEIOU]/g, ''), vows: up.replace(/[^AEIOU]/g, '') };
}

/**
 * A personal Codice Fiscale (sole traders, "ditte individuali"): surname, name, birth date, sex,
 * Belfiore code of the birthplace (e.g. F205 Milano, H501 Roma) and check character.
 */
export function itCodiceFiscale(p: { surname: string; name: string; year: number; month: number; day: number; female: boolean; belfiore: string }): string {
  const s = cfLetters(p.surname);
  const surname = `${s.cons}${s.vows}XXX`.slice(0, 3);
  const n = cfLetters(p.name);
  const name = n.cons.length >= 4 ? `${n.cons[0]}${n.cons[2]}${n.cons[3]}` : `${n.cons}${n.vows}XXX`.slice(0, 3);
  const yy = String(p.year % 100).padStart(2, '0');
  const mm = 'ABCDEHLMPRST'[p.month - 1];
  if (!mm) throw new Error(`bad month ${p.month}`);
  const dd = String(p.day + (p.female ? 40 : 0)).padStart(2, '0');
  const first15 = `${surname}${name}${yy}${mm}${dd}${p.belfiore}`;
  return `${first15}${itCodiceFiscaleCheck(first15)}`;
}

// ---------------------------------------------------------------- Poland

const PL_NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const PL_REGON9_WEIGHTS = [8, 9, 2, 3, 4, 5, 6, 7];

/** The NIP check digit of the first 9 digits, or 10 when no valid NIP starts with them. */
export function plNipCheck(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new Error(`NIP body must be 9 digits: ${first9}`);
  let sum = 0;
  for (let k = 0; k < 9; k++) sum += Number(first9[k]) * (PL_NIP_WEIGHTS[k] ?? 0);
  return sum % 11;
}

/**
 * A valid NIP from 9 digits; when their check would be 10 (not assignable), the 9th digit is
 * bumped (the weight 7 is invertible mod 11, so at most one value of the 9th digit is bad).
 */
export function plNipFromDigits(first9: string): string {
  let body = first9;
  let c = plNipCheck(body);
  if (c === 10) {
    body = `${body.slice(0, 8)}${(Number(body[8]) + 1) % 10}`;
    c = plNipCheck(body);
  }
  return `${body}${c}`;
}

/** A random valid NIP; the first 3 digits are a tax office code (101-999, no zeros at start). */
export function randomPlNip(rng: Rng): string {
  return plNipFromDigits(`${int(rng, 101, 999)}${digits(rng, 6)}`);
}

/** NIP written the way Polish ERPs print it: 526-000-12-46. */
export function formatPlNip(nip: string): string {
  return `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8, 10)}`;
}

/** A valid 9-digit REGON. */
export function plRegonFromDigits(first8: string): string {
  if (!/^\d{8}$/.test(first8)) throw new Error(`REGON body must be 8 digits: ${first8}`);
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += Number(first8[k]) * (PL_REGON9_WEIGHTS[k] ?? 0);
  return `${first8}${(sum % 11) % 10}`;
}

export function randomPlRegon(rng: Rng): string {
  return plRegonFromDigits(digits(rng, 8));
}

// ---------------------------------------------------------------- Russia

const RU_INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const RU_INN12_W1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const RU_INN12_W2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innDigit(body: string, weights: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < weights.length; k++) sum += Number(body[k]) * (weights[k] ?? 0);
  return (sum % 11) % 10;
}

/** A valid 10-digit INN (legal entities) from 9 digits (4-digit tax office + 5-digit serial). */
export function ruInn10FromDigits(first9: string): string {
  if (!/^\d{9}$/.test(first9)) throw new Error(`INN10 body must be 9 digits: ${first9}`);
  return `${first9}${innDigit(first9, RU_INN10_WEIGHTS)}`;
}

/** A valid 12-digit INN (individuals, ИП) from 10 digits. */
export function ruInn12FromDigits(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new Error(`INN12 body must be 10 digits: ${first10}`);
  const d11 = innDigit(first10, RU_INN12_W1);
  const d12 = innDigit(`${first10}${d11}`, RU_INN12_W2);
  return `${first10}${d11}${d12}`;
}

/** Tax office codes (region + inspectorate) of a few big cities: Moscow, St Petersburg, Novosibirsk, Yekaterinburg, Kazan. */
export const RU_TAX_OFFICES = ['7701', '7703', '7705', '7714', '7728', '7805', '7810', '5406', '6658', '1655'] as const;

export function randomRuInn10(rng: Rng): string {
  return ruInn10FromDigits(`${pick(rng, RU_TAX_OFFICES)}${digits(rng, 5)}`);
}

export function randomRuInn12(rng: Rng): string {
  return ruInn12FromDigits(`${pick(rng, RU_TAX_OFFICES)}${digits(rng, 6)}`);
}

/** A КПП (tax registration reason code) for a company: tax office of the INN + reason 01 + 001. */
export function ruKppForInn(inn10: string): string {
  return `${inn10.slice(0, 4)}01001`;
}

// ---------------------------------------------------------------- defects

/**
 * Breaks a valid id by changing its last digit (for deliberately invalid example rows). The result
 * has the right length and format but a wrong checksum.
 */
export function corruptCheckDigit(id: string): string {
  const last = id[id.length - 1] ?? '0';
  const bumped = /\d/.test(last) ? String((Number(last) + 1) % 10) : last === 'A' ? 'B' : 'A';
  return `${id.slice(0, -1)}${bumped}`;
}
