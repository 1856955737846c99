/** Pieces shared by a run's page and the wizard's dry-run step: counts, reasons, rejects, warnings. */
import type { ImportReport } from '../../activities/pipeline/sync-runs';
import type { ReasonCount, RejectItem, WarningCount, WarningItem } from '../runs/run-data';
import { PER_PAGE } from '../runs/run-data';
import { Pager } from './layout';
import type { ViewContext } from './view-context';

export function StatusBadge(p: { ctx: ViewContext; status: string; dryRun?: boolean }) {
  const known = ['running', 'succeeded', 'partial', 'failed', 'cancelled'].includes(p.status);
  return (
    <span class={`badge ${p.status}`}>
      {known ? p.ctx.t(`status.${p.status as 'running'}`) : p.status}
      {p.dryRun ? ` · ${p.ctx.t('runs.dry')}` : ''}
    </span>
  );
}

export function Counts(p: { ctx: ViewContext; report: ImportReport; settled?: number }) {
  const { ctx, report } = p;
  const c = report.counts;
  const cells: [string, number][] = [
    [ctx.t('counts.read'), c.read], [ctx.t('counts.inserted'), c.inserted], [ctx.t('counts.updated'), c.updated],
    [ctx.t('counts.unchanged'), c.unchanged], [ctx.t('counts.merged'), c.merged], [ctx.t('counts.rejected'), c.rejected],
    [ctx.t('counts.skipped'), c.skipped], [ctx.t('counts.warnings'), report.warnings.total],
  ];
  if (p.settled) cells.push([ctx.t('counts.settled'), p.settled]);
  return (
    <dl class="counts">
      {cells.map(([label, n]) => (
        <div><dt>{label}</dt><dd>{ctx.f.num(n)}</dd></div>
      ))}
    </dl>
  );
}

export function Reasons(p: { ctx: ViewContext; reasons: ReasonCount[]; warnings: WarningCount[] }) {
  const { ctx } = p;
  return (
    <div class="two">
      <section aria-labelledby="reasons-h">
        <h3 id="reasons-h">{ctx.t('run.rejects_by_reason')}</h3>
        {p.reasons.length === 0 ? <p>{ctx.t('run.no_rejects')}</p> : (
          <table>
            <thead><tr><th scope="col">{ctx.t('run.reason')}</th><th scope="col">{ctx.t('run.status')}</th><th scope="col" class="num">{ctx.t('run.rows')}</th></tr></thead>
            <tbody>{p.reasons.map((r) => <tr><td>{r.reason}</td><td>{r.status}</td><td class="num">{ctx.f.num(r.count)}</td></tr>)}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="warn-h">
        <h3 id="warn-h">{ctx.t('run.warnings_by_field')}</h3>
        {p.warnings.length === 0 ? <p>{ctx.t('run.no_warnings')}</p> : (
          <table>
            <thead><tr><th scope="col">{ctx.t('run.field')}</th><th scope="col">{ctx.t('run.code')}</th><th scope="col" class="num">{ctx.t('run.values')}</th></tr></thead>
            <tbody>{p.warnings.map((w) => <tr><td>{w.field}</td><td>{w.code}</td><td class="num">{ctx.f.num(w.count)}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function rawText(raw: [string, unknown][]): string {
  return raw.map(([h, v]) => `${h}: ${v === null || v === undefined ? '' : String(v)}`).join(' · ').slice(0, 300);
}

/** Quarantined rows, one page; with a checkbox per open row when the person may ignore them. */
export function RejectsTable(p: { ctx: ViewContext; items: RejectItem[]; page: number; base: string; selectable: boolean }) {
  const { ctx } = p;
  const shown = p.items.slice(0, PER_PAGE);
  return (
    <div id="rejects">
      {shown.length === 0 ? <p>{ctx.t('run.no_rejects')}</p> : (
        <table class="rows">
          <caption>{ctx.t('run.rejects')}</caption>
          <thead><tr>
            {p.selectable ? <th scope="col"><span class="sr">{ctx.t('run.select')}</span></th> : null}
            <th scope="col" class="num">{ctx.t('run.row')}</th><th scope="col">{ctx.t('run.reason')}</th><th scope="col">{ctx.t('run.status')}</th>
            <th scope="col">{ctx.t('run.issues')}</th><th scope="col">{ctx.t('run.values')}</th>
          </tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr>
                {p.selectable ? <td>{r.status === 'open' ? <input type="checkbox" name="ids" value={String(r.id)} form="ignore-form" aria-label={ctx.t('run.select_row', { row: r.row ?? r.id })} /> : null}</td> : null}
                <td class="num">{r.row === null ? '' : ctx.f.num(r.row)}{r.sheet ? ` (${r.sheet})` : ''}</td>
                <td>{r.reason}</td>
                <td>{r.status}</td>
                <td><ul class="issues">{r.issues.map((i) => <li>{i.path ? <code>{i.path}</code> : null} {i.message}</li>)}</ul></td>
                <td class="raw">{rawText(r.raw)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} base={p.base} page={p.page} hasNext={p.items.length > PER_PAGE} target="#rejects" />
    </div>
  );
}

export function WarningsTable(p: { ctx: ViewContext; items: WarningItem[]; page: number; base: string }) {
  const { ctx } = p;
  const shown = p.items.slice(0, PER_PAGE);
  return (
    <div id="warnings">
      {shown.length === 0 ? <p>{ctx.t('run.no_warnings')}</p> : (
        <table class="rows">
          <caption>{ctx.t('run.warnings')}</caption>
          <thead><tr>
            <th scope="col" class="num">{ctx.t('run.row')}</th><th scope="col">{ctx.t('run.field')}</th><th scope="col">{ctx.t('run.column')}</th>
            <th scope="col">{ctx.t('run.raw_value')}</th><th scope="col">{ctx.t('run.message')}</th>
          </tr></thead>
          <tbody>
            {shown.map((w) => (
              <tr><td class="num">{w.row === null ? '' : ctx.f.num(w.row)}</td><td>{w.field}</td><td>{w.column ?? ''}</td><td class="raw">{w.rawValue ?? ''}</td><td>{w.message}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} base={p.base} page={p.page} hasNext={p.items.length > PER_PAGE} target="#warnings" />
    </div>
  );
}

/** A link to the run's history in the Temporal Web UI. */
export function temporalRunUrl(ctx: ViewContext, workflowId: string, runId?: string | null): string {
  const ns = encodeURIComponent(ctx.namespace);
  return `${ctx.temporalUiUrl}/namespaces/${ns}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}/history` : ''}`;
}
