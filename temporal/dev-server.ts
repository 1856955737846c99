/**
 * A local Temporal dev server (`temporal server start-dev`): persisted under a data folder for
 * `crmhub dev`, or ephemeral (in memory, free ports) for the length of one CLI command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { requireTemporalCli } from './temporal-cli';

export interface DevServer { address: string; uiUrl: string | null; stop(): Promise<void>; process: ChildProcess }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startDevServer(opts: { port?: number; uiPort?: number | null; dataDir?: string; namespace?: string }): Promise<DevServer> {
  const bin = requireTemporalCli();
  const port = opts.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error', '--namespace', opts.namespace ?? 'default'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  let logFd: number | 'ignore' = 'ignore';
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('--db-filename', join(opts.dataDir, 'temporal.db'));
    logFd = openSync(join(opts.dataDir, 'temporal.log'), 'a');
  }
  const child = spawn(bin, args, { stdio: ['ignore', logFd, logFd], detached: false });
  const address = `127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`temporal dev server exited with code ${code}`))));
  exited.catch(() => undefined);
  await Promise.race([waitUntilServing(address, 60_000), exited]);
  return {
    address,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    process: child,
    stop: () => stopChild(child),
  };
}

export async function isServing(address: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: timeoutMs });
    try {
      await conn.workflowService.getSystemInfo({});
      return true;
    } finally {
      await conn.close();
    }
  } catch {
    return false;
  }
}

async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isServing(address, 1000)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`temporal dev server did not answer on ${address} within ${timeoutMs / 1000}s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}
