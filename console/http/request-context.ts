/**
 * Per request: the user from the session cookie, the language, and the view context templates get.
 * Routes declare the role they need with `needs(role)`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { SESSION_COOKIE, sessionUser } from '../auth/sessions';
import { allows, type Role } from '../auth/roles';
import type { ConsoleUser } from '../auth/users';
import type { ConsoleConfig } from '../config';
import { chooseLocale, formatters, LOCALE_COOKIE, translator, type Locale } from '../i18n/i18n';
import type { ViewContext } from '../views/view-context';

declare module 'fastify' {
  interface FastifyRequest {
    user: ConsoleUser | null;
    locale: Locale;
  }
}

export function installRequestContext(app: FastifyInstance, db: Knex): void {
  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'en');
  app.addHook('onRequest', async (req) => {
    req.locale = chooseLocale(req.cookies[LOCALE_COOKIE], req.headers['accept-language']);
    if (req.url.startsWith('/assets/')) return;
    req.user = await sessionUser(db, req.cookies[SESSION_COOKIE]);
  });
}

export function viewContext(req: FastifyRequest, reply: FastifyReply, config: ConsoleConfig): ViewContext {
  return {
    locale: req.locale,
    t: translator(req.locale),
    f: formatters(req.locale, config.timeZone),
    user: req.user,
    csrf: reply.generateCsrf(),
    path: req.url,
    temporalUiUrl: config.temporalUiUrl.replace(/\/$/, ''),
    namespace: config.namespace,
  };
}

/** A preHandler: signed in (else to /login) with at least `role` (else 403). */
export function needs(role: Role) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) {
      if (req.method === 'GET') return reply.code(303).header('location', `/login?next=${encodeURIComponent(req.url)}`).send('');
      return reply.code(401).type('text/plain; charset=utf-8').send('sign in first');
    }
    if (!allows(req.user.role, role)) return reply.code(403).type('text/plain; charset=utf-8').send(translator(req.locale)('error.forbidden'));
  };
}

export const isHx = (req: FastifyRequest) => req.headers['hx-request'] === 'true';
