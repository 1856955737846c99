/** Runs: imports and syncs with counts, status, duration and cursor; a run's quarantine and warnings. */
import type { ReasonCount, RejectItem, RunRowExtra, WarningCount, WarningItem } from '../runs/run-data';
import { PER_PAGE } from '../runs/run-data';
import type { ImportReport } from '../../activities/pipeline/sync-runs';
import { Csrf, Layout, Notice, Pager, Scroll } from './layout';
import { Counts, Reasons, RejectsTable, StatusBadge, WarningsTable, temporalRunUrl } from './run-parts';
import type { ViewContext } from './view-context';

function cursorText(c: unknown): string {
  if (c === null || c === undefined) return '';
  const s = typeof c === 'string' ? c : JSON.stringify(c);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function duration(r: RunRowExtra): number | null {
  return r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null;
}

export function RunsPage(p: { ctx: ViewContext; runs: RunRowExtra[]; page: number; kind?: string }) {
  const { ctx } = p;
  const base = p.kind ? `/runs?kind=${p.kind}` : '/runs';
  return (
    <Layout ctx={ctx} title={ctx.t('runs.title')}>
      <nav class="tabs" aria-label={ctx.t('runs.filter')}>
        <a href="/runs" aria-current={!p.kind ? 'page' : undefined}>{ctx.t('runs.all')}</a>
        <a href="/runs?kind=imports" aria-current={p.kind === 'imports' ? 'page' : undefined}>{ctx.t('runs.imports')}</a>
        <a href="/runs?kind=syncs" aria-current={p.kind === 'syncs' ? 'page' : undefined}>{ctx.t('runs.syncs')}</a>
      </nav>
      {p.runs.length === 0 ? <p>{ctx.t('runs.none')}</p> : (
        <Scroll label={ctx.t('runs.title')}>
          <table>
            <thead><tr>
              <th scope="col" class="num">{ctx.t('runs.run')}</th><th scope="col">{ctx.t('runs.kind')}</th><th scope="col">{ctx.t('runs.source')}</th>
              <th scope="col">{ctx.t('runs.what')}</th><th scope="col">{ctx.t('run.status')}</th>
              <th scope="col" class="num">{ctx.t('counts.read')}</th><th scope="col" class="num">{ctx.t('counts.inserted')}</th><th scope="col" class="num">{ctx.t('counts.updated')}</th>
              <th scope="col" class="num">{ctx.t('counts.unchanged')}</th><th scope="col" class="num">{ctx.t('counts.rejected')}</th><th scope="col" class="num">{ctx.t('counts.warnings')}</th>
              <th scope="col">{ctx.t('runs.started')}</th><th scope="col">{ctx.t('runs.duration')}</th><th scope="col">{ctx.t('runs.cursor')}</th>
            </tr></thead>
            <tbody>
              {p.runs.slice(0, PER_PAGE).map((r) => (
                <tr>
                  <td class="num"><a href={`/runs/${r.id}`}>{r.id}</a></td>
                  <td>{r.mode === 'file' ? ctx.t('runs.kind_import') : ctx.t('runs.kind_sync', { mode: r.mode })}</td>
                  <td>{r.source}</td>
                  <td>{r.stream ?? r.entityType}{r.file ? ` · ${r.file}` : ''}</td>
                  <td><StatusBadge ctx={ctx} status={r.status} dryRun={r.dryRun} /></td>
                  <td class="num">{ctx.f.num(r.read)}</td><td class="num">{ctx.f.num(r.inserted)}</td><td class="num">{ctx.f.num(r.updated)}</td>
                  <td class="num">{ctx.f.num(r.unchanged)}</td><td class="num">{ctx.f.num(r.rejected)}</td><td class="num">{ctx.f.num(r.warnings)}</td>
                  <td>{ctx.f.dateTime(r.startedAt)}</td><td>{ctx.f.duration(duration(r))}</td>
                  <td class="raw">{cursorText(r.cursorTo ?? r.cursorFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <Pager ctx={ctx} base={base} page={p.page} hasNext={p.runs.length > PER_PAGE} />
    </Layout>
  );
}

export function RunPage(p: {
  ctx: ViewContext; report: ImportReport; row: RunRowExtra; reasons: ReasonCount[]; warnings: WarningCount[];
  rejects: RejectItem[]; warningItems: WarningItem[]; canAct: boolean; notice?: { kind: 'ok' | 'error'; text: string };
}) {
  const { ctx, report, row } = p;
  const base = `/runs/${row.id}`;
  const open = p.reasons.filter((r) => r.status === 'open').reduce((s, r) => s + r.count, 0);
  return (
    <Layout ctx={ctx} title={ctx.t('run.title', { id: row.id })}>
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <dl class="facts">
        <div><dt>{ctx.t('run.status')}</dt><dd><StatusBadge ctx={ctx} status={row.status} dryRun={row.dryRun} /></dd></div>
        <div><dt>{ctx.t('runs.kind')}</dt><dd>{row.mode === 'file' ? ctx.t('runs.kind_import') : ctx.t('runs.kind_sync', { mode: row.mode })}</dd></div>
        <div><dt>{ctx.t('runs.source')}</dt><dd>{row.source}</dd></div>
        <div><dt>{ctx.t('runs.what')}</dt><dd>{row.stream ?? row.entityType}{row.file ? ` · ${row.file}` : ''}</dd></div>
        <div><dt>{ctx.t('runs.started')}</dt><dd>{ctx.f.dateTime(row.startedAt)}</dd></div>
        <div><dt>{ctx.t('runs.duration')}</dt><dd>{ctx.f.duration(duration(row))}</dd></div>
        <div><dt>{ctx.t('run.cursor_from')}</dt><dd class="raw">{cursorText(row.cursorFrom)}</dd></div>
        <div><dt>{ctx.t('run.cursor_to')}</dt><dd class="raw">{cursorText(row.cursorTo)}</dd></div>
        {report.replayOf ? <div><dt>{ctx.t('run.replay_of')}</dt><dd><a href={`/runs/${report.replayOf}`}>{report.replayOf}</a></dd></div> : null}
      </dl>
      {report.error ? <Notice kind="error">{report.error}</Notice> : null}
      {row.workflowId ? <p><a href={temporalRunUrl(ctx, row.workflowId, row.temporalRunId)}>{ctx.t('run.temporal_history')}</a></p> : null}
      <Counts ctx={ctx} report={report} settled={row.settled} />
      <Reasons ctx={ctx} reasons={p.reasons} warnings={p.warnings} />
      <p class="downloads">
        <a href={`${base}/rejects.csv`} download>{ctx.t('run.download_rejects')}</a>{' · '}
        <a href={`${base}/warnings.csv`} download>{ctx.t('run.download_warnings')}</a>
      </p>
      <section aria-labelledby="q-h">
        <h2 id="q-h">{ctx.t('run.quarantine')}</h2>
        {p.canAct && open > 0 ? (
          <div class="two">
            <form id="ignore-form" method="post" action={`${base}/ignore`} class="card">
              <Csrf ctx={ctx} />
              <p>{ctx.t('run.ignore_help')}</p>
              <button type="submit">{ctx.t('run.ignore')}</button>
            </form>
            {row.mode === 'file' ? (
              <form method="post" action={`${base}/replay`} enctype="multipart/form-data" class="card" data-upload>
                <label for="replay-file">{ctx.t('run.replay_file')}</label>
                <input id="replay-file" name="file" type="file" accept=".csv,.xlsx" required />
                <button type="submit">{ctx.t('run.replay')}</button>
                <progress max="100" value="0" hidden aria-label={ctx.t('imports.upload_progress')}></progress>
                <p role="status" aria-live="polite"></p>
              </form>
            ) : null}
          </div>
        ) : null}
        <RejectsTable ctx={ctx} items={p.rejects} page={1} base={`${base}/rejects`} selectable={p.canAct} />
      </section>
      <section aria-labelledby="w-h">
        <h2 id="w-h">{ctx.t('run.warnings')}</h2>
        <WarningsTable ctx={ctx} items={p.warningItems} page={1} base={`${base}/warnings`} />
      </section>
    </Layout>
  );
}
