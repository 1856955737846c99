/** Accounts: search, and one account with lineage, source records, facts, merges, segments. */
import type { AccountHit, AccountView } from '../accounts/account-data';
import { currencyMinorDigits } from '../../domain/normalize/currencies';
import { Layout, Scroll } from './layout';
import type { ViewContext } from './view-context';

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function AccountsPage(p: { ctx: ViewContext; q: string; hits: AccountHit[] | null }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('accounts.title')}>
      <form method="get" action="/accounts" role="search" class="inline">
        <label for="q">{ctx.t('accounts.search')}</label>
        <input id="q" name="q" type="search" value={p.q} minlength={2} maxlength={200} aria-describedby="q-help" />
        <button type="submit">{ctx.t('accounts.search_button')}</button>
      </form>
      <p id="q-help"><small>{ctx.t('accounts.search_help')}</small></p>
      {p.hits === null ? null : p.hits.length === 0 ? <p>{ctx.t('accounts.none')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{ctx.t('accounts.name')}</th><th scope="col">{ctx.t('accounts.tax_id')}</th><th scope="col">{ctx.t('accounts.email')}</th>
            <th scope="col">{ctx.t('accounts.phone')}</th><th scope="col">{ctx.t('accounts.city')}</th>
          </tr></thead>
          <tbody>
            {p.hits.map((h) => (
              <tr><td><a href={`/accounts/${h.id}`}>{h.name}</a></td><td>{h.taxId ?? ''}</td><td>{h.email ?? ''}</td><td>{h.phone ?? ''}</td><td>{[h.city, h.country].filter(Boolean).join(', ')}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function lineageText(ctx: ViewContext, l: AccountView['fields'][number]['lineage']): string {
  if (!l) return ctx.t('dup.from_crm');
  if (l.from === 'source') return ctx.t('dup.from_source', { source: l.sourceSystem, id: l.externalId, rule: l.rule });
  if (l.from === 'union') return ctx.t('dup.from_union', { sources: l.sources.map((s) => `${s.sourceSystem}:${s.externalId}`).join(', ') });
  return l.reason === 'user_edited' ? ctx.t('dup.user_edited') : ctx.t('dup.from_crm');
}

function money(ctx: ViewContext, minor: unknown, currency: unknown): string {
  if (minor === null || minor === undefined || typeof currency !== 'string') return show(minor);
  const digits = currencyMinorDigits(currency) ?? 2;
  const value = Number(minor) / 10 ** digits;
  try {
    return new Intl.NumberFormat(ctx.locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${show(minor)} ${currency}`;
  }
}

function factCell(ctx: ViewContext, column: string, row: Record<string, unknown>): string {
  const v = row[column];
  if (column.endsWith('_minor')) return money(ctx, v, row.currency);
  if (v instanceof Date) return ctx.f.dateTime(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return ctx.f.date(v);
  return show(v);
}

export function AccountPage(p: { ctx: ViewContext; v: AccountView }) {
  const { ctx, v } = p;
  const a = v.account;
  return (
    <Layout ctx={ctx} title={String(a.name ?? '')}>
      {a.merged_into_id ? <p class="notice info" role="status">{ctx.t('accounts.merged_into')} <a href={`/accounts/${a.merged_into_id as string}`}>{show(a.merged_into_id)}</a></p> : null}
      <section aria-labelledby="fields-h">
        <h2 id="fields-h">{ctx.t('accounts.fields')}</h2>
        <table>
          <thead><tr><th scope="col">{ctx.t('run.field')}</th><th scope="col">{ctx.t('dup.value')}</th><th scope="col">{ctx.t('accounts.lineage')}</th></tr></thead>
          <tbody>{v.fields.map((f) => <tr><th scope="row">{f.field}</th><td>{show(f.value)}</td><td>{lineageText(ctx, f.lineage)}</td></tr>)}</tbody>
        </table>
      </section>
      <section aria-labelledby="src-h">
        <h2 id="src-h">{ctx.t('accounts.sources')}</h2>
        {v.sources.length === 0 ? <p>{ctx.t('accounts.no_sources')}</p> : v.sources.map((s) => (
          <details>
            <summary>{s.source} · {s.externalId} · {ctx.t('accounts.resolved_by', { how: s.resolvedBy })} · {ctx.f.dateTime(s.lastSeen)}{s.lastRunId ? ` · ${ctx.t('runs.run')} ${s.lastRunId}` : ''}</summary>
            <table>
              <tbody>{Object.entries(s.payload).filter(([, x]) => x !== null && x !== '').map(([k, x]) => <tr><th scope="row">{k}</th><td>{show(x)}</td></tr>)}</tbody>
            </table>
          </details>
        ))}
      </section>
      <section aria-labelledby="contacts-h">
        <h2 id="contacts-h">{ctx.t('accounts.contacts')}</h2>
        {v.contacts.length === 0 ? <p>{ctx.t('accounts.no_contacts')}</p> : (
          <ul>{v.contacts.map((c) => <li>{c.name || c.email || c.phone} {c.email ? <small>{c.email}</small> : null}</li>)}</ul>
        )}
      </section>
      <section aria-labelledby="facts-h">
        <h2 id="facts-h">{ctx.t('accounts.facts')}</h2>
        {v.facts.every((f) => f.count === 0) ? <p>{ctx.t('accounts.no_facts')}</p> : v.facts.filter((f) => f.count > 0).map((f) => (
          <Scroll label={f.table}>
            <table>
              <caption>{ctx.t('accounts.fact_caption', { table: f.table, count: f.count })}</caption>
              <thead><tr>{f.columns.map((c) => <th scope="col">{c}</th>)}</tr></thead>
              <tbody>{f.rows.map((r) => <tr>{f.columns.map((c) => <td class={c.endsWith('_minor') ? 'num' : undefined}>{factCell(ctx, c, r)}</td>)}</tr>)}</tbody>
            </table>
          </Scroll>
        ))}
      </section>
      <section aria-labelledby="merges-h">
        <h2 id="merges-h">{ctx.t('accounts.merges')}</h2>
        {v.merges.length === 0 ? <p>{ctx.t('dup.no_history')}</p> : (
          <ul>{v.merges.map((m) => (
            <li>#{m.id} · {ctx.f.dateTime(m.at)} · {m.rule} · {m.decidedBy} · {m.survivorId === a.id ? ctx.t('accounts.absorbed_here', { count: m.absorbed.length }) : ctx.t('accounts.absorbed_into', { id: m.survivorId })}
              {m.undoneAt ? ` · ${ctx.t('dup.undone', { by: '', when: ctx.f.dateTime(m.undoneAt) })}` : null}
            </li>
          ))}</ul>
        )}
        <p><a href="/duplicates/history">{ctx.t('dup.history')}</a></p>
      </section>
      {v.segments === null ? null : (
        <section aria-labelledby="seg-h">
          <h2 id="seg-h">{ctx.t('accounts.segments')}</h2>
          {v.segments.length === 0 ? <p>{ctx.t('accounts.no_segments')}</p> : (
            <ul>{v.segments.map((s) => (
              <li>{show(s.rule_code ?? s.rule ?? s.rule_id)}{s.value !== undefined && s.value !== null ? ` = ${show(s.value)}` : ''} · {ctx.t('accounts.since', { when: ctx.f.dateTime(s.entered_at as string | null) })}
                {s.evidence ? <div><small>{show(s.evidence)}</small></div> : null}
              </li>
            ))}</ul>
          )}
        </section>
      )}
    </Layout>
  );
}
