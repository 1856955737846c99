import { Layout, Notice } from './layout';
import type { ViewContext } from './view-context';

export function ErrorPage(p: { ctx: ViewContext; status: number; message: string }) {
  return (
    <Layout ctx={p.ctx} title={p.ctx.t('error.title', { status: p.status })}>
      <Notice kind="error">{p.message}</Notice>
      <p><a href="/">{p.ctx.t('error.home')}</a></p>
    </Layout>
  );
}
