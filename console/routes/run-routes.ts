/** Runs: the ledger, a run's page, its quarantine (paged fragments, ignore, replay) and downloads. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../auth/roles';
import type { ConsoleDeps } from '../server';
import { audit } from '../audit';
import { sendHtml, seeOther } from '../http/render';
import { isHx, needs, viewContext } from '../http/request-context';
import { translator } from '../i18n/i18n';
import { receiveUpload, UploadRefused } from '../imports/receive-upload';
import { ignoreRejects, replayRejects } from '../runs/quarantine-actions';
import { listRuns, rejectReasons, rejectsCsv, rejectsPage, runDetail, warningCodes, warningsCsv, warningsPage } from '../runs/run-data';
import { ErrorPage } from '../views/error-page';
import { RejectsTable, WarningsTable } from '../views/run-parts';
import { RunPage, RunsPage } from '../views/runs';
import { pageOf } from './import-routes';

type RunReq = FastifyRequest<{ Params: { id: string }; Querystring: { page?: string; reason?: string; field?: string } }>;

export function runRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;
  const runId = (req: RunReq) => {
    const n = Number(req.params.id);
    return Number.isInteger(n) && n > 0 && n < 2 ** 53 ? n : null;
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404);

  app.get<{ Querystring: { page?: string; kind?: string } }>('/runs', { preHandler: needs('viewer') }, async (req, reply) => {
    const kind = req.query.kind === 'imports' || req.query.kind === 'syncs' ? req.query.kind : undefined;
    const page = pageOf(req.query.page);
    return sendHtml(reply, RunsPage({ ctx: viewContext(req, reply, config), runs: await listRuns(db, { page, kind }), page, kind }));
  });

  const runPage = async (req: RunReq, reply: FastifyReply, notice?: { kind: 'ok' | 'error'; text: string }, status = 200) => {
    const id = runId(req);
    const detail = id ? await runDetail(db, id) : null;
    if (!id || !detail) return notFound(req, reply);
    const [reasons, warnings, rejects, warningItems] = await Promise.all([
      rejectReasons(db, id), warningCodes(db, id), rejectsPage(db, id, { page: 1 }), warningsPage(db, id, { page: 1 }),
    ]);
    return sendHtml(reply, RunPage({
      ctx: viewContext(req, reply, config), ...detail, reasons, warnings, rejects, warningItems, canAct: allows(req.user!.role, 'reviewer'), notice,
    }), status);
  };

  app.get('/runs/:id', { preHandler: needs('viewer') }, (req, reply) => runPage(req as RunReq, reply));

  app.get('/runs/:id/rejects', { preHandler: needs('viewer') }, async (request, reply) => {
    const req = request as RunReq;
    const id = runId(req);
    if (!id) return notFound(req, reply);
    const page = pageOf(req.query.page);
    const items = await rejectsPage(db, id, { page, reason: req.query.reason });
    const frag = RejectsTable({ ctx: viewContext(req, reply, config), items, page, base: `/runs/${id}/rejects`, selectable: allows(req.user!.role, 'reviewer') });
    return sendHtml(reply, frag, 200, false);
  });

  app.get('/runs/:id/warnings', { preHandler: needs('viewer') }, async (request, reply) => {
    const req = request as RunReq;
    const id = runId(req);
    if (!id) return notFound(req, reply);
    const page = pageOf(req.query.page);
    const items = await warningsPage(db, id, { page, field: req.query.field });
    return sendHtml(reply, WarningsTable({ ctx: viewContext(req, reply, config), items, page, base: `/runs/${id}/warnings` }), 200, false);
  });

  const download = (name: string, make: typeof rejectsCsv) => async (request: FastifyRequest, reply: FastifyReply) => {
    const req = request as RunReq;
    const id = runId(req);
    if (!id || !(await db('sync_runs').where({ id }).first('id'))) return notFound(req, reply);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="run-${id}-${name}.csv"`)
      .header('x-content-type-options', 'nosniff').send(await make(db, id));
  };
  app.get('/runs/:id/rejects.csv', { preHandler: needs('viewer') }, download('rejects', rejectsCsv));
  app.get('/runs/:id/warnings.csv', { preHandler: needs('viewer') }, download('warnings', warningsCsv));

  app.post('/runs/:id/ignore', { preHandler: needs('reviewer') }, async (request, reply) => {
    const req = request as RunReq & { body?: { ids?: string | string[] } };
    const id = runId(req);
    if (!id) return notFound(req, reply);
    const raw = req.body?.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const n = await ignoreRejects(db, id, ids);
    await audit(db, req.user!.email, 'ignore_rejects', `run ${id}`, { ids: ids.slice(0, 1000), ignored: n });
    return runPage(req, reply, { kind: 'ok', text: translator(req.locale)('run.ignored', { count: n }) });
  });

  app.post('/runs/:id/replay', { preHandler: needs('reviewer'), config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const req = request as RunReq;
    const id = runId(req);
    if (!id) return notFound(req, reply);
    const t = translator(req.locale);
    let received;
    try {
      const part = await req.file();
      if (!part) throw new UploadRefused(t('imports.no_file'), 400);
      received = await receiveUpload(part, config.uploadDir);
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      const text = err.message === 'too_large' ? t('error.too_large', { mb: Math.round(config.maxUploadBytes / 1024 / 1024) }) : err.message === 'empty' ? t('imports.empty') : err.message;
      if (req.headers.accept?.includes('application/json')) return reply.code(err.status).send({ error: text });
      return runPage(req, reply, { kind: 'error', text }, err.status);
    }
    const workflowId = await replayRejects(db, await deps.temporal(), id, received);
    await audit(db, req.user!.email, 'replay_rejects', `run ${id}`, { workflowId, sha256: received.sha256 });
    if (req.headers.accept?.includes('application/json')) return reply.code(202).send({ location: `/runs/${id}?replay=${encodeURIComponent(workflowId)}` });
    return seeOther(reply, `/runs/${id}`, isHx(req));
  });
}
