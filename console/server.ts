/**
 * The console's HTTP server: Fastify with server-rendered pages (hono/jsx templates, escaped by
 * default), htmx for small swaps, no client build. It reads through the same domain and activity
 * functions as the CLI and starts work through Temporal, so no rule lives only here.
 *
 * Security: session cookies HttpOnly + SameSite=Strict (+ Secure), a CSRF token checked on every
 * POST (header `x-csrf-token`, or the `_csrf` field of a urlencoded form), CSP `script-src 'self'`
 * with no inline script or style, login rate-limited, uploads size-capped and checked before any
 * parsing, downloads formula-safe.
 */
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleConfig } from './config';
import type { ConsoleTemporal } from './temporal';
import { sendHtml } from './http/render';
import { installRequestContext, viewContext } from './http/request-context';
import { translator } from './i18n/i18n';
import { accountRoutes } from './routes/account-routes';
import { authRoutes } from './routes/auth-routes';
import { duplicateRoutes } from './routes/duplicate-routes';
import { importRoutes } from './routes/import-routes';
import { runRoutes } from './routes/run-routes';
import { sourceRoutes } from './routes/source-routes';
import { ErrorPage } from './views/error-page';
import { LoginPage } from './views/login';

export interface ConsoleDeps {
  db: Knex;
  config: ConsoleConfig;
  /** The Temporal client, connected on first use (pages that only read work without it). */
  temporal: () => Promise<ConsoleTemporal>;
  /** Where log lines go (default: stderr at CRMHUB_LOG_LEVEL, else warn). */
  logStream?: Writable;
  logLevel?: string;
  /** Signs the CSRF cookie; random per process unless given (sessions live in the database). */
  cookieSecret?: string;
}

const ASSETS: Record<string, { file: string; type: string }> = {
  'htmx.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'console.js': { file: `${__dirname}/public/console.js`, type: 'text/javascript; charset=utf-8' },
  'console.css': { file: `${__dirname}/public/console.css`, type: 'text/css; charset=utf-8' },
};

export async function buildConsole(deps: ConsoleDeps): Promise<FastifyInstance> {
  const { db, config } = deps;
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? process.env.CRMHUB_LOG_LEVEL ?? 'warn',
      stream: deps.logStream ?? process.stderr,
      // Cookies carry the session; never log them.
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    },
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies && config.host !== '127.0.0.1' && config.host !== 'localhost',
  });
  await app.register(cookie, { secret: deps.cookieSecret ?? randomBytes(32).toString('hex') });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(csrf, {
    cookieKey: 'crmhub_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies, signed: true },
    // Multipart bodies are streamed, not parsed before the check: their token travels in the header.
    getToken: (req) => (req.headers['x-csrf-token'] as string | undefined) ?? (req.body as { _csrf?: string } | undefined)?._csrf,
  });
  await app.register(multipart, {
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, parts: 12, fieldSize: 64 * 1024, headerPairs: 100 },
  });
  await app.register(rateLimit, { global: false });

  installRequestContext(app, db);
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string; limited?: boolean }, req, reply) => {
    const status = err.statusCode ?? 500;
    const t = translator(req.locale ?? 'en');
    if (status === 429 && req.url.startsWith('/login')) {
      return sendHtml(reply, LoginPage({ ctx: viewContext(req, reply, config), next: '/', error: 'limited' }), 429);
    }
    if (status >= 500) req.log.error({ err: { message: err.message, code: err.code } }, 'request failed');
    const message = err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET' ? t('error.csrf')
      : err.code === 'FST_REQ_FILE_TOO_LARGE' ? t('error.too_large', { mb: Math.round(config.maxUploadBytes / 1024 / 1024) })
        : status >= 500 ? t('error.internal') : err.message;
    if (req.headers.accept?.includes('application/json')) return reply.code(status).send({ error: message });
    return sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status, message }), status);
  });

  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return reply.code(404).send('');
    const body = readFileSync(asset.file);
    return reply.type(asset.type).header('cache-control', 'public, max-age=300')
      .header('etag', `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`).send(body);
  });

  app.get('/', async (req, reply) => reply.code(303).header('location', req.user ? '/imports' : '/login').send(''));
  authRoutes(app, db, config);
  importRoutes(app, deps);
  duplicateRoutes(app, deps);
  runRoutes(app, deps);
  sourceRoutes(app, deps);
  accountRoutes(app, deps);
  app.setNotFoundHandler(async (req, reply) => sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404));
  return app;
}
