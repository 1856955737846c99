/** Accounts: search and an account's page (read-only). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleDeps } from '../server';
import { lazyModule } from '../lazy-module';

/** Loaded on first use, like the duplicates pages: survivorship and lineage need the merge engine. */
const data = lazyModule({ require: () => require('../accounts/account-data') as typeof import('../accounts/account-data'), import: () => import('../accounts/account-data') });
import { sendHtml } from '../http/render';
import { needs, viewContext } from '../http/request-context';
import { translator } from '../i18n/i18n';
import { AccountPage, AccountsPage } from '../views/accounts';
import { ErrorPage } from '../views/error-page';

export function accountRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;
  app.get<{ Querystring: { q?: string } }>('/accounts', { preHandler: needs('viewer') }, async (req, reply) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const hits = q.trim().length >= 2 ? await (await data()).searchAccounts(db, q) : null;
    return sendHtml(reply, AccountsPage({ ctx: viewContext(req, reply, config), q, hits }));
  });
  app.get('/accounts/:id', { preHandler: needs('viewer') }, async (request, reply) => {
    const req = request as FastifyRequest<{ Params: { id: string } }>;
    const v = await (await data()).accountView(db, req.params.id);
    if (!v) return sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404);
    return sendHtml(reply, AccountPage({ ctx: viewContext(req, reply, config), v }));
  });
}
