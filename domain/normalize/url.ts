/**
 * Web sites and e-mail domains reduced to a registrable domain (tldts, Public Suffix List):
 * "https://www.ventas.perez.co.uk/contacto" and "juan@perez.co.uk" both give "perez.co.uk",
 * which is how an account is matched by domain.
 */
import { getDomain, parse } from 'tldts';
import { fail, type Failure } from './result';

export type WebsiteResult = { ok: true; website: string; domain: string } | Failure;

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const INNER_SPACE = /\s/;
const TRAILING_SLASH = /\/+$/;
const TRAILING_ANGLE = />$/;

/**
 * A site as "https://host[/path][?query]": https is assumed (nearly every business site
 * redirects there), host lower-cased and IDN in punycode (WHATWG URL), fragment and bare
 * trailing slash dropped. The host must sit under an ICANN public suffix — "intranet", IPs
 * and typos like "perez,es" fail.
 */
export function normalizeWebsite(raw: string): WebsiteResult {
  const s = raw.trim();
  if (s === '') return fail('empty');
  if (INNER_SPACE.test(s)) return fail(`not a web address: "${s}"`);
  let withScheme = s;
  if (HAS_SCHEME.test(s)) {
    const scheme = s.slice(0, s.indexOf(':')).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return fail(`not a web address (scheme ${scheme}): "${s}"`);
  } else {
    if (s.includes('@')) return fail(`looks like an e-mail address, not a web site: "${s}"`);
    withScheme = `https://${s.startsWith('//') ? s.slice(2) : s}`;
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return fail(`not a web address: "${s}"`);
  }
  if (url.username || url.password) return fail(`web address with credentials: "${s}"`);
  const info = parse(url.hostname, { allowPrivateDomains: false });
  if (info.isIp || !info.isIcann || !info.domain) return fail(`no registrable domain in "${s}"`);
  const path = url.pathname === '/' ? '' : url.pathname.replace(TRAILING_SLASH, '');
  const port = url.port ? `:${url.port}` : '';
  return { ok: true, website: `https://${url.hostname}${port}${path}${url.search}`, domain: info.domain };
}

/** Registrable domain of an e-mail address ("juan@ventas.perez.es" → "perez.es"), or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const host = email.slice(at + 1).trim().replace(TRAILING_ANGLE, '').toLowerCase();
  if (host === '') return null;
  return getDomain(host, { allowPrivateDomains: false });
}
