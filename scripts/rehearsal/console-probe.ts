/**
 * The rehearsal's `crmhub console`: a real process on the same Temporal server (mTLS, its own
 * client certificate, the payload keys) and the same database role as the workers, probed over
 * HTTP the way a person's browser would use it: the login page, a login (session cookie + CSRF
 * token), the runs list, a run's page and the sources page (which asks Temporal for the sync
 * schedule). Probes run every few seconds through the faults; each result is kept so the report
 * can say which pages failed when, and for how long.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { freePort } from '../../temporal/dev-server';
import { crmhubArgs } from '../selfhosted/worker-process';

export interface Probe { at: number; path: string; status: number; ms: number; ok: boolean; note?: string }

export interface ConsoleProcess {
  pid: number;
  base: string;
  child: ChildProcess;
  alive(): boolean;
  /** GET a page (with the session unless `anonymous`); `expect` must occur in the body for the probe to count as ok. */
  get(path: string, expect?: string | RegExp, o?: { anonymous?: boolean; record?: boolean }): Promise<Probe & { body: string }>;
  probes: Probe[];
  stop(): Promise<number | string | null>;
}

const EMAIL = 'rehearsal@example.com';
const PASSWORD = 'rehearsal console passphrase';

export async function addConsoleUser(env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = execFile(process.execPath, crmhubArgs(['user', 'add', EMAIL, '--role', 'viewer', '--json']), { env, cwd }, (err, _out, stderr) => {
      if (err) reject(new Error(`crmhub user add: ${stderr || err.message}`));
      else resolve();
    });
    child.stdin!.end(`${PASSWORD}\n`);
  });
}

export async function startConsoleProcess(o: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Promise<ConsoleProcess> {
  const port = await freePort();
  // npm run console's V8 settings: the long-lived console's own.
  const child = spawn(process.execPath, ['--max-semi-space-size=1', ...crmhubArgs(['console', '--port', String(port)], 256)], {
    env: { ...process.env, ...o.env }, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(o.logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  const jar = new Map<string, string>();
  let csrf = '';
  const probes: Probe[] = [];
  const alive = () => child.exitCode === null && child.signalCode === null;

  const request = async (path: string, init: RequestInit = {}, anonymous = false) => {
    const res = await fetch(base + path, {
      ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000),
      headers: { ...(init.headers as Record<string, string>), ...(anonymous ? {} : { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }) },
    });
    if (anonymous) return { status: res.status, body: await res.text(), location: res.headers.get('location') };
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const body = await res.text();
    csrf = /data-csrf="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return { status: res.status, body, location: res.headers.get('location') };
  };
  const login = async () => {
    await request('/login');
    const r = await request('/login', { method: 'POST', body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (r.status !== 303) throw new Error(`console login: HTTP ${r.status}`);
  };

  for (let i = 0; ; i++) {
    if (!alive()) throw new Error(`crmhub console exited (${child.exitCode ?? child.signalCode}) before serving; see ${o.logFile}`);
    if (await fetch(`${base}/login`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok).catch(() => false)) break;
    if (i > 600) throw new Error(`crmhub console did not serve /login within 2 minutes; see ${o.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await login();

  const get = async (path: string, expect?: string | RegExp, o: { anonymous?: boolean; record?: boolean } = {}) => {
    const at = Date.now();
    let probe: Probe & { body: string };
    try {
      let r = await request(path, {}, o.anonymous);
      // A session lost with its database row (it never should be) is a failed probe, then a new login.
      if (!o.anonymous && (r.status === 302 || r.status === 303)) {
        const note = `redirected to ${r.location}`;
        await login().catch(() => undefined);
        r = { ...r, body: note };
      }
      const found = expect === undefined || (typeof expect === 'string' ? r.body.includes(expect) : expect.test(r.body));
      probe = { at, path, status: r.status, ms: Date.now() - at, ok: r.status === 200 && found, body: r.body, ...(r.status === 200 && !found ? { note: `no ${String(expect)}` } : {}) };
    } catch (err) {
      probe = { at, path, status: 0, ms: Date.now() - at, ok: false, body: '', note: (err as Error).message };
    }
    if (o.record !== false) probes.push({ at: probe.at, path: probe.path, status: probe.status, ms: probe.ms, ok: probe.ok, ...(probe.note ? { note: probe.note } : {}) });
    return probe;
  };

  return {
    pid: child.pid!, base, child, alive, get, probes,
    stop: async () => {
      if (!alive()) return child.exitCode ?? child.signalCode;
      const exited = new Promise<number | string | null>((r) => child.once('exit', (code, sig) => r(code ?? sig)));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const x = await exited;
      clearTimeout(t);
      return x;
    },
  };
}

/** Per page: probes, failures, and the longest run of consecutive failures (first failure to next success). */
export function probeSummary(probes: Probe[]): { path: string; probes: number; failed: number; longestOutageS: number; firstFailure: string | null }[] {
  const paths = [...new Set(probes.map((p) => p.path))];
  return paths.map((path) => {
    const own = probes.filter((p) => p.path === path).sort((a, b) => a.at - b.at);
    let longest = 0;
    let since: number | null = null;
    let first: string | null = null;
    for (const p of own) {
      if (!p.ok) {
        since ??= p.at;
        first ??= `HTTP ${p.status}${p.note ? ` (${p.note.slice(0, 120)})` : ''}`;
      } else if (since !== null) {
        longest = Math.max(longest, p.at - since);
        since = null;
      }
    }
    if (since !== null) longest = Math.max(longest, (own.at(-1)?.at ?? since) - since);
    return { path, probes: own.length, failed: own.filter((p) => !p.ok).length, longestOutageS: Math.round(longest / 100) / 10, firstFailure: first };
  });
}
