/** Login (rate-limited per client address), logout, and the language switcher. */
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { createSession, endSession, SESSION_COOKIE } from '../auth/sessions';
import { checkLogin } from '../auth/users';
import type { ConsoleConfig } from '../config';
import { isLocale, LOCALE_COOKIE } from '../i18n/i18n';
import { safeLocalPath, sendHtml, seeOther } from '../http/render';
import { viewContext } from '../http/request-context';
import { LoginPage } from '../views/login';

export function authRoutes(app: FastifyInstance, db: Knex, config: ConsoleConfig): void {
  const cookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };

  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
    if (req.user) return seeOther(reply, '/', false);
    return sendHtml(reply, LoginPage({ ctx: viewContext(req, reply, config), next: safeLocalPath(req.query.next, '/') }));
  });

  app.post<{ Body: { email?: string; password?: string; next?: string } }>('/login', {
    config: {
      rateLimit: {
        max: config.loginPerMinute,
        timeWindow: '1 minute',
        // Per address and e-mail, once the body is read: guessing one person's password is slow,
        // and one person's typos do not lock out a whole office behind one NAT address.
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: string } | undefined)?.email ?? '').trim().toLowerCase()}`,
        errorResponseBuilder: () => ({ statusCode: 429, limited: true, message: 'too many logins' }),
      },
    },
  }, async (req, reply) => {
    const user = await checkLogin(db, String(req.body?.email ?? ''), String(req.body?.password ?? ''));
    if (!user) {
      req.log.info({ event: 'login_failed' }, 'login refused');
      return sendHtml(reply, LoginPage({ ctx: viewContext(req, reply, config), next: safeLocalPath(req.body?.next, '/'), error: 'bad' }), 401);
    }
    const token = await createSession(db, user.id, config.sessionHours);
    reply.setCookie(SESSION_COOKIE, token, { ...cookie, maxAge: config.sessionHours * 3600 });
    return seeOther(reply, safeLocalPath(req.body?.next, '/'), false);
  });

  app.post('/logout', async (req, reply) => {
    await endSession(db, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookie);
    return seeOther(reply, '/login', false);
  });

  app.post<{ Body: { to?: string; back?: string } }>('/lang', async (req, reply) => {
    const to = req.body?.to;
    if (isLocale(to)) reply.setCookie(LOCALE_COOKIE, to, { ...cookie, maxAge: 365 * 24 * 3600 });
    return seeOther(reply, safeLocalPath(req.body?.back, '/'), false);
  });
}
