/**
 * A PostgreSQL 15 cluster of its own for the rehearsal (default port 5434), so its restarts never
 * touch the PostgreSQL other work uses. Created with pg_createcluster on first use (root), then
 * configured for TLS with the rehearsal's CA:
 *   local   all all                 peer
 *   host    all postgres 127.0.0.1  trust           the rehearsal's own admin connection
 *   hostssl all all      127.0.0.1  scram-sha-256   everyone else: TLS and a password, or nothing
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster { version: string; name: string; port: number; adminUrl: string; confDir: string }

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function pgCluster(port = 5434, name = 'rehearsal', version = '15'): PgCluster {
  return { version, name, port, adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, confDir: `/etc/postgresql/${version}/${name}` };
}

function status(c: PgCluster): 'online' | 'down' | 'missing' {
  const line = sh('pg_lsclusters', ['--no-header']).split('\n').find((l) => { const f = l.trim().split(/\s+/); return f[0] === c.version && f[1] === c.name; });
  if (!line) return 'missing';
  return line.includes('online') ? 'online' : 'down';
}

/** Creates (once) and configures the cluster with this server certificate, and starts it. */
export async function ensurePgCluster(c: PgCluster, tls: { cert: string; key: string; ca: string }): Promise<void> {
  if (status(c) === 'missing') {
    sh('pg_createcluster', [c.version, c.name, '-p', String(c.port), '--', '--auth-local=peer', '--auth-host=scram-sha-256']);
  }
  const pgUid = Number(sh('id', ['-u', 'postgres']).trim());
  const pgGid = Number(sh('id', ['-g', 'postgres']).trim());
  for (const [from, to, mode] of [[tls.cert, 'rehearsal-server.pem', 0o644], [tls.key, 'rehearsal-server.key', 0o600], [tls.ca, 'rehearsal-ca.pem', 0o644]] as const) {
    const dest = join(c.confDir, to);
    copyFileSync(from, dest);
    chownSync(dest, pgUid, pgGid);
    chmodSync(dest, mode);
  }
  writeFileSync(join(c.confDir, 'conf.d', 'crmhub-rehearsal.conf'), [
    "listen_addresses = '127.0.0.1'",
    `port = ${c.port}`,
    'ssl = on',
    `ssl_cert_file = '${join(c.confDir, 'rehearsal-server.pem')}'`,
    `ssl_key_file = '${join(c.confDir, 'rehearsal-server.key')}'`,
    `ssl_ca_file = '${join(c.confDir, 'rehearsal-ca.pem')}'`,
    'max_connections = 200',
    "shared_buffers = '128MB'",
    'fsync = on',
    '',
  ].join('\n'));
  writeFileSync(join(c.confDir, 'pg_hba.conf'), [
    'local   all all                 peer',
    'host    all postgres 127.0.0.1/32 trust',
    'hostssl all all      127.0.0.1/32 scram-sha-256',
    '',
  ].join('\n'));
  if (!existsSync(join(c.confDir, 'conf.d'))) throw new Error(`${c.confDir}/conf.d missing`);
  if (status(c) === 'online') sh('pg_ctlcluster', ['--skip-systemctl-redirect', c.version, c.name, 'restart']);
  else sh('pg_ctlcluster', ['--skip-systemctl-redirect', c.version, c.name, 'start']);
  await waitPgReady(c, 30_000);
}

/** `pg_ctlcluster restart` (fast shutdown: open sessions are terminated); resolves when it accepts connections. */
export async function restartPgCluster(c: PgCluster): Promise<void> {
  sh('pg_ctlcluster', ['--skip-systemctl-redirect', '--mode', 'fast', c.version, c.name, 'restart']);
  await waitPgReady(c, 60_000);
}

export function stopPgCluster(c: PgCluster): void {
  if (status(c) === 'online') sh('pg_ctlcluster', ['--skip-systemctl-redirect', '--mode', 'fast', c.version, c.name, 'stop']);
}

export async function waitPgReady(c: PgCluster, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: c.adminUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function adminQuery(c: PgCluster, sql: string, database = 'postgres'): Promise<pg.QueryResult> {
  const u = new URL(c.adminUrl);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
