/** Imports: the list with the upload form, and the wizard, one step at a time. */
import { ENTITY_FIELDS } from '../../domain/canonical/fields';
import type { Inspection } from '../../activities/wizard/inspect-upload';
import type { WizardState } from '../../workflows/import-wizard-contract';
import type { ImportListItem, RunProgress, UploadRow } from '../imports/wizards';
import type { ReasonCount, RejectItem, WarningCount } from '../runs/run-data';
import { Csrf, Layout, Notice, Pager, Scroll } from './layout';
import { Counts, Reasons, RejectsTable, StatusBadge, temporalRunUrl } from './run-parts';
import type { ViewContext } from './view-context';

export function ImportsPage(p: { ctx: ViewContext; items: ImportListItem[]; page: number; canUpload: boolean; maxMb: number; sources: string[]; notice?: string }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('imports.title')}>
      {p.notice ? <Notice kind="error">{p.notice}</Notice> : null}
      {p.canUpload ? (
        <section aria-labelledby="upload-h" class="card">
          <h2 id="upload-h">{ctx.t('imports.upload')}</h2>
          <form id="upload-form" method="post" action="/imports" enctype="multipart/form-data" class="stack" data-upload>
            <label for="entity">{ctx.t('imports.entity')}</label>
            <select id="entity" name="entity">
              <option value="accounts">{ctx.t('entity.accounts')}</option>
              <option value="contacts">{ctx.t('entity.contacts')}</option>
            </select>
            <label for="source">{ctx.t('imports.source')}</label>
            <input id="source" name="source" list="source-codes" value="spreadsheet" pattern="[a-z][a-z0-9_]{1,62}" required aria-describedby="source-help" />
            <datalist id="source-codes">{p.sources.map((s) => <option value={s} />)}</datalist>
            <small id="source-help">{ctx.t('imports.source_help')}</small>
            <label for="file">{ctx.t('imports.file')}</label>
            <input id="file" name="file" type="file" accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods" required aria-describedby="file-help" />
            <small id="file-help">{ctx.t('imports.file_help', { mb: p.maxMb })}</small>
            <button type="submit">{ctx.t('imports.upload_button')}</button>
            <progress id="upload-progress" max="100" value="0" hidden aria-label={ctx.t('imports.upload_progress')}></progress>
            <p id="upload-status" role="status" aria-live="polite"></p>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="list-h">
        <h2 id="list-h">{ctx.t('imports.list')}</h2>
        {p.items.length === 0 ? <p>{ctx.t('imports.none')}</p> : (
          <table>
            <thead><tr>
              <th scope="col">{ctx.t('imports.file')}</th><th scope="col">{ctx.t('imports.entity')}</th><th scope="col">{ctx.t('imports.source')}</th>
              <th scope="col">{ctx.t('imports.by')}</th><th scope="col">{ctx.t('imports.uploaded')}</th><th scope="col">{ctx.t('imports.dry_run')}</th>
              <th scope="col">{ctx.t('imports.import')}</th><th scope="col" class="num">{ctx.t('counts.read')}</th>
            </tr></thead>
            <tbody>
              {p.items.slice(0, 50).map((i) => (
                <tr>
                  <td><a href={`/imports/${i.id}`}>{i.name}</a></td>
                  <td>{ctx.t(i.entity === 'contacts' ? 'entity.contacts' : 'entity.accounts')}</td>
                  <td>{i.source}</td>
                  <td>{i.by ?? ''}</td>
                  <td>{ctx.f.dateTime(i.createdAt)}</td>
                  <td>{i.dryRunStatus ? <StatusBadge ctx={ctx} status={i.dryRunStatus} /> : '—'}</td>
                  <td>{i.importStatus ? <a href={`/runs/${i.importRunId}`}><StatusBadge ctx={ctx} status={i.importStatus} /></a> : '—'}</td>
                  <td class="num">{i.read === null ? '' : ctx.f.num(i.read)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager ctx={ctx} base="/imports" page={p.page} hasNext={p.items.length > 50} />
      </section>
    </Layout>
  );
}

export type WizardStep = 1 | 2 | 3 | 4;

export interface WizardView {
  upload: UploadRow;
  state: WizardState | null;
  stateError: string | null;
  step: WizardStep;
  dryRun: RunProgress | null;
  reasons: ReasonCount[];
  warnings: WarningCount[];
  rejects: RejectItem[];
  imported: RunProgress | null;
  canAct: boolean;
  notice?: { kind: 'ok' | 'error'; text: string };
}

const STEP_KEYS = ['wizard.step1', 'wizard.step2', 'wizard.step3', 'wizard.step4'] as const;

export function WizardPage(p: { ctx: ViewContext; v: WizardView }) {
  const { ctx, v } = p;
  const base = `/imports/${v.upload.id}`;
  return (
    <Layout ctx={ctx} title={ctx.t('wizard.title', { file: v.upload.original_name })}>
      <p class="meta">
        {ctx.t(v.upload.entity === 'contacts' ? 'entity.contacts' : 'entity.accounts')} · {v.upload.source_system_code} · {ctx.f.bytes(Number(v.upload.file_size))} ·{' '}
        <code title={ctx.t('wizard.sha256')}>{v.upload.file_sha256.slice(0, 12)}</code> ·{' '}
        <a href={temporalRunUrl(ctx, v.upload.workflow_id)}>{ctx.t('run.temporal_history')}</a>
      </p>
      <ol class="steps" aria-label={ctx.t('wizard.steps')}>
        {STEP_KEYS.map((k, i) => (
          <li aria-current={v.step === i + 1 ? 'step' : undefined}>
            {i + 1 < v.step && i < 2 && v.canAct && !v.state?.approval ? <a href={`${base}?step=${i + 1}`}>{ctx.t(k)}</a> : ctx.t(k)}
          </li>
        ))}
      </ol>
      {v.notice ? <Notice kind={v.notice.kind}>{v.notice.text}</Notice> : null}
      {v.stateError ? <Notice kind="error">{ctx.t('wizard.no_state', { error: v.stateError })}</Notice> : null}
      {v.state?.planError ? <Notice kind="error">{ctx.t('wizard.plan_error', { error: v.state.planError })}</Notice> : null}
      {v.step === 1 ? <StepSheet ctx={ctx} v={v} base={base} /> : null}
      {v.step === 2 ? <StepMapping ctx={ctx} v={v} base={base} /> : null}
      {v.step === 3 ? <StepDryRun ctx={ctx} v={v} base={base} /> : null}
      {v.step === 4 ? <StepImport ctx={ctx} v={v} base={base} /> : null}
    </Layout>
  );
}

function StepSheet(p: { ctx: ViewContext; v: WizardView; base: string }) {
  const { ctx, v } = p;
  const ins = v.upload.inspection;
  if (!ins) return <Progress ctx={ctx} base={p.base} label={ctx.t('wizard.inspecting')} />;
  return (
    <section aria-labelledby="s1-h" class="card">
      <h2 id="s1-h">{ctx.t('wizard.step1')}</h2>
      <p>{ctx.t('wizard.read_as', { format: ins.format, encoding: ins.encoding ?? '—', delimiter: ins.delimiter === '\t' ? 'TAB' : (ins.delimiter ?? '—'), columns: ins.headers.length })}</p>
      <form method="post" action={`${p.base}/configure`} class="inline">
        <Csrf ctx={ctx} />
        {ins.sheetNames.length > 0 ? (
          <>
            <label for="sheet">{ctx.t('wizard.sheet')}</label>
            <select id="sheet" name="sheet">{ins.sheetNames.map((s) => <option value={s} selected={s === ins.sheet}>{s}</option>)}</select>
          </>
        ) : null}
        <label for="headerRow">{ctx.t('wizard.header_row')}</label>
        <input id="headerRow" name="headerRow" type="number" min="1" max="1000" value={String(ins.headerRow)} />
        {v.canAct ? <button type="submit">{ctx.t('wizard.reread')}</button> : null}
      </form>
      <HeaderPreview ctx={ctx} ins={ins} />
      {v.canAct ? <p><a class="button" href={`${p.base}?step=2`}>{ctx.t('wizard.next_mapping')}</a></p> : null}
    </section>
  );
}

function HeaderPreview(p: { ctx: ViewContext; ins: Inspection }) {
  return (
    <Scroll label={p.ctx.t('wizard.headers_caption', { row: p.ins.headerRow })}>
      <table class="preview">
        <caption>{p.ctx.t('wizard.headers_caption', { row: p.ins.headerRow })}</caption>
        <thead><tr>{p.ins.headers.slice(0, 40).map((h) => <th scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {[0, 1, 2].map((i) => <tr>{p.ins.samples.slice(0, 40).map((s) => <td>{s[i] ?? ''}</td>)}</tr>)}
        </tbody>
      </table>
    </Scroll>
  );
}

function fieldOf(mapping: Inspection['mapping'], header: string): string {
  const c = mapping.columns[header];
  if (c === undefined) return '';
  if (typeof c === 'string') return c;
  if (c.ignore) return '__ignore';
  return c.field ?? '';
}

function StepMapping(p: { ctx: ViewContext; v: WizardView; base: string }) {
  const { ctx, v } = p;
  const ins = v.upload.inspection;
  if (!ins || !v.state?.plan) return <Progress ctx={ctx} base={p.base} label={ctx.t('wizard.inspecting')} />;
  const fields = Object.keys(ENTITY_FIELDS[v.upload.entity]).sort();
  return (
    <section aria-labelledby="s2-h" class="card">
      <h2 id="s2-h">{ctx.t('wizard.step2')}</h2>
      {ins.allExact ? <Notice kind="info">{ctx.t('wizard.all_exact')}</Notice> : null}
      <form method="post" action={`${p.base}/mapping`}>
        <Csrf ctx={ctx} />
        <input type="hidden" name="planHash" value={v.state.plan.hash} />
        <table>
          <thead><tr>
            <th scope="col">{ctx.t('wizard.column')}</th><th scope="col">{ctx.t('wizard.field')}</th><th scope="col" class="num">{ctx.t('wizard.confidence')}</th>
            <th scope="col">{ctx.t('wizard.reason')}</th><th scope="col">{ctx.t('wizard.samples')}</th>
          </tr></thead>
          <tbody>
            {ins.headers.map((h, i) => {
              const s = ins.suggestion[i];
              const chosen = fieldOf(ins.mapping, h.trim());
              return (
                <tr>
                  <th scope="row">{h}</th>
                  <td>
                    <select name={`col_${i}`} aria-label={ctx.t('wizard.field_for', { column: h })} disabled={!v.canAct}>
                      <option value="">{ctx.t('wizard.keep_extra')}</option>
                      <option value="__ignore" selected={chosen === '__ignore'}>{ctx.t('wizard.ignore')}</option>
                      {fields.map((f) => <option value={f} selected={chosen === f}>{f}</option>)}
                    </select>
                  </td>
                  <td class="num"><meter min="0" max="1" low={0.7} high={0.9} optimum={1} value={s?.score ?? 0} aria-label={ctx.t('wizard.confidence')}>{ctx.f.pct(s?.score ?? 0)}</meter> {ctx.f.pct(s?.score ?? 0)}</td>
                  <td>{s?.reason ?? ''}</td>
                  <td class="raw">{(ins.samples[i] ?? []).join(' · ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label for="locale">{ctx.t('wizard.locale')}</label>
        <select id="locale" name="locale" disabled={!v.canAct}>
          {['es', 'ca', 'it', 'pl', 'ru', 'de', 'fr', 'pt', 'en-GB', 'en-US', 'de-CH'].map((l) => <option value={l} selected={l === ins.locale}>{l}</option>)}
        </select>
        {v.canAct ? <button type="submit">{ctx.t('wizard.run_dry_run')}</button> : null}
      </form>
    </section>
  );
}

function StepDryRun(p: { ctx: ViewContext; v: WizardView; base: string }) {
  const { ctx, v } = p;
  const dry = v.state?.dryRun;
  if (!dry) {
    return (
      <section class="card">
        <h2>{ctx.t('wizard.step3')}</h2>
        {v.upload.inspection?.allExact ? <Notice kind="info">{ctx.t('wizard.all_exact')}</Notice> : null}
        {v.canAct && v.state?.plan ? (
          <form method="post" action={`${p.base}/dry-run`}>
            <Csrf ctx={ctx} />
            <input type="hidden" name="planHash" value={v.state.plan.hash} />
            <button type="submit">{ctx.t('wizard.run_dry_run')}</button>
          </form>
        ) : null}
        <p><a href={`${p.base}?step=2`}>{ctx.t('wizard.review_mapping')}</a></p>
      </section>
    );
  }
  if (dry.status === 'running') return <Progress ctx={ctx} base={p.base} label={ctx.t('wizard.dry_running')} run={v.dryRun} />;
  const report = v.dryRun?.report;
  const planIsCurrent = v.state?.plan?.hash === dry.planHash;
  return (
    <section aria-labelledby="s3-h" class="card">
      <h2 id="s3-h">{ctx.t('wizard.step3')}</h2>
      {dry.status === 'failed' ? <Notice kind="error">{ctx.t('wizard.dry_failed', { error: dry.error ?? '' })}</Notice> : null}
      {report ? (
        <>
          <p>{ctx.t('wizard.dry_summary', { read: report.counts.read, rejected: report.counts.rejected, warnings: report.warnings.total })}</p>
          <Counts ctx={ctx} report={report} />
          <Reasons ctx={ctx} reasons={v.reasons} warnings={v.warnings} />
          <p class="downloads">
            <a href={`/runs/${report.runId}/rejects.csv`} download>{ctx.t('run.download_rejects')}</a>{' · '}
            <a href={`/runs/${report.runId}/warnings.csv`} download>{ctx.t('run.download_warnings')}</a>{' · '}
            <a href={`/runs/${report.runId}`}>{ctx.t('wizard.dry_run_page')}</a>
          </p>
          <RejectsTable ctx={ctx} items={v.rejects} page={1} base={`/runs/${report.runId}/rejects`} selectable={false} />
        </>
      ) : null}
      {dry.status === 'succeeded' && report && v.canAct && planIsCurrent && !v.state?.approval ? (
        <form method="post" action={`${p.base}/approve`} class="card approve">
          <Csrf ctx={ctx} />
          <input type="hidden" name="planHash" value={dry.planHash} />
          <h3>{ctx.t('wizard.step4')}</h3>
          <p>{ctx.t('wizard.policy', { load: report.counts.read - report.counts.rejected - report.counts.skipped, rejected: report.counts.rejected })}</p>
          <button type="submit" class="primary">{ctx.t('wizard.approve')}</button>
        </form>
      ) : null}
      {v.state?.approval ? <p><a href={`${p.base}?step=4`}>{ctx.t('wizard.see_import')}</a></p> : null}
    </section>
  );
}

function StepImport(p: { ctx: ViewContext; v: WizardView; base: string }) {
  const { ctx, v } = p;
  const imp = v.state?.import;
  if (!imp) return <p>{ctx.t('wizard.not_approved')}</p>;
  if (imp.status === 'running') return <Progress ctx={ctx} base={p.base} label={ctx.t('wizard.importing', { by: v.state?.approval?.by ?? '' })} run={v.imported} />;
  const report = v.imported?.report;
  return (
    <section aria-labelledby="s4-h" class="card">
      <h2 id="s4-h">{ctx.t('wizard.step4')}</h2>
      <p>{ctx.t('wizard.approved_by', { by: v.state?.approval?.by ?? '' })}</p>
      {imp.status === 'failed' ? <Notice kind="error">{ctx.t('wizard.import_failed', { error: imp.error ?? '' })}</Notice> : <Notice kind="ok">{ctx.t('wizard.import_done')}</Notice>}
      {report ? (
        <>
          <Counts ctx={ctx} report={report} />
          <p><a href={`/runs/${report.runId}`}>{ctx.t('wizard.run_page', { id: report.runId })}</a></p>
        </>
      ) : null}
    </section>
  );
}

/** Live progress, polled every 2 s from the ledger until the step is done (then the page reloads). */
export function Progress(p: { ctx: ViewContext; base: string; label: string; run?: RunProgress | null }) {
  const { ctx } = p;
  const run = p.run;
  const done = run?.checkpoint ?? 0;
  const max = run?.estimated ?? null;
  return (
    <section id="progress" class="card" hx-get={`${p.base}/progress`} hx-trigger="every 2s" hx-swap="outerHTML" aria-live="polite" aria-busy="true">
      <h2>{p.label}</h2>
      {max ? <progress max={String(max)} value={String(Math.min(done, max))} aria-label={p.label}></progress> : <progress aria-label={p.label}></progress>}
      <p>{run ? ctx.t('wizard.progress_rows', { rows: ctx.f.num(run.report.counts.read), total: max ? ctx.f.num(max) : '?' }) : ctx.t('wizard.starting')}</p>
      <noscript><a href={p.base}>{ctx.t('wizard.reload')}</a></noscript>
    </section>
  );
}
