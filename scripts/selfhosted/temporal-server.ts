/**
 * The self-hosted Temporal server (deploy/temporal/) on 127.0.0.1, for tests and the rehearsal:
 * the same binaries, schema script and config template as a production install, with free ports,
 * an optional mTLS frontend, and a namespace. Its log goes to `<dir>/temporal-server.log`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { connectOptions, temporalConnectionSettings, type TemporalConnectionSettings } from '../../temporal/connection-options';

const run = promisify(execFile);
const DEPLOY = resolve(__dirname, '..', '..', 'deploy', 'temporal');

export interface TemporalDb { host: string; port: number; user: string; password: string; name: string; visibilityName: string; adminUrl?: string; tlsCa?: string }
export interface ServerTls { cert: string; key: string; clientCa: string; internal: { cert: string; key: string }; serverName?: string }

/** Builds (first time: minutes) or finds the pinned server and sql tool; returns their folder. */
export async function ensureTemporalServer(): Promise<string> {
  const { stdout } = await run('bash', [join(DEPLOY, 'ensure-server.sh')], { maxBuffer: 16 << 20, timeout: 60 * 60_000 });
  return stdout.trim().split('\n').pop()!;
}

function dbEnv(db: TemporalDb): Record<string, string> {
  return {
    TEMPORAL_DB_HOST: db.host, TEMPORAL_DB_PORT: String(db.port), TEMPORAL_DB_USER: db.user, TEMPORAL_DB_PASSWORD: db.password,
    TEMPORAL_DB_NAME: db.name, TEMPORAL_VISIBILITY_DB_NAME: db.visibilityName, ...(db.tlsCa ? { TEMPORAL_DB_TLS_CA: db.tlsCa } : {}),
  };
}

export async function setupTemporalSchema(serverDir: string, db: TemporalDb): Promise<void> {
  await run('bash', [join(DEPLOY, 'setup-schema.sh')], {
    env: { ...process.env, ...dbEnv(db), TEMPORAL_SERVER_DIR: serverDir, ...(db.adminUrl ? { PG_ADMIN_URL: db.adminUrl } : {}) },
    maxBuffer: 16 << 20, timeout: 10 * 60_000,
  });
}

export interface SelfHostedTemporal {
  address: string;
  namespace: string;
  /** The environment a crmhub process needs to reach this server (address, namespace, TLS files). */
  clientEnv(clientCert?: { cert: string; key: string }): Record<string, string>;
  settings(clientCert?: { cert: string; key: string }): TemporalConnectionSettings;
  process(): ChildProcess;
  /** SIGTERM, wait; SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** Stop and start again on the same ports and database. */
  restart(): Promise<void>;
}

/**
 * Ports below 32768: the server stores them in PostgreSQL as smallint (cluster_membership), so an
 * ephemeral port from the OS (32768+) makes it exit at start. Membership ports are base+3, +4, +5,
 * +9 (config/crmhub.yaml): find a base whose four are free.
 */
async function portBlock(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20000 + Math.floor(Math.random() * 12000);
    const free = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => isFree(base + d)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free membership port block');
}

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

export async function startSelfHostedTemporal(o: {
  serverDir: string; dir: string; db: TemporalDb; tls?: ServerTls; namespace?: string; retentionHours?: number; logLevel?: string;
}): Promise<SelfHostedTemporal> {
  mkdirSync(o.dir, { recursive: true });
  const namespace = o.namespace ?? 'default';
  const base = await portBlock();
  const ports = {
    TEMPORAL_FRONTEND_PORT: base + 0, TEMPORAL_FRONTEND_HTTP_PORT: base + 1, TEMPORAL_HISTORY_PORT: base + 2,
    TEMPORAL_MATCHING_PORT: base + 6, TEMPORAL_WORKER_PORT: base + 7, TEMPORAL_MEMBERSHIP_PORT_BASE: base,
  };
  const metrics = base + 8;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...dbEnv(o.db),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${metrics}`,
    TEMPORAL_DYNAMIC_CONFIG: join(DEPLOY, 'config', 'dynamicconfig', 'crmhub.yaml'),
    TEMPORAL_LOG_LEVEL: o.logLevel ?? 'warn',
    ...(o.tls ? {
      TEMPORAL_TLS_CERT: o.tls.cert, TEMPORAL_TLS_KEY: o.tls.key, TEMPORAL_TLS_CLIENT_CA: o.tls.clientCa,
      TEMPORAL_TLS_INTERNAL_CERT: o.tls.internal.cert, TEMPORAL_TLS_INTERNAL_KEY: o.tls.internal.key,
      TEMPORAL_TLS_SERVER_NAME: o.tls.serverName ?? 'localhost',
    } : {}),
  };
  // The crmhub client variables must not leak into the server's environment (it ignores them, but
  // a reader of /proc should not find a client key there either).
  for (const k of Object.keys(env)) if (/^TEMPORAL_(ADDRESS|NAMESPACE|API_KEY)$/.test(k)) delete env[k];
  const address = `127.0.0.1:${ports.TEMPORAL_FRONTEND_PORT}`;
  const clientEnv = (c?: { cert: string; key: string }): Record<string, string> => ({
    TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace,
    ...(o.tls ? { TEMPORAL_TLS_CA: o.tls.clientCa, TEMPORAL_TLS_SERVER_NAME: o.tls.serverName ?? 'localhost' } : {}),
    ...(c ? { TEMPORAL_TLS_CERT: c.cert, TEMPORAL_TLS_KEY: c.key } : {}),
  });
  const settings = (c?: { cert: string; key: string }) => temporalConnectionSettings(address, clientEnv(c));
  const admin = o.tls?.internal;

  let child: ChildProcess;
  const launch = async () => {
    const log = openSync(join(o.dir, 'temporal-server.log'), 'a');
    child = spawn(join(o.serverDir, 'temporal-server'), ['--root', DEPLOY, '--config', 'config', '--env', 'crmhub', '--allow-no-auth', 'start'], {
      env, stdio: ['ignore', log, log], cwd: DEPLOY,
    });
    closeSync(log);
    const exited = new Promise<never>((_, rej) => child.once('exit', (c, s) => rej(new Error(`temporal-server exited (${c ?? s}); see ${join(o.dir, 'temporal-server.log')}`))));
    exited.catch(() => undefined);
    await Promise.race([waitServing(settings(admin), 120_000), exited]);
  };
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(t);
  };
  await launch();
  await ensureNamespace(settings(admin), namespace, o.retentionHours ?? 72);
  return {
    address, namespace, clientEnv, settings,
    process: () => child,
    stop: stopChild,
    restart: async () => {
      await stopChild();
      await launch();
    },
  };
}

async function waitServing(s: TemporalConnectionSettings, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const c = await Connection.connect({ ...connectOptions(s), connectTimeout: 2000 });
      try {
        await c.workflowService.getSystemInfo({});
        return;
      } finally {
        await c.close();
      }
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`Temporal did not serve on ${s.address} within ${timeoutMs / 1000}s: ${(last as Error)?.message}`);
}

/** Registers the namespace (once) and waits until the frontend's namespace cache knows it. */
export async function ensureNamespace(s: TemporalConnectionSettings, namespace: string, retentionHours: number): Promise<void> {
  const c = await Connection.connect(connectOptions(s));
  try {
    try {
      await c.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionHours * 3_600_000) });
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await c.workflowService.countWorkflowExecutions({ namespace, query: '' });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await c.close();
  }
}
