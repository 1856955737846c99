/**
 * The console against a real PostgreSQL and a real Temporal dev server with a worker, for the
 * fragment tests (fastify.inject) and the browser tests. Users of each role, a cookie jar per
 * person, and every log line the console wrote.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Knex } from 'knex';
import { upsertUser } from '../../console/auth/users';
import { ConsoleConfig } from '../../console/config';
import { buildConsole } from '../../console/server';
import type { ConsoleTemporal } from '../../console/temporal';
import { startTemporal, startWorker, TEST_TASK_QUEUE } from './temporal-env';
import { freshTestDatabase } from './test-database';

export const PASSWORD = 'correct horse battery staple';
export const USERS = { admin: 'ana.admin@example.com', reviewer: 'rita.reviewer@example.com', viewer: 'victor.viewer@example.com' } as const;

export interface ConsoleHarness {
  db: Knex;
  env: TestWorkflowEnvironment;
  temporal: ConsoleTemporal;
  app: FastifyInstance;
  config: ConsoleConfig;
  logs: string[];
  stop(): Promise<void>;
}

export async function startConsoleHarness(o: { withTemporal?: boolean; config?: Partial<ConsoleConfig> } = {}): Promise<ConsoleHarness> {
  const db = await freshTestDatabase();
  const env = await startTemporal();
  const worker = await startWorker(env, db);
  const temporal: ConsoleTemporal = { client: env.client, taskQueue: TEST_TASK_QUEUE, namespace: env.namespace ?? 'default' };
  const config = ConsoleConfig.parse({
    host: '127.0.0.1', port: 0, uploadDir: mkdtempSync(join(tmpdir(), 'crmhub-console-uploads-')), maxUploadBytes: 2 * 1024 * 1024,
    secureCookies: false, sessionHours: 1, temporalUiUrl: 'http://127.0.0.1:8233', namespace: temporal.namespace, timeZone: 'Europe/Madrid',
    loginPerMinute: 20, ...o.config,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await buildConsole({ db, config, temporal: async () => temporal, logStream, logLevel: 'info', cookieSecret: 'test-cookie-secret-0123456789abcdef' });
  for (const [role, email] of Object.entries(USERS)) await upsertUser(db, { email, role: role as 'admin', password: PASSWORD });
  return {
    db, env, temporal, app, config, logs,
    stop: async () => {
      await app.close();
      await worker.stop();
      await env.teardown();
      await db.destroy();
    },
  };
}

/** A person in front of the console: cookies kept between requests, the page's CSRF token at hand. */
export class Browserless {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly app: FastifyInstance, readonly acceptLanguage = 'en') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /data-csrf="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), 'accept-language': this.acceptLanguage, ...headers } });
    this.keep(res);
    return res;
  }

  /** A urlencoded form POST; `csrf: false` leaves the token out. */
  async post(url: string, form: Record<string, string | string[]> = {}, o: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    if (o.csrf !== false) body.append('_csrf', this.csrf);
    const res = await this.app.inject({
      method: 'POST', url, payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), 'accept-language': this.acceptLanguage, ...o.headers },
    });
    this.keep(res);
    return res;
  }

  /** A multipart upload as upload.js sends it: fields first, then the file, the token in the header. */
  async upload(url: string, fields: Record<string, string>, file: { name: string; data: Buffer }, o: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const boundary = `----crmhub${Date.now().toString(16)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
    const res = await this.app.inject({
      method: 'POST', url, payload: Buffer.concat(parts),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader(), accept: 'application/json',
        ...(o.csrf === false ? {} : { 'x-csrf-token': this.csrf }),
      },
    });
    this.keep(res);
    return res;
  }

  async login(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { email, password, next: '/' });
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 60_000, every = 200): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, every));
  }
}
