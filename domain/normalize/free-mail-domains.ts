/**
 * Consumer mailbox providers. An e-mail at one of these says nothing about the company, so its
 * domain must never be used to match or create an account.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  // International
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.es', 'hotmail.it', 'hotmail.fr', 'hotmail.de',
  'hotmail.co.uk', 'outlook.com', 'outlook.es', 'outlook.it', 'outlook.fr', 'outlook.de', 'live.com',
  'live.es', 'live.it', 'live.fr', 'msn.com', 'yahoo.com', 'yahoo.es', 'yahoo.it', 'yahoo.fr',
  'yahoo.de', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'zoho.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tutanota.com', 'tuta.io', 'mail.com',
  'email.com', 'hey.com', 'fastmail.com', 'yandex.com',
  // Germany / Austria / Switzerland
  'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.com', 'web.de', 't-online.de', 'freenet.de',
  'posteo.de', 'mailbox.org', 'bluewin.ch',
  // Italy
  'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'tin.it', 'email.it', 'fastwebnet.it',
  'inwind.it', 'iol.it', 'aruba.it', 'pec.it', 'legalmail.it',
  // Spain / Catalonia
  'telefonica.net', 'terra.es', 'movistar.es', 'ono.com', 'ya.com', 'wanadoo.es', 'orange.es', 'euskaltel.net',
  // France / Belgium
  'orange.fr', 'wanadoo.fr', 'laposte.net', 'free.fr', 'sfr.fr', 'neuf.fr', 'bbox.fr', 'skynet.be',
  // Portugal
  'sapo.pt', 'clix.pt',
  // Poland
  'wp.pl', 'o2.pl', 'onet.pl', 'onet.eu', 'op.pl', 'interia.pl', 'interia.eu', 'poczta.fm', 'gazeta.pl', 'tlen.pl',
  // Russia / CIS
  'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'internet.ru', 'yandex.ru', 'ya.ru', 'yandex.ua', 'yandex.by',
  'yandex.kz', 'rambler.ru', 'lenta.ru', 'ukr.net', 'i.ua', 'meta.ua', 'tut.by',
  // United Kingdom
  'btinternet.com', 'sky.com', 'virginmedia.com', 'talktalk.net',
]);
