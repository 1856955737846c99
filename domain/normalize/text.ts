/**
 * Free-text cleanup and matching keys.
 */
import anyAscii from 'any-ascii';

// Whitespace runs (incl. NBSP, NNBSP, thin/ideographic spaces, line breaks, tabs).
const WHITESPACE_RUN = /[\s\u200b]+/g;
// C0/C1 controls (other than whitespace, handled above), zero-width chars and the BOM that
// Windows tools leave at the start of cells.
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200c\u200d\u2060\ufeff]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ALNUM_RUN = /[^a-z0-9]+/g;
const SAFE_ASCII = /^[\x20-\x7e]*$/;
const INNER_SPACE_RUN = / {2,}/;

/**
 * Trimmed text with whitespace runs collapsed to one space and invisible characters removed;
 * NFC-normalized so "é" typed on a Mac (e + combining accent) equals the Windows "é".
 * null when nothing is left.
 */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let s = raw;
  // Fast path: plain ASCII with single spaces needs only a trim (the common case per cell).
  if (!SAFE_ASCII.test(s) || INNER_SPACE_RUN.test(s)) {
    s = s.replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').normalize('NFC');
  }
  s = s.trim();
  return s === '' ? null : s;
}

/**
 * A matching key: lower-case ASCII, accents dropped and other scripts transliterated
 * (any-ascii: "Ромашка" → "romashka", "Łódź" → "lodz", "Straße" → "strasse"), punctuation and
 * spaces collapsed to single spaces. Lossy on purpose; never display it.
 */
export function foldText(raw: string | null | undefined): string {
  const clean = cleanText(raw);
  if (clean === null) return '';
  const ascii = NON_ASCII.test(clean) ? anyAscii(clean) : clean;
  return ascii.toLowerCase().replace(NON_ALNUM_RUN, ' ').trim();
}

export interface PersonName {
  firstName: string | null;
  lastName: string | null;
}

// Russian patronymics (-ович/-евич/-ич, -овна/-евна/-ична/-инична) reveal the
// "Фамилия Имя Отчество" order used in Russian documents.
const PATRONYMIC = /(?:ович|евич|ич|овна|евна|ична|инична)$/iu;

/**
 * Split a full name. "Pérez García, Juan" (family names first, comma) and "Juan Pérez García"
 * (first token is the given name; Spanish double surnames stay together). "Иванов Иван
 * Иванович" keeps Russian order (surname first; the patronymic stays with the given name). A
 * single word is taken as the last name, which CRMs require while a first name is optional.
 */
export function splitFullName(full: string | null | undefined): PersonName {
  const s = cleanText(full);
  if (s === null) return { firstName: null, lastName: null };
  const comma = s.indexOf(',');
  if (comma >= 0) {
    const last = cleanText(s.slice(0, comma));
    const first = cleanText(s.slice(comma + 1));
    return { firstName: first, lastName: last };
  }
  const tokens = s.split(' ');
  if (tokens.length === 1) return { firstName: null, lastName: s };
  if (tokens.length === 3 && PATRONYMIC.test(tokens[2] as string)) {
    return { firstName: `${tokens[1]} ${tokens[2]}`, lastName: tokens[0] as string };
  }
  return { firstName: tokens[0] as string, lastName: tokens.slice(1).join(' ') };
}
