/**
 * npm run bench:console [-- --rows 1000000]
 *
 * A 1M-row CSV dry run through the web console, as a person would do it, with the console in its
 * own process (`crmhub console`) and the work on a separate `crmhub worker`, both against one
 * Temporal dev server and the database BENCH_CONSOLE_DATABASE_URL (its schema is dropped and
 * rebuilt). Measured:
 *  - the console process's RSS, sampled every 100 ms from /proc, and its peak (VmHWM);
 *  - the upload (streamed to disk, hashed, checked before parsing), the wizard's inspection;
 *  - how long after the dry run finished (sync_runs.finished_at) its first page of results was
 *    rendered: polling /progress every 250 ms (the browser polls every 2 s), then GET the page;
 *  - the time to render that page alone, and the annotated downloads' time and size.
 * Not a test: figures, printed and saved as bench/out/console-bench-<timestamp>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAccountsCsv } from './generators/accounts-csv';
import { resetCrm, run } from './bench-process';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { freePort, startDevServer } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 1_000_000);
const URL_DB = process.env.BENCH_CONSOLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_bench_console';
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench password 1234';
const log = (m: string) => process.stderr.write(`[bench:console] ${m}\n`);

/** The console's V8 settings, as docs/console.md recommends for a long-lived console (a small young generation). */
const CONSOLE_FLAGS = (process.env.CONSOLE_NODE_FLAGS ?? '--max-old-space-size=256 --max-semi-space-size=1').split(' ').filter(Boolean);

