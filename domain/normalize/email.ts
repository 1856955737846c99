/**
 * E-mail addresses: clean up how they are written in spreadsheets and CRMs exports
 * ("mailto:", "Juan <juan@x.es>", several in one cell) and check they are plausible.
 * Deliverability is not checked (no DNS: these functions are pure).
 */
import { FREE_MAIL_DOMAINS } from './free-mail-domains';
import { fail, type Failure } from './result';

export type EmailResult = { ok: true; value: string; domain: string } | Failure;
export interface SplitEmails {
  /** Normalized, de-duplicated, in order of appearance. */
  emails: string[];
  /** Pieces that looked like addresses but failed normalization, as written. */
  invalid: string[];
}

const MAILTO = /^mailto:/i;
const ANGLE = /<([^<>]*)>/;
// Practical, not RFC 5322: what real mailboxes use. Unicode letters are allowed (EAI/IDN:
// "josé@müller.de"); quoted local parts and IP-literal domains are not.
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
const SURROUNDING_JUNK = /^["'(\[\s]+|["')\].,;:\s]+$/g;

/** One address. Lower-cases the whole address: no European provider treats local parts case-sensitively. */
export function normalizeEmail(raw: string): EmailResult {
  let s = raw.trim();
  const angle = ANGLE.exec(s);
  if (angle) s = (angle[1] as string).trim();
  s = s.replace(MAILTO, '').replace(SURROUNDING_JUNK, '');
  const q = s.indexOf('?'); // mailto:x@y.es?subject=…
  if (q >= 0) s = s.slice(0, q);
  if (s === '') return fail('empty');
  s = s.toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return fail(`not an e-mail address: "${raw.trim()}"`);
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || domain.length > 253 || !LOCAL.test(local)) return fail(`invalid e-mail local part: "${raw.trim()}"`);
  if (!DOMAIN.test(domain)) return fail(`invalid e-mail domain: "${raw.trim()}"`);
  return { ok: true, value: s, domain };
}

/**
 * Several addresses in one cell, separated by "," ";" or whitespace. Separators inside quotes
 * or angle brackets do not split ("Pérez, Juan" <juan@x.es>); a piece with a display name is
 * split only at , and ; so the name stays with its address.
 */
export function splitEmails(raw: string): SplitEmails {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  const take = (piece: string): void => {
    const p = piece.trim();
    if (p === '') return;
    const r = normalizeEmail(p);
    if (r.ok) {
      if (!seen.has(r.value)) {
        seen.add(r.value);
        emails.push(r.value);
      }
    } else invalid.push(p);
  };
  const takeSegment = (segment: string): void => {
    if (segment.includes('<')) return take(segment);
    let start = 0;
    for (let i = 0; i <= segment.length; i++) {
      if (i === segment.length || isSpace(segment.charCodeAt(i))) {
        take(segment.slice(start, i));
        start = i + 1;
      }
    }
  };
  let inQuotes = false;
  let inAngle = false;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    else if ((ch === ',' || ch === ';') && !inQuotes && !inAngle) {
      takeSegment(raw.slice(start, i));
      start = i + 1;
    }
  }
  takeSegment(raw.slice(start));
  return { emails, invalid };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x202f;
}

/** True for consumer mailbox providers (gmail.com, wp.pl, mail.ru, libero.it, …). */
export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.trim().toLowerCase());
}
