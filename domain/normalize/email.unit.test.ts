import { describe, expect, it } from 'vitest';
import { isFreeMailDomain, normalizeEmail, splitEmails } from './email';

describe('normalizeEmail', () => {
  it.each([
    ['juan@perez.es', 'juan@perez.es', 'perez.es'],
    ['  Juan.Perez@Perez.ES  ', 'juan.perez@perez.es', 'perez.es'],
    ['mailto:ventas@rossi.it', 'ventas@rossi.it', 'rossi.it'],
    ['MAILTO:ventas@rossi.it?subject=Oferta', 'ventas@rossi.it', 'rossi.it'],
    ['Juan <juan@x.es>', 'juan@x.es', 'x.es'],
    ['"Pérez, Juan" <juan@x.es>', 'juan@x.es', 'x.es'],
    ['<biuro@firma.pl>', 'biuro@firma.pl', 'firma.pl'],
    ['(info@firma.com.pl)', 'info@firma.com.pl', 'firma.com.pl'],
    ['info@firma.pl.', 'info@firma.pl', 'firma.pl'], // sentence full stop
    ['o\'brien+crm@acme.co.uk', 'o\'brien+crm@acme.co.uk', 'acme.co.uk'],
    ['info@müller.de', 'info@müller.de', 'müller.de'], // IDN domain
    ['иван@почта.рф', 'иван@почта.рф', 'почта.рф'],
    ['x@xn--mller-kva.de', 'x@xn--mller-kva.de', 'xn--mller-kva.de'],
  ])('%j → %s', (raw, value, domain) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value, domain });
  });

  it.each([
    ['', 'empty'],
    ['mailto:', 'empty'],
    ['juan.perez.es', 'not an e-mail address'],
    ['@perez.es', 'not an e-mail address'],
    ['juan@', 'not an e-mail address'],
    ['juan@@perez.es', 'local part'],
    ['.juan@perez.es', 'local part'],
    ['juan..perez@perez.es', 'local part'],
    ['juan perez@perez.es', 'local part'],
    ['juan@perez', 'domain'],
    ['juan@perez..es', 'domain'],
    ['juan@-perez.es', 'domain'],
    ['juan@perez.e', 'domain'],
    ['juan@perez,es', 'domain'],
  ])('%j fails (%s)', (raw, reason) => {
    const r = normalizeEmail(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('splitEmails', () => {
  it.each([
    ['a@x.es, b@y.it; c@z.pl', ['a@x.es', 'b@y.it', 'c@z.pl'], []],
    ['a@x.es b@y.it\nc@z.pl\t d@w.ru', ['a@x.es', 'b@y.it', 'c@z.pl', 'd@w.ru'], []],
    ['a@x.es;;A@X.ES, ', ['a@x.es'], []], // de-duplicated, empty pieces ignored
    ['"Pérez, Juan" <juan@x.es>; Ana Gómez <ana@y.es>', ['juan@x.es', 'ana@y.es'], []],
    ['a@x.es, no-es-email, b@y.it', ['a@x.es', 'b@y.it'], ['no-es-email']],
    ['', [], []],
  ])('%j', (raw, emails, invalid) => {
    expect(splitEmails(raw)).toEqual({ emails, invalid });
  });
});

describe('isFreeMailDomain', () => {
  it.each([
    'gmail.com', 'hotmail.com', 'hotmail.es', 'outlook.com', 'yahoo.com', 'icloud.com', 'gmx.de', 'web.de',
    'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl',
    'mail.ru', 'yandex.ru', 'yandex.com', 'rambler.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'telefonica.net',
    'terra.es', 'orange.fr', 'laposte.net', 'free.fr', 'proton.me', 'protonmail.com', ' Gmail.COM ',
  ])('%s is free mail', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(true);
  });

  it.each(['perez.es', 'rossi.it', 'mail.perez.es', 'gmail.com.evil.es', 'telefonica.es'])('%s is not', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(false);
  });
});
