import { Layout, Notice } from './layout';
import type { ViewContext } from './view-context';

export function LoginPage(p: { ctx: ViewContext; next: string; error?: 'bad' | 'limited' }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('login.title')}>
      {p.error ? <Notice kind="error">{ctx.t(p.error === 'bad' ? 'login.bad' : 'login.limited')}</Notice> : null}
      <form method="post" action="/login" class="stack narrow">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <label for="email">{ctx.t('login.email')}</label>
        <input id="email" name="email" type="email" autocomplete="username" required autofocus />
        <label for="password">{ctx.t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{ctx.t('login.submit')}</button>
      </form>
    </Layout>
  );
}
