/** Sources and schedules: admins test connections, sync now, pause and resume schedules. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SourceCheck } from '../../activities/wizard/test-source-connection';
import { allows } from '../auth/roles';
import type { ConsoleDeps } from '../server';
import { audit } from '../audit';
import { sendHtml } from '../http/render';
import { needs, viewContext } from '../http/request-context';
import { translator } from '../i18n/i18n';
import { rootMessage } from '../imports/wizards';
import { listSchedules, listSources, pauseSchedule, resumeSchedule, syncNow, testConnection, type ScheduleItem } from '../sources/sources-data';
import { ErrorPage } from '../views/error-page';
import { SourcesPage } from '../views/sources';

type CodeReq = FastifyRequest<{ Params: { code: string } }>;

export function sourceRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;

  const page = async (req: FastifyRequest, reply: FastifyReply, extra: { tested?: { code: string; checks: SourceCheck[] }; notice?: { kind: 'ok' | 'error'; text: string } } = {}, status = 200) => {
    let schedules: ScheduleItem[] | null = null;
    let scheduleError: string | null = null;
    try {
      schedules = await listSchedules(await deps.temporal());
    } catch (err) {
      scheduleError = rootMessage(err);
    }
    return sendHtml(reply, SourcesPage({
      ctx: viewContext(req, reply, config), sources: await listSources(db), schedules, scheduleError, canAdmin: allows(req.user!.role, 'admin'), ...extra,
    }), status);
  };

  app.get('/sources', { preHandler: needs('viewer') }, (req, reply) => page(req, reply));

  const action = (name: string, run: (req: CodeReq, code: string) => Promise<{ tested?: { code: string; checks: SourceCheck[] }; text?: string }>) => {
    app.post(`/sources/:code/${name}`, { preHandler: needs('admin') }, async (request, reply) => {
      const req = request as CodeReq;
      const code = req.params.code;
      const exists = /^[a-z][a-z0-9_]{1,62}$/.test(code) && (await db('source_systems').where({ code }).first('code'));
      if (!exists) return sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404);
      try {
        const r = await run(req, code);
        await audit(db, req.user!.email, `source_${name}`, `source ${code}`);
        return page(req, reply, { tested: r.tested, notice: r.text ? { kind: 'ok', text: r.text } : undefined });
      } catch (err) {
        req.log.info({ event: 'source_action_failed', action: name, source: code }, 'source action failed');
        return page(req, reply, { notice: { kind: 'error', text: translator(req.locale)('sources.failed', { error: rootMessage(err) }) } }, 409);
      }
    });
  };

  action('test', async (_req, code) => ({ tested: { code, checks: await testConnection(await deps.temporal(), code) } }));
  action('sync', async (req, code) => {
    const t = await deps.temporal();
    const hasSchedule = (await listSchedules(t)).some((s) => s.source === code);
    const id = await syncNow(t, code, hasSchedule);
    return { text: translator(req.locale)('sources.sync_started', { code, id }) };
  });
  action('pause', async (req, code) => {
    await pauseSchedule(await deps.temporal(), code, req.user!.email);
    return { text: translator(req.locale)('sources.paused_done', { code }) };
  });
  action('resume', async (req, code) => {
    await resumeSchedule(await deps.temporal(), code, req.user!.email);
    return { text: translator(req.locale)('sources.resumed_done', { code }) };
  });
}
