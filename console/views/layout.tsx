/** The page frame: navigation, language switcher, the CSRF token for htmx and forms. */
import type { Child } from 'hono/jsx';
import { LANGUAGE_NAMES, LOCALES } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import type { ViewContext } from './view-context';

const NAV: [string, MessageKey][] = [
  ['/imports', 'nav.imports'],
  ['/duplicates', 'nav.duplicates'],
  ['/runs', 'nav.runs'],
  ['/sources', 'nav.sources'],
  ['/accounts', 'nav.accounts'],
];

export function Layout(p: { ctx: ViewContext; title: string; children: Child }) {
  const { ctx } = p;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <title>{`${p.title} · crmhub`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/htmx.js" defer></script>
        <script src="/assets/console.js" defer></script>
      </head>
      <body hx-headers:inherited={JSON.stringify({ 'x-csrf-token': ctx.csrf })} data-csrf={ctx.csrf}>
        <a class="skip" href="#main">{ctx.t('layout.skip')}</a>
        <header class="top">
          <a class="brand" href="/">crmhub</a>
          {ctx.user ? (
            <nav aria-label={ctx.t('layout.navigation')}>
              <ul>
                {NAV.map(([href, key]) => (
                  <li><a href={href} aria-current={ctx.path.startsWith(href) ? 'page' : undefined}>{ctx.t(key)}</a></li>
                ))}
              </ul>
            </nav>
          ) : null}
          <form method="post" action="/lang" class="lang">
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <input type="hidden" name="back" value={ctx.path} />
            <label for="lang-select">{ctx.t('layout.language')}</label>
            <select id="lang-select" name="to">
              {LOCALES.map((l) => <option value={l} lang={l} selected={l === ctx.locale}>{LANGUAGE_NAMES[l]}</option>)}
            </select>
            <button type="submit">{ctx.t('layout.change')}</button>
          </form>
          {ctx.user ? (
            <form method="post" action="/logout" class="who">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <span>{ctx.user.email} · {ctx.t(`role.${ctx.user.role}`)}</span>
              <button type="submit">{ctx.t('layout.logout')}</button>
            </form>
          ) : null}
        </header>
        <main id="main">
          <h1>{p.title}</h1>
          {p.children}
        </main>
      </body>
    </html>
  );
}

export function Csrf(p: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={p.ctx.csrf} />;
}

/** A message for the person: refusals and confirmations, announced to screen readers. */
export function Notice(p: { kind: 'ok' | 'error' | 'info'; children: Child }) {
  return <p class={`notice ${p.kind}`} role={p.kind === 'error' ? 'alert' : 'status'}>{p.children}</p>;
}

/** Previous/next links for a paged list. */
export function Pager(p: { ctx: ViewContext; base: string; page: number; hasNext: boolean; target?: string }) {
  const sep = p.base.includes('?') ? '&' : '?';
  const link = (n: number, key: MessageKey) => (
    <a href={`${p.base}${sep}page=${n}`} {...(p.target ? { 'hx-get': `${p.base}${sep}page=${n}`, 'hx-target': p.target, 'hx-swap': 'outerHTML' } : {})}>{p.ctx.t(key)}</a>
  );
  return (
    <nav class="pager" aria-label={p.ctx.t('pager.label')}>
      {p.page > 1 ? link(p.page - 1, 'pager.previous') : null}
      <span>{p.ctx.t('pager.page', { page: p.page })}</span>
      {p.hasNext ? link(p.page + 1, 'pager.next') : null}
    </nav>
  );
}

/** A horizontally scrollable table holder that keyboard users can reach and scroll (axe: scrollable-region-focusable). */
export function Scroll(p: { label: string; children: Child }) {
  return <div class="scroll" role="region" aria-label={p.label} tabindex={0}>{p.children}</div>;
}
