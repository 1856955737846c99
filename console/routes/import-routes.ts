/** Imports: list, upload, and the wizard's steps (each an Update on the upload's importWizard). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../auth/roles';
import type { ConsoleDeps } from '../server';
import { receiveUpload, UploadRefused } from '../imports/receive-upload';
import {
  approve, configure, listImports, loadUpload, rootMessage, runOfWorkflow, startDryRun, startWizard, StepRefused, wizardState, type UploadRow,
} from '../imports/wizards';
import { sendHtml, seeOther } from '../http/render';
import { isHx, needs, viewContext } from '../http/request-context';
import { rejectReasons, rejectsPage, warningCodes } from '../runs/run-data';
import { translator } from '../i18n/i18n';
import { audit } from '../audit';
import { ImportsPage, Progress, WizardPage, type WizardStep, type WizardView } from '../views/imports';
import { ErrorPage } from '../views/error-page';

const SOURCE = /^[a-z][a-z0-9_]{1,62}$/;

export function importRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;

  const listPage = async (req: FastifyRequest, reply: FastifyReply, page: number, notice?: string, status = 200) => {
    const [items, sources] = await Promise.all([
      listImports(db, { page, perPage: 50 }),
      db('source_systems').orderBy('code').pluck('code') as Promise<string[]>,
    ]);
    return sendHtml(reply, ImportsPage({
      ctx: viewContext(req, reply, config), items, page, canUpload: !!req.user && allows(req.user.role, 'reviewer'),
      maxMb: Math.round(config.maxUploadBytes / 1024 / 1024), sources, notice,
    }), status);
  };

  app.get<{ Querystring: { page?: string } }>('/imports', { preHandler: needs('viewer') }, async (req, reply) => listPage(req, reply, pageOf(req.query.page)));

  app.post('/imports', {
    preHandler: needs('reviewer'),
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const t = translator(req.locale);
    let entity = 'accounts';
    let source = 'spreadsheet';
    let received;
    try {
      // Fields come before the file (the form and upload.js send them in that order).
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'entity') entity = String(part.value);
          if (part.fieldname === 'source') source = String(part.value).trim();
          continue;
        }
        if (received) throw new UploadRefused(t('imports.one_file'), 400);
        if (entity !== 'accounts' && entity !== 'contacts') throw new UploadRefused(t('imports.bad_entity'), 400);
        if (!SOURCE.test(source)) throw new UploadRefused(t('imports.bad_source'), 400);
        received = await receiveUpload(part, config.uploadDir);
      }
      if (!received) throw new UploadRefused(t('imports.no_file'), 400);
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      const message = err.message === 'too_large' ? t('error.too_large', { mb: Math.round(config.maxUploadBytes / 1024 / 1024) })
        : err.message === 'empty' ? t('imports.empty') : err.message;
      req.log.info({ event: 'upload_refused', status: err.status }, 'upload refused');
      if (req.headers.accept?.includes('application/json')) return reply.code(err.status).send({ error: message });
      return listPage(req, reply, 1, message, err.status);
    }
    const temporal = await deps.temporal();
    const id = await startWizard(db, temporal, received, { entity: entity as 'accounts', source, userId: req.user!.id, email: req.user!.email });
    await audit(db, req.user!.email, 'upload', `upload ${id}`, { name: received.originalName, sha256: received.sha256, size: received.size });
    if (req.headers.accept?.includes('application/json')) return reply.code(201).send({ location: `/imports/${id}` });
    return seeOther(reply, `/imports/${id}`, isHx(req));
  });

  const wizardPage = async (req: FastifyRequest<{ Params: { id: string }; Querystring: { step?: string } }>, reply: FastifyReply, notice?: WizardView['notice'], status = 200) => {
    const upload = await loadUpload(db, req.params.id);
    if (!upload) return sendHtml(reply, ErrorPage({ ctx: viewContext(req, reply, config), status: 404, message: translator(req.locale)('error.not_found') }), 404);
    const v = await wizardView(deps, upload, req.query.step, allows(req.user!.role, 'reviewer'));
    return sendHtml(reply, WizardPage({ ctx: viewContext(req, reply, config), v: { ...v, notice } }), status);
  };

  app.get<{ Params: { id: string }; Querystring: { step?: string } }>('/imports/:id', { preHandler: needs('viewer') }, (req, reply) => wizardPage(req, reply));

  // Polled by the progress bar: the same fragment while work runs; a full reload when it is done.
  app.get<{ Params: { id: string } }>('/imports/:id/progress', { preHandler: needs('viewer') }, async (req, reply) => {
    const upload = await loadUpload(db, req.params.id);
    if (!upload) return reply.code(404).send('');
    const v = await wizardView(deps, upload, undefined, false);
    const running = v.state?.phase === 'inspecting' || v.state?.dryRun?.status === 'running' || v.state?.import?.status === 'running';
    if (!running) return reply.header('hx-refresh', 'true').code(200).type('text/html; charset=utf-8').send('');
    const ctx = viewContext(req, reply, config);
    const label = v.state?.import?.status === 'running' ? ctx.t('wizard.importing', { by: v.state.approval?.by ?? '' }) : v.state?.dryRun?.status === 'running' ? ctx.t('wizard.dry_running') : ctx.t('wizard.inspecting');
    return sendHtml(reply, Progress({ ctx, base: `/imports/${upload.id}`, label, run: v.state?.import?.status === 'running' ? v.imported : v.dryRun }), 200, false);
  });

  type StepReq = FastifyRequest<{ Params: { id: string }; Querystring: { step?: string }; Body: Record<string, string | undefined> }>;
  const step = (path: string, act: (req: StepReq, upload: UploadRow) => Promise<string>) => {
    app.post(`/imports/:id/${path}`, { preHandler: needs('reviewer') }, async (request, reply) => {
      const req = request as StepReq;
      const upload = await loadUpload(db, req.params.id);
      if (!upload) return reply.code(404).send('');
      try {
        const next = await act(req, upload);
        return seeOther(reply, next, isHx(req));
      } catch (err) {
        if (!(err instanceof StepRefused)) throw err;
        req.log.info({ event: 'wizard_step_refused', step: path, upload: upload.id }, 'wizard step refused');
        return wizardPage(req, reply, { kind: 'error', text: translator(req.locale)('wizard.refused', { reason: err.message }) }, 409);
      }
    });
  };

  step('configure', async (req, upload) => {
    const sheet = req.body?.sheet;
    const headerRow = Number(req.body?.headerRow);
    await configure(await deps.temporal(), upload.workflow_id, {
      ...(sheet ? { sheet } : {}), ...(Number.isInteger(headerRow) && headerRow > 0 ? { headerRow } : {}),
    });
    return `/imports/${upload.id}?step=1`;
  });

  step('mapping', async (req, upload) => {
    const ins = upload.inspection;
    if (!ins) throw new StepRefused(translator(req.locale)('wizard.inspecting'));
    const columns: Record<string, string | { ignore: true }> = {};
    ins.headers.forEach((h, i) => {
      const v = req.body?.[`col_${i}`];
      if (!v || h.trim() === '') return;
      columns[h.trim()] = v === '__ignore' ? { ignore: true } : v;
    });
    const locale = req.body?.locale || ins.locale;
    const t = await deps.temporal();
    const plan = await configure(t, upload.workflow_id, {
      mapping: { version: 1, entity: upload.entity, locale, columns }, locale, ...(ins.sheet ? { sheet: ins.sheet } : {}), headerRow: ins.headerRow,
    }) as { hash: string };
    await startDryRun(t, upload.workflow_id, plan.hash);
    return `/imports/${upload.id}?step=3`;
  });

  step('dry-run', async (req, upload) => {
    await startDryRun(await deps.temporal(), upload.workflow_id, String(req.body?.planHash ?? ''));
    return `/imports/${upload.id}?step=3`;
  });

  step('approve', async (req, upload) => {
    await approve(await deps.temporal(), upload.workflow_id, String(req.body?.planHash ?? ''), req.user!.email);
    await audit(db, req.user!.email, 'approve_import', `upload ${upload.id}`, { planHash: req.body?.planHash });
    return `/imports/${upload.id}?step=4`;
  });
}

export function pageOf(s: string | undefined): number {
  const n = Number(s ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

async function wizardView(deps: ConsoleDeps, upload: UploadRow, stepParam: string | undefined, canAct: boolean): Promise<WizardView> {
  const { db } = deps;
  let state = null;
  let stateError: string | null = null;
  try {
    state = await wizardState(await deps.temporal(), upload.workflow_id);
  } catch (err) {
    stateError = rootMessage(err);
  }
  const [dryRun, imported] = await Promise.all([
    state?.dryRun ? runOfWorkflow(db, state.dryRun.workflowId) : null,
    state?.import ? runOfWorkflow(db, state.import.workflowId) : null,
  ]);
  let step: WizardStep;
  if (state?.import) step = 4;
  else if (state?.dryRun) step = 3;
  else if (state?.plan && upload.inspection?.allExact) step = 3;
  else step = state?.plan ? 2 : 1;
  const asked = Number(stepParam);
  if ((asked === 1 || asked === 2 || asked === 3 || asked === 4) && (asked <= step || asked === 2)) step = asked as WizardStep;
  const runId = dryRun?.report.runId;
  const showResults = step === 3 && runId !== undefined && state?.dryRun?.status !== 'running';
  const [reasons, warnings, rejects] = showResults
    ? await Promise.all([rejectReasons(db, runId), warningCodes(db, runId), rejectsPage(db, runId, { page: 1 })])
    : [[], [], []];
  return { upload, state, stateError, step, dryRun, imported, reasons, warnings, rejects, canAct: canAct && !!state };
}
