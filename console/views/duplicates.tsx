/** Duplicates: the review queue, one pair with its evidence and survivor preview, merge history with Undo. */
import type { HistoryItem, PairView, QueueItem } from '../duplicates/review-data';
import { QUEUE_PAGE } from '../duplicates/queue-page';
import { Csrf, Layout, Notice, Pager } from './layout';
import type { ViewContext } from './view-context';

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function DuplicatesTabs(p: { ctx: ViewContext; current: 'queue' | 'history' }) {
  return (
    <nav class="tabs" aria-label={p.ctx.t('dup.sections')}>
      <a href="/duplicates" aria-current={p.current === 'queue' ? 'page' : undefined}>{p.ctx.t('dup.queue')}</a>
      <a href="/duplicates/history" aria-current={p.current === 'history' ? 'page' : undefined}>{p.ctx.t('dup.history')}</a>
    </nav>
  );
}

export function QueuePage(p: { ctx: ViewContext; items: QueueItem[]; page: number; entity?: string; notice?: { kind: 'ok' | 'error'; text: string } }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('dup.title')}>
      <DuplicatesTabs ctx={ctx} current="queue" />
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <form method="get" action="/duplicates" class="inline">
        <label for="entity-filter">{ctx.t('imports.entity')}</label>
        <select id="entity-filter" name="entity">
          <option value="">{ctx.t('dup.all')}</option>
          <option value="accounts" selected={p.entity === 'accounts'}>{ctx.t('entity.accounts')}</option>
          <option value="contacts" selected={p.entity === 'contacts'}>{ctx.t('entity.contacts')}</option>
        </select>
        <button type="submit">{ctx.t('dup.filter')}</button>
      </form>
      <p>{ctx.t('dup.sorted')}</p>
      {p.items.length === 0 ? <p>{ctx.t('dup.none')}</p> : (
        <table>
          <thead><tr>
            <th scope="col" class="num">#</th><th scope="col">{ctx.t('imports.entity')}</th><th scope="col">{ctx.t('dup.record_a')}</th>
            <th scope="col">{ctx.t('dup.record_b')}</th><th scope="col" class="num">{ctx.t('dup.probability')}</th><th scope="col">{ctx.t('dup.evidence')}</th>
          </tr></thead>
          <tbody>
            {p.items.slice(0, QUEUE_PAGE).map((i) => (
              <tr>
                <td class="num"><a href={`/duplicates/${i.id}`}>{i.id}</a></td>
                <td>{ctx.t(i.entity === 'contacts' ? 'entity.contacts' : 'entity.accounts')}</td>
                <td><a href={`/duplicates/${i.id}`}>{i.labelA ?? ''}</a></td>
                <td>{i.labelB ?? ''}</td>
                <td class="num">{ctx.f.pct(i.probability)}</td>
                <td>{i.evidence ? ctx.t(`dup.evidence_${i.evidence as 'same_tax_id'}`) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} base={p.entity ? `/duplicates?entity=${p.entity}` : '/duplicates'} page={p.page} hasNext={p.items.length > QUEUE_PAGE} />
    </Layout>
  );
}

function lineageText(ctx: ViewContext, l: PairView['preview'][number]['lineage']): string {
  if (!l) return ctx.t('dup.from_crm');
  if (l.from === 'source') return ctx.t('dup.from_source', { source: l.sourceSystem, id: l.externalId, rule: l.rule });
  if (l.from === 'union') return ctx.t('dup.from_union', { sources: l.sources.map((s) => s.sourceSystem).join(', ') });
  return l.reason === 'user_edited' ? ctx.t('dup.user_edited') : ctx.t('dup.from_crm');
}

/** Signed weight as a bar: width class by magnitude (no inline styles under the CSP). */
function WeightBar(p: { weight: number }) {
  const w = Math.min(10, Math.round(Math.abs(p.weight)));
  return <span class={`bar ${p.weight >= 0 ? 'pos' : 'neg'} w${w}`} aria-hidden="true"></span>;
}

export function PairPage(p: { ctx: ViewContext; v: PairView; canDecide: boolean; notice?: { kind: 'ok' | 'error'; text: string } }) {
  const { ctx, v } = p;
  const { item, explanation } = v.detail;
  const prior = explanation.weight - explanation.contributions.reduce((s, c) => s + c.weight, 0);
  const sorted = [...explanation.contributions].sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  const pending = item.status === 'pending';
  const base = `/duplicates/${item.id}`;
  return (
    <Layout ctx={ctx} title={ctx.t('dup.pair_title', { a: item.labelA ?? '?', b: item.labelB ?? '?' })}>
      <DuplicatesTabs ctx={ctx} current="queue" />
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <dl class="facts">
        <div><dt>{ctx.t('dup.probability')}</dt><dd>{ctx.f.pct(item.probability)}</dd></div>
        <div><dt>{ctx.t('dup.weight')}</dt><dd>{ctx.f.num(Math.round(explanation.weight * 100) / 100)}</dd></div>
        <div><dt>{ctx.t('run.status')}</dt><dd>{item.status}{item.decidedBy ? ` · ${item.decidedBy}` : ''}</dd></div>
        <div><dt>{ctx.t('dup.model')}</dt><dd><code>{v.modelVersion}</code></dd></div>
      </dl>
      {explanation.evidence === 'different_tax_ids' ? <Notice kind="error">{ctx.t('dup.blocks_merge')}</Notice> : null}
      {explanation.evidence && explanation.evidence !== 'different_tax_ids' ? <Notice kind="info">{ctx.t(`dup.evidence_${explanation.evidence}`)}</Notice> : null}
      {pending && p.canDecide ? (
        <div class="actions" role="group" aria-label={ctx.t('dup.decide')}>
          <form method="post" action={`${base}/accept`} data-key="y"><Csrf ctx={ctx} /><button type="submit" class="primary" aria-keyshortcuts="y">{ctx.t('dup.accept')} <kbd>y</kbd></button></form>
          <form method="post" action={`${base}/reject`} data-key="n"><Csrf ctx={ctx} /><button type="submit" aria-keyshortcuts="n">{ctx.t('dup.reject')} <kbd>n</kbd></button></form>
          <form method="post" action={`${base}/skip`} data-key="u"><Csrf ctx={ctx} /><button type="submit" aria-keyshortcuts="u">{ctx.t('dup.skip')} <kbd>u</kbd></button></form>
        </div>
      ) : null}
      {item.mergeId && item.status === 'accepted' ? <p><a href="/duplicates/history">{ctx.t('dup.merged_as', { id: item.mergeId })}</a></p> : null}
      <section aria-labelledby="ev-h">
        <h2 id="ev-h">{ctx.t('dup.evidence_title')}</h2>
        <table>
          <thead><tr><th scope="col">{ctx.t('dup.comparison')}</th><th scope="col">{ctx.t('dup.level')}</th><th scope="col" class="num">{ctx.t('dup.weight')}</th><th scope="col"><span class="sr">{ctx.t('dup.bar')}</span></th></tr></thead>
          <tbody>
            <tr><td>{ctx.t('dup.prior')}</td><td>{ctx.t('dup.prior_help')}</td><td class="num">{ctx.f.num(Math.round(prior * 100) / 100)}</td><td><WeightBar weight={prior} /></td></tr>
            {sorted.map((c) => (
              <tr class={c.weight < 0 ? 'against' : 'for'}><td>{c.comparison}</td><td>{c.level}</td><td class="num">{ctx.f.num(Math.round(c.weight * 100) / 100)}</td><td><WeightBar weight={c.weight} /></td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="side-h">
        <h2 id="side-h">{ctx.t('dup.side_by_side')}</h2>
        <table>
          <thead><tr><th scope="col">{ctx.t('run.field')}</th><th scope="col">{ctx.t('dup.record_a')}</th><th scope="col">{ctx.t('dup.record_b')}</th></tr></thead>
          <tbody>
            {v.detail.fields.map(([f, a, b]) => (
              <tr class={show(a) === show(b) ? 'same' : 'differs'}><th scope="row">{f}</th><td>{show(a)}</td><td>{show(b)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="surv-h">
        <h2 id="surv-h">{ctx.t('dup.survivor')}</h2>
        <p>{ctx.t('dup.survivor_help', { id: v.survivorId === item.recordA ? (item.labelA ?? 'A') : (item.labelB ?? 'B') })}</p>
        <table>
          <thead><tr><th scope="col">{ctx.t('run.field')}</th><th scope="col">{ctx.t('dup.value')}</th><th scope="col">{ctx.t('dup.from')}</th></tr></thead>
          <tbody>{v.preview.map((r) => <tr><th scope="row">{r.field}</th><td>{show(r.value)}</td><td>{lineageText(ctx, r.lineage)}</td></tr>)}</tbody>
        </table>
      </section>
      {v.decisions.length > 0 ? (
        <section aria-labelledby="log-h">
          <h2 id="log-h">{ctx.t('dup.decisions')}</h2>
          <ul>{v.decisions.map((d) => <li>{ctx.f.dateTime(d.at)} · {d.actor} · {d.decision} · <code>{d.modelVersion}</code></li>)}</ul>
        </section>
      ) : null}
    </Layout>
  );
}

export function HistoryPage(p: { ctx: ViewContext; items: HistoryItem[]; page: number; canUndo: boolean; notice?: { kind: 'ok' | 'error'; text: string } }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('dup.history')}>
      <DuplicatesTabs ctx={ctx} current="history" />
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      {p.items.length === 0 ? <p>{ctx.t('dup.no_history')}</p> : (
        <table>
          <thead><tr>
            <th scope="col" class="num">#</th><th scope="col">{ctx.t('dup.survivor_col')}</th><th scope="col">{ctx.t('dup.absorbed')}</th>
            <th scope="col">{ctx.t('dup.rule')}</th><th scope="col">{ctx.t('dup.decided_by')}</th><th scope="col">{ctx.t('dup.when')}</th><th scope="col">{ctx.t('dup.undo_col')}</th>
          </tr></thead>
          <tbody>
            {p.items.slice(0, QUEUE_PAGE).map((h) => (
              <tr>
                <td class="num">{h.id}</td>
                <td>{h.entity === 'accounts' ? <a href={`/accounts/${h.survivorId}`}>{h.survivorLabel ?? h.survivorId}</a> : (h.survivorLabel ?? h.survivorId)}</td>
                <td>{h.absorbed.map((a) => a.label ?? a.id).join(', ')}</td>
                <td>{h.rule}</td>
                <td>{h.decidedBy}</td>
                <td>{ctx.f.dateTime(h.at)}</td>
                <td>
                  {h.undoneAt ? ctx.t('dup.undone', { by: h.undoneBy ?? '', when: ctx.f.dateTime(h.undoneAt) }) : p.canUndo ? (
                    <form method="post" action={`/duplicates/history/${h.id}/undo`}>
                      <Csrf ctx={ctx} />
                      <button type="submit" aria-label={ctx.t('dup.undo_label', { id: h.id })}>{ctx.t('dup.undo')}</button>
                    </form>
                  ) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} base="/duplicates/history" page={p.page} hasNext={p.items.length > QUEUE_PAGE} />
    </Layout>
  );
}
