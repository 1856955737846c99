/**
 * node bin/run-ts.cjs bench/console-pages-rss.ts: the `crmhub console` process (server V8 flags)
 * against BENCH_CONSOLE_DATABASE_URL after `npm run bench:console`: signs in, opens every page
 * (which loads the merge engine for duplicates and accounts), prints VmRSS/VmHWM. A probe, not a test.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');
const URL_DB = process.env.BENCH_CONSOLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_console';

async function main() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-old-space-size=256', '--max-semi-space-size=1', join(ROOT, 'bin', 'crmhub.cjs'), 'console', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: URL_DB, CRMHUB_CONSOLE_INSECURE_COOKIES: '1', TEMPORAL_ADDRESS: '127.0.0.1:1', CRMHUB_UPLOAD_DIR: '/tmp/crmhub-probe-uploads' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const jar = new Map<string, string>();
  let csrf = '';
  const req = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) { const [p] = c.split(';'); const i = p!.indexOf('='); jar.set(p!.slice(0, i), p!.slice(i + 1)); }
    const body = await res.text();
    csrf = /data-csrf="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return { status: res.status, body };
  };
  for (let i = 0; i < 100; i++) { if (await fetch(`${base}/login`).then((r) => r.ok).catch(() => false)) break; await new Promise((r) => setTimeout(r, 200)); }
  await req('/login');
  await req('/login', { method: 'POST', body: new URLSearchParams({ email: 'bench@example.com', password: 'bench password 1234', _csrf: csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const mem = () => { const s = readFileSync(`/proc/${child.pid}/status`, 'utf8'); return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024, hwm: Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024 }; };
  const before = mem();
  const statuses: Record<string, number> = {};
  for (let round = 0; round < 3; round++) {
    for (const p of ['/imports', '/runs', '/runs/1', '/duplicates', '/duplicates/history', '/sources', '/accounts?q=Distribuciones', '/runs/1/warnings.csv']) statuses[p] = (await req(p)).status;
  }
  const after = mem();
  process.stdout.write(`${JSON.stringify({ statuses, loginPageRssMB: before.rss, afterEveryPageRssMB: after.rss, peakRssMB: after.hwm })}\n`);
  child.kill('SIGTERM');
}
main().catch((e) => { process.stderr.write(String(e)); process.exitCode = 1; });
