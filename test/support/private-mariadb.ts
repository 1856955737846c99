/**
 * A MariaDB server of the test's own (its own data folder, port and socket in a temp folder), so a
 * test can stop and restart it without touching the shared server others use. Needs `mariadbd`
 * and `mariadb-install-db` (Debian: mariadb-server); root without a password, TCP on 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from '../../temporal/dev-server';

export interface PrivateMariadb {
  /** `mysql://root@127.0.0.1:<port>` (add `/<database>`). */
  url: string;
  /** Shuts the server down (SIGTERM, as a service restart does) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same data folder and port; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): Promise<void>;
}

export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-mariadb-'));
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot], { stdio: 'ignore' });
  const port = await freePort();
  const url = `mysql://root@127.0.0.1:${port}`;
  let server: ChildProcess | null = null;

  const start = async () => {
    server = spawn('mariadbd', [
      '--no-defaults', `--datadir=${join(dir, 'data')}`, `--socket=${join(dir, 'mariadb.sock')}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mariadb.pid')}`, `--log-error=${join(dir, 'error.log')}`, '--skip-log-bin', '--innodb-buffer-pool-size=64M', ...asRoot,
    ], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const c = await mysql.createConnection({ uri: url, connectTimeout: 1000 });
        await c.end();
        return;
      } catch (err) {
        if (Date.now() > deadline || server.exitCode !== null) throw new Error(`private MariaDB on port ${port} did not start (see ${join(dir, 'error.log')}): ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url, start, stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
