import { stdnum } from '../normalize/stdnum-countries';
import type { Cell } from './compile-mapping';

/** What a column's sample values look like, used to break ties between header matches. */
export type ValueHint = 'email' | 'tax_id';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const TAX_ID_VALIDATORS = [
  stdnum.ES?.nif, // NIF, CIF, NIE, DNI
  stdnum.IT?.iva,
  stdnum.IT?.codicefiscale,
  stdnum.PL?.nip,
  stdnum.RU?.inn,
  stdnum.DE?.vat,
  stdnum.FR?.tva,
  stdnum.FR?.siret,
].filter((validator) => validator !== undefined);

/** Share of the non-empty samples that must agree: a stray value does not hide a pattern. */
const AGREEMENT = 0.8;

export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text);
}

/**
 * A value with a valid tax-id checksum. Phone numbers are the risk (all digits, and 9 digits pass
 * the German VAT checksum one time in ten), so digit-only values count only at the lengths of
 * Italian (11), Polish (10) and Russian (10/12) ids and never with a "+"/"00" dialling prefix.
 */
export function looksLikeTaxId(text: string): boolean {
  if (/^(\+|00)/.test(text)) return false;
  const compact = text.replace(/[\s.\-/]/g, '').toUpperCase();
  if (compact.length < 8 || compact.length > 16) return false;
  if (/^\d+$/.test(compact) && ![10, 11, 12].includes(compact.length)) return false;
  return TAX_ID_VALIDATORS.some((validator) => validator.validate(compact).isValid);
}

/** The hint for one column's samples, or null when they show no clear pattern. */
export function valueHint(samples: readonly (Cell | undefined)[]): ValueHint | null {
  const texts = samples.flatMap((cell) => (cell === null || cell === undefined || String(cell).trim() === '' ? [] : [String(cell).trim()]));
  if (texts.length === 0) return null;
  const share = (test: (text: string) => boolean) => texts.filter(test).length / texts.length;
  if (share(looksLikeEmail) >= AGREEMENT) return 'email';
  if (share(looksLikeTaxId) >= AGREEMENT) return 'tax_id';
  return null;
}
