/** Sources and schedules: list, test connection, sync now, pause and resume. Secrets never shown. */
import type { SourceCheck } from '../../activities/wizard/test-source-connection';
import type { ScheduleItem, SourceItem } from '../sources/sources-data';
import { Csrf, Layout, Notice, Scroll } from './layout';
import { StatusBadge } from './run-parts';
import type { ViewContext } from './view-context';

export function SourcesPage(p: {
  ctx: ViewContext; sources: SourceItem[]; schedules: ScheduleItem[] | null; scheduleError: string | null; canAdmin: boolean;
  tested?: { code: string; checks: SourceCheck[] }; notice?: { kind: 'ok' | 'error'; text: string };
}) {
  const { ctx } = p;
  const scheduleOf = new Map((p.schedules ?? []).map((s) => [s.source, s]));
  return (
    <Layout ctx={ctx} title={ctx.t('sources.title')}>
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      {p.scheduleError ? <Notice kind="error">{ctx.t('sources.no_temporal', { error: p.scheduleError })}</Notice> : null}
      {p.tested ? (
        <section class="card" aria-labelledby="test-h">
          <h2 id="test-h">{ctx.t('sources.test_result', { code: p.tested.code })}</h2>
          <ul>{p.tested.checks.map((c) => <li class={c.ok ? 'ok' : 'bad'}>{c.ok ? '✓' : '✗'} <strong>{c.check}</strong>: {c.message}</li>)}</ul>
        </section>
      ) : null}
      {p.sources.length === 0 ? <p>{ctx.t('sources.none')}</p> : (
        <Scroll label={ctx.t('sources.title')}>
          <table>
            <thead><tr>
              <th scope="col">{ctx.t('sources.code')}</th><th scope="col">{ctx.t('sources.kind')}</th><th scope="col">{ctx.t('sources.connector')}</th>
              <th scope="col">{ctx.t('sources.streams')}</th><th scope="col">{ctx.t('sources.secrets')}</th><th scope="col">{ctx.t('sources.last_run')}</th>
              <th scope="col">{ctx.t('sources.schedule')}</th><th scope="col">{ctx.t('sources.actions')}</th>
            </tr></thead>
            <tbody>
              {p.sources.map((s) => {
                const sch = scheduleOf.get(s.code);
                return (
                  <tr>
                    <th scope="row">{s.code}{s.label !== s.code ? <small> · {s.label}</small> : null}</th>
                    <td>{s.kind}</td>
                    <td>{s.connector}</td>
                    <td>{s.streams.join(', ')}</td>
                    <td>{s.envVars.length ? s.envVars.map((v) => <code>{v}</code>) : '—'}</td>
                    <td>{s.lastRun ? <a href={`/runs/${s.lastRun.id}`}><StatusBadge ctx={ctx} status={s.lastRun.status} /> {ctx.f.dateTime(s.lastRun.startedAt)}</a> : '—'}</td>
                    <td>
                      {sch ? (
                        <>
                          <span class={`badge ${sch.paused ? 'paused' : 'active'}`}>{ctx.t(sch.paused ? 'sources.paused' : 'sources.active')}</span>{' '}
                          <small>{sch.spec}</small>
                          {sch.next && !sch.paused ? <div><small>{ctx.t('sources.next', { when: ctx.f.dateTime(sch.next) })}</small></div> : null}
                          {sch.last ? <div><small>{ctx.t('sources.last', { when: ctx.f.dateTime(sch.last) })}</small></div> : null}
                          <div><a href={`${ctx.temporalUiUrl}/namespaces/${encodeURIComponent(ctx.namespace)}/schedules/${encodeURIComponent(sch.id)}`}>{ctx.t('sources.in_temporal')}</a></div>
                        </>
                      ) : ctx.t('sources.no_schedule')}
                    </td>
                    <td class="actions">
                      {p.canAdmin ? (
                        <>
                          <form method="post" action={`/sources/${s.code}/test`}><Csrf ctx={ctx} /><button type="submit">{ctx.t('sources.test')}</button></form>
                          <form method="post" action={`/sources/${s.code}/sync`}><Csrf ctx={ctx} /><button type="submit">{ctx.t('sources.sync_now')}</button></form>
                          {sch ? (
                            <form method="post" action={`/sources/${s.code}/${sch.paused ? 'resume' : 'pause'}`}>
                              <Csrf ctx={ctx} /><button type="submit">{ctx.t(sch.paused ? 'sources.resume' : 'sources.pause')}</button>
                            </form>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
    </Layout>
  );
}
