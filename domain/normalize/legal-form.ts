/**
 * Split a company name into the name proper and its legal form, so "Distribuciones Pérez, S.L."
 * and "DISTRIBUCIONES PEREZ SL" match, and the form lands in its own column.
 */
import { LEADING_LEGAL_FORMS, TRAILING_LEGAL_FORMS, type LegalFormSpec } from './legal-form-table';
import { cleanText } from './text';

export interface CompanyName {
  name: string;
  legalForm: string | null;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/;

/** Regex source for one spelling (see LegalFormSpec for loose vs exact). */
function spellingSource(spelling: string, loose: boolean): string {
  let out = '';
  for (let i = 0; i < spelling.length; i++) {
    const ch = spelling[i] as string;
    const last = i === spelling.length - 1;
    if (ch === ' ') out += loose ? '\\s*' : '\\s+';
    else if (loose && ch === '.') out += last ? '\\.?' : '\\.\\s*';
    else if (REGEX_SPECIAL.test(ch)) out += `\\${ch}`;
    else if (loose && ch.toLowerCase() !== ch.toUpperCase()) out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else out += ch;
  }
  return out;
}

/** One capture group per form, so the matched group's index identifies the form. */
function alternation(forms: readonly LegalFormSpec[]): string {
  return forms
    .map((f) => `(${[...(f.loose ?? []).map((s) => spellingSource(s, true)), ...(f.exact ?? []).map((s) => spellingSource(s, false))].join('|')})`)
    .join('|');
}

// Built once at load. The separator before a trailing form is mandatory (space or comma), so
// the "S.A." inside "Sala" or the "SA" ending "CASA" can never match.
const TRAILING = new RegExp(`^(.+?)(?:\\s*,\\s*|\\s+)(?:${alternation(TRAILING_LEGAL_FORMS)})\\s*$`, 'u');
const LEADING = new RegExp(`^(?:${alternation(LEADING_LEGAL_FORMS)})(?:\\s*,?\\s+|(?=[«"„“']))(.+)$`, 'u');
const WHOLE_IS_FORM = new RegExp(`^(?:${alternation(TRAILING_LEGAL_FORMS)})$`, 'u');
const TRAILING_PUNCTUATION = /[\s,;–-]+$/;
const ENCLOSING_QUOTES = /^[«"„“'](.+)[»"“”']$/;
const ANY_QUOTE = /[«»"„“”]/;

export function splitLegalForm(raw: string): CompanyName {
  const full = cleanText(raw) ?? '';
  // A name that is only a legal form ("S.L.", "GmbH & Co. KG") is kept whole.
  if (WHOLE_IS_FORM.test(full)) return { name: full, legalForm: null };
  const leading = LEADING.exec(full);
  if (leading) {
    const name = unquote((leading[leading.length - 1] as string).replace(TRAILING_PUNCTUATION, ''));
    const form = matchedForm(leading, LEADING_LEGAL_FORMS, 1);
    if (name && form) return { name, legalForm: form };
  }
  const trailing = TRAILING.exec(full);
  if (trailing) {
    const name = unquote((trailing[1] as string).replace(TRAILING_PUNCTUATION, ''));
    const form = matchedForm(trailing, TRAILING_LEGAL_FORMS, 2);
    if (name && form) return { name, legalForm: form };
  }
  return { name: unquote(full), legalForm: null };
}

function matchedForm(m: RegExpExecArray, forms: readonly LegalFormSpec[], firstGroup: number): string | null {
  for (let i = 0; i < forms.length; i++) {
    if (m[firstGroup + i] !== undefined) return (forms[i] as LegalFormSpec).canonical;
  }
  return null;
}

/** «Ромашка» → Ромашка, only when the quotes wrap the whole name and nothing else is quoted. */
function unquote(name: string): string {
  const m = ENCLOSING_QUOTES.exec(name);
  if (!m) return name;
  const inner = (m[1] as string).trim();
  return inner === '' || ANY_QUOTE.test(inner) ? name : inner;
}
