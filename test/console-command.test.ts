/**
 * `crmhub user add` and `crmhub console` as real processes (bin/crmhub.cjs, tsx's require hook):
 * the password from stdin, then every page served by the console process, including the ones
 * that load the merge engine on first use. Temporal is unreachable here on purpose: pages that
 * need it say so and still render.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { freePort } from '../temporal/dev-server';
import { freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const exec = promisify(execFile);

describe('crmhub console and crmhub user add', () => {
  let db: Knex;
  beforeAll(async () => {
    db = await freshTestDatabase();
  });
  afterAll(async () => db?.destroy());

  const env = { ...process.env, DATABASE_URL: TEST_DATABASE_URL, TEMPORAL_ADDRESS: '127.0.0.1:1', CRMHUB_CONSOLE_INSECURE_COOKIES: '1', CRMHUB_UPLOAD_DIR: '/tmp/crmhub-console-command-test' };

  it('adds a user with the password from stdin, hashed with argon2id', async () => {
    const child = execFile(process.execPath, ['bin/crmhub.cjs', 'user', 'add', 'Eva@Example.com', '--role', 'reviewer', '--json'], { env });
    child.stdin!.end('a long enough passphrase\n');
    const out = await new Promise<string>((resolve, reject) => {
      let s = '';
      child.stdout!.on('data', (d) => { s += d; });
      child.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(out)).toMatchObject({ email: 'eva@example.com', role: 'reviewer', created: true });
    expect((await db('console_users').first('password_hash')).password_hash).toMatch(/^\$argon2id\$/);
    await expect(exec(process.execPath, ['bin/crmhub.cjs', 'user', 'add', 'x@example.com', '--role', 'boss'], { env })).rejects.toThrow(/boss/);
  });

  it('serves every page from the console process', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, ['bin/crmhub.cjs', 'console', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => { stderr += d; });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 150 && !(await fetch(`${base}/login`).then((r) => r.ok).catch(() => false)); i++) await new Promise((r) => setTimeout(r, 200));
      const jar = new Map<string, string>();
      let csrf = '';
      const req = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(base + path, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const c of res.headers.getSetCookie()) { const [p] = c.split(';'); const i = p!.indexOf('='); jar.set(p!.slice(0, i), p!.slice(i + 1)); }
        const body = await res.text();
        csrf = /data-csrf="([^"]+)"/.exec(body)?.[1] ?? csrf;
        return { status: res.status, body };
      };
      await req('/login');
      const login = await req('/login', { method: 'POST', body: new URLSearchParams({ email: 'eva@example.com', password: 'a long enough passphrase', _csrf: csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(login.status).toBe(303);
      for (const p of ['/imports', '/runs', '/duplicates', '/duplicates/history', '/sources', '/accounts?q=ab']) {
        const res = await req(p);
        expect(res.status, `${p}: ${stderr.slice(-500)}`).toBe(200);
      }
      expect((await req('/sources')).body).toContain('Temporal is not reachable');
      expect(stderr).not.toMatch(/"level":50/);
    } finally {
      proc.kill('SIGTERM');
    }
  });
});
