/** Duplicates: queue, pair (accept / reject / skip on y / n / u), merge history with Undo. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MergeRefusedError } from '../../activities/merge/errors';
import { allows } from '../auth/roles';
import type { ConsoleDeps } from '../server';
import type { Decision } from '../duplicates/review-data';
import { lazyModule } from '../lazy-module';

/**
 * The merge engine and the matcher's normalizers (stdnum, libphonenumber … about 20 MB) load on
 * the first duplicates page, not at start: a console used for imports and runs never pays them.
 */
const review = lazyModule({ require: () => require('../duplicates/review-data') as typeof import('../duplicates/review-data'), import: () => import('../duplicates/review-data') });
import { sendHtml, seeOther } from '../http/render';
import { isHx, needs, viewContext } from '../http/request-context';
import { translator } from '../i18n/i18n';
import { ErrorPage } from '../views/error-page';
import { HistoryPage, PairPage, QueuePage } from '../views/duplicates';
import { pageOf } from './import-routes';

type IdReq = FastifyRequest<{ Params: { id: string } }>;

const positiveId = (s: string) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n < 2 ** 53 ? n : null;
};

export function duplicateRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404);

  app.get<{ Querystring: { page?: string; entity?: string; done?: string } }>('/duplicates', { preHandler: needs('viewer') }, async (req, reply) => {
    const entity = req.query.entity === 'accounts' || req.query.entity === 'contacts' ? req.query.entity : undefined;
    const page = pageOf(req.query.page);
    const notice = req.query.done ? { kind: 'ok' as const, text: translator(req.locale)('dup.queue_done') } : undefined;
    return sendHtml(reply, QueuePage({ ctx: viewContext(req, reply, config), items: await (await review()).reviewQueue(db, { entity, page }), page, entity, notice }));
  });

  app.get('/duplicates/history', { preHandler: needs('viewer') }, async (request, reply) => {
    const req = request as FastifyRequest<{ Querystring: { page?: string } }>;
    const page = pageOf(req.query.page);
    return sendHtml(reply, HistoryPage({ ctx: viewContext(req, reply, config), items: await (await review()).mergeHistory(db, { page }), page, canUndo: allows(req.user!.role, 'reviewer') }));
  });

  const pairPage = async (req: IdReq, reply: FastifyReply, notice?: { kind: 'ok' | 'error'; text: string }, status = 200) => {
    const id = positiveId(req.params.id);
    if (!id || !(await db('review_queue').where({ id }).first('id'))) return notFound(req, reply);
    return sendHtml(reply, PairPage({ ctx: viewContext(req, reply, config), v: await (await review()).pairView(db, id), canDecide: allows(req.user!.role, 'reviewer'), notice }), status);
  };

  app.get('/duplicates/:id', { preHandler: needs('viewer') }, (req, reply) => pairPage(req as IdReq, reply));

  for (const decision of ['accept', 'reject', 'skip'] as Decision[]) {
    app.post(`/duplicates/:id/${decision}`, { preHandler: needs('reviewer') }, async (request, reply) => {
      const req = request as IdReq;
      const id = positiveId(req.params.id);
      if (!id || !(await db('review_queue').where({ id }).first('id'))) return notFound(req, reply);
      try {
        await (await review()).decide(db, id, decision, req.user!.email);
      } catch (err) {
        if (!(err instanceof MergeRefusedError)) throw err;
        return pairPage(req, reply, { kind: 'error', text: translator(req.locale)('dup.refused', { reason: err.message }) }, 409);
      }
      // On to the next pair in queue order, leaving aside the ones this person skipped.
      const skipped = (await db('review_decisions').where({ actor: req.user!.email, decision: 'skip' }).pluck('review_id')).map(Number);
      const next = await (await review()).nextPending(db, skipped);
      return seeOther(reply, next ? `/duplicates/${next}` : '/duplicates?done=1', isHx(req));
    });
  }

  app.post('/duplicates/history/:id/undo', { preHandler: needs('reviewer') }, async (request, reply) => {
    const req = request as IdReq;
    const id = positiveId(req.params.id);
    if (!id) return notFound(req, reply);
    const t = translator(req.locale);
    let notice: { kind: 'ok' | 'error'; text: string };
    let status = 200;
    try {
      const r = await (await review()).undoMerge(db, id, req.user!.email);
      notice = { kind: 'ok', text: t('dup.undo_done', { id: r.mergeId }) };
    } catch (err) {
      if (!(err instanceof MergeRefusedError)) throw err;
      notice = { kind: 'error', text: t('dup.refused', { reason: err.message }) };
      status = 409;
    }
    return sendHtml(reply, HistoryPage({ ctx: viewContext(req, reply, config), items: await (await review()).mergeHistory(db, { page: 1 }), page: 1, canUndo: true, notice }), status);
  });
}
