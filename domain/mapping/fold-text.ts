import anyAscii from 'any-ascii';

/**
 * Folds a header so that spellings of the same column compare equal: case, accents, Cyrillic
 * (transliterated by any-ascii), punctuation and spacing are ignored.
 *   "RAZON SOCIAL" ≡ "Razón social", "E-mail" ≡ "email", "C.P." ≡ "CP", "Эл. почта" → "el pochta".
 */
export function foldHeader(text: string): string {
  return (
    anyAscii(text.replace(/[°º]/g, '')) // "Nº"/"N°" means "number": drop the sign, any-ascii would spell it "deg"
      .toLowerCase()
      // Dots and hyphens join abbreviations and compounds ("C.P.", "P.IVA", "E-mail", "USt-IdNr.").
      .replace(/[.\-]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

/** `foldHeader` without the spaces, to compare "P. IVA" with "P.IVA" or "E mail" with "Email". */
export function compactHeader(folded: string): string {
  return folded.replace(/ /g, '');
}

/**
 * Folds a cell value for value-map lookups: trimmed, lower case, accents and Cyrillic folded,
 * inner whitespace collapsed. Punctuation is kept: "A+" and "A" are different categories.
 */
export function foldValue(text: string): string {
  const trimmed = text.trim();
  // Fast path for the common case (plain ASCII codes like "C", "yes", "1").
  const ascii = /^[\x20-\x7e]*$/.test(trimmed) ? trimmed : anyAscii(trimmed);
  return ascii.toLowerCase().replace(/\s+/g, ' ');
}
