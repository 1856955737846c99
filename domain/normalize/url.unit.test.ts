import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeWebsite } from './url';

describe('normalizeWebsite', () => {
  it.each([
    ['www.perez.co.uk', 'https://www.perez.co.uk', 'perez.co.uk'],
    ['perez.es', 'https://perez.es', 'perez.es'],
    ['http://Perez.ES/', 'https://perez.es', 'perez.es'],
    ['HTTPS://WWW.ROSSI.IT/contatti/', 'https://www.rossi.it/contatti', 'rossi.it'],
    ['https://perez.es/es/contacto?ref=crm#top', 'https://perez.es/es/contacto?ref=crm', 'perez.es'],
    ['//firma.com.pl', 'https://firma.com.pl', 'firma.com.pl'],
    ['ventas.perez.es', 'https://ventas.perez.es', 'perez.es'],
    ['  www.romashka.ru  ', 'https://www.romashka.ru', 'romashka.ru'],
    ['https://müller.de', 'https://xn--mller-kva.de', 'xn--mller-kva.de'],
    ['ромашка.рф', 'https://xn--80aa3agjl3d.xn--p1ai', 'xn--80aa3agjl3d.xn--p1ai'],
    ['https://shop.perez.es:8443/tienda', 'https://shop.perez.es:8443/tienda', 'perez.es'],
  ])('%j → %s (%s)', (raw, website, domain) => {
    expect(normalizeWebsite(raw)).toEqual({ ok: true, website, domain });
  });

  it.each([
    ['', 'empty'],
    ['juan@perez.es', 'looks like an e-mail address'],
    ['mailto:juan@perez.es', 'looks like an e-mail address'],
    ['ftp://perez.es', 'scheme ftp'],
    ['intranet', 'no registrable domain'],
    ['perez,es', 'no registrable domain'],
    ['perez.invalidtld', 'no registrable domain'],
    ['192.168.1.10', 'no registrable domain'],
    ['www.perez .es', 'not a web address'],
    ['n/a', 'no registrable domain'],
    ['https://user:pw@perez.es', 'credentials'],
  ])('%j fails (%s)', (raw, reason) => {
    const r = normalizeWebsite(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('emailDomain', () => {
  it.each([
    ['juan@perez.es', 'perez.es'],
    ['juan@ventas.perez.es', 'perez.es'],
    ['JUAN@PEREZ.CO.UK', 'perez.co.uk'],
    ['biuro@firma.com.pl', 'firma.com.pl'],
    ['Juan <juan@perez.es>', 'perez.es'],
    ['juan@gmail.com', 'gmail.com'],
    ['no-at-sign', null],
    ['juan@', null],
    ['juan@localhost', null],
  ])('%j → %s', (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });
});