function crmhub(args: string[], env: NodeJS.ProcessEnv, flags = ['--max-old-space-size=512']): ChildProcess {
  return spawn(process.execPath, [...flags, join(ROOT, 'bin', 'crmhub.cjs'), ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function status(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}
  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...extra };
  }
  async get(path: string): Promise<{ res: Response; body: string }> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    const body = await res.text();
    const m = /data-csrf="([^"]+)"/.exec(body);
    if (m) this.csrf = m[1]!;
    return { res, body };
  }
  async post(path: string, form: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ ...form, _csrf: this.csrf });
    const res = await fetch(this.base + path, { method: 'POST', body, headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), redirect: 'manual' });
    this.keep(res);
    await res.arrayBuffer();
    return res;
  }
  async upload(path: string, fields: Record<string, string>, file: string, name: string): Promise<Response> {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', await openAsBlob(file), name);
    const res = await fetch(this.base + path, { method: 'POST', body: fd, headers: this.headers({ accept: 'application/json', 'x-csrf-token': this.csrf }) });
    this.keep(res);
    return res;
  }
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms: number, every = 250): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, `accounts-${ROWS}-s42.csv`);
  if (!existsSync(csv)) { log(`generating ${csv}`); await writeAccountsCsv(csv, { rows: ROWS, seed: 42 }); }
  await ensureDatabase(URL_DB);
  await resetCrm(URL_DB);
  const server = await startDevServer({});
  const port = await freePort();
  const env = {
    ...process.env, DATABASE_URL: URL_DB, TEMPORAL_ADDRESS: server.address, CRMHUB_UPLOAD_DIR: join(OUT, 'console-uploads'),
    CRMHUB_CONSOLE_INSECURE_COOKIES: '1', CRMHUB_CONSOLE_PORT: String(port), CRMHUB_LOG_LEVEL: 'warn',
  };
  await run('sh', ['-c', `printf '%s\\n' '${PASSWORD}' | "${process.execPath}" "${join(ROOT, 'bin', 'crmhub.cjs')}" user add ${EMAIL} --role reviewer`], env);
  const worker = crmhub(['worker'], env);
  const console_ = crmhub(['console', '--port', String(port)], env, CONSOLE_FLAGS);
  const samples: { t: number; rss: number }[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => {
    try { samples.push({ t: Date.now() - t0, rss: status(console_.pid!).rss }); } catch { /* not up yet */ }
  }, 100);
  const db = createDb(URL_DB, { min: 0, max: 2 });
  try {
    const s = new Session(`http://127.0.0.1:${port}`);
    await waitFor('the console', async () => (await fetch(`${s.base}/login`).then((r) => r.ok).catch(() => false)) || undefined, 60_000);
    const idle = status(console_.pid!).rss;
    await s.get('/login');
    await s.post('/login', { email: EMAIL, password: PASSWORD, next: '/' });
    await s.get('/imports');

    const size = statSync(csv).size;
    let t = Date.now();
    const up = await s.upload('/imports', { entity: 'accounts', source: 'bench' }, csv, `accounts-${ROWS}.csv`);
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const id = ((await up.json()) as { location: string }).location.split('/').pop()!;
    const uploadSeconds = (Date.now() - t) / 1000;
    const afterUpload = status(console_.pid!);
    log(`uploaded ${(size / 1e6).toFixed(0)} MB in ${uploadSeconds.toFixed(1)} s; console RSS ${afterUpload.rss.toFixed(0)} MB`);

    t = Date.now();
    const mappingPage = await waitFor('the inspection', async () => {
      const { body } = await s.get(`/imports/${id}?step=2`);
      return /name="planHash"/.test(body) ? body : undefined;
    }, 300_000, 500);
    const inspectSeconds = (Date.now() - t) / 1000;
    const form: Record<string, string> = {};
    for (const m of mappingPage.matchAll(/<select name="(col_\d+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      form[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
    }
    form.locale = /<select id="locale" name="locale"[^>]*>[\s\S]*?<option value="([^"]+)" selected/.exec(mappingPage)?.[1] ?? 'es';
    t = Date.now();
    const started = await s.post(`/imports/${id}/mapping`, form);
    if (started.status !== 303) throw new Error(`dry run refused: ${started.status}`);
    log('dry run started');
    await waitFor('the dry run', async () => {
      const { res } = await s.get(`/imports/${id}/progress`);
      return res.headers.get('hx-refresh') === 'true' ? true : undefined;
    }, 3_600_000, 250);
    const seen = Date.now();
    const page = await s.get(`/imports/${id}`);
    const rendered = Date.now();
    const run = await db('sync_runs').where('workflow_id', 'like', `wizard-${id}-dry-%`).first('id', 'finished_at', 'started_at', 'rows_read', 'rows_rejected', 'warnings', 'status');
    const finishedAt = new Date(run.finished_at).getTime();
    const dryRunSeconds = (finishedAt - new Date(run.started_at).getTime()) / 1000;
    if (!page.body.includes('rejects.csv')) throw new Error('the results page has no results');
    let renderOnly = Infinity;
    for (let i = 0; i < 5; i++) {
      const a = Date.now();
      await s.get(`/imports/${id}`);
      renderOnly = Math.min(renderOnly, Date.now() - a);
    }
    t = Date.now();
    const rejects = await fetch(`${s.base}/runs/${run.id}/rejects.csv`, { headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const rejectsBytes = (await rejects.arrayBuffer()).byteLength;
    const rejectsSeconds = (Date.now() - t) / 1000;
    t = Date.now();
    const warnings = await fetch(`${s.base}/runs/${run.id}/warnings.csv`, { headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const warningsBytes = (await warnings.arrayBuffer()).byteLength;
    const warningsSeconds = (Date.now() - t) / 1000;
    const end = status(console_.pid!);
    // Then the rest of the console once: the duplicates and account pages load the merge engine.
    for (const p of ['/duplicates', '/duplicates/history', '/runs', `/runs/${run.id}`, '/sources', '/accounts?q=Distribuciones']) await s.get(p);
    const allPages = status(console_.pid!);
    const result = {
      rows: ROWS, fileMB: size / 1e6, nodeFlags: CONSOLE_FLAGS.join(' '),
      console: { idleRssMB: idle, peakRssMB: end.hwm, maxSampledRssMB: Math.max(...samples.map((x) => x.rss)), samples: samples.length, afterEveryPageRssMB: allPages.rss },
      uploadSeconds, inspectSeconds, dryRunSeconds, dryRun: { status: run.status, read: run.rows_read, rejected: run.rows_rejected, warnings: run.warnings },
      firstResultsAfterFinishMs: rendered - finishedAt, seenDoneAfterFinishMs: seen - finishedAt, resultsPageRenderMs: renderOnly,
      downloads: { rejects: { MB: rejectsBytes / 1e6, seconds: rejectsSeconds }, warnings: { MB: warningsBytes / 1e6, seconds: warningsSeconds } },
      targets: { peakRssMB: 150, firstResultsMs: 2000 },
    };
    writeFileSync(join(OUT, `console-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ result, samples }, null, 2));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    await db.destroy();
    console_.kill('SIGTERM');
    worker.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
