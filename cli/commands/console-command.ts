/**
 * `crmhub console [--port 8080] [--host 127.0.0.1]`: the web console. It needs a Temporal server
 * and a worker (`crmhub dev`, or `crmhub worker` beside a cluster); it never starts an ephemeral one.
 */
import { mkdirSync } from 'node:fs';
import type { Knex } from 'knex';
import { consoleConfigFromEnv } from '../../console/config';
import { buildConsole } from '../../console/server';
import { lazyTemporal } from '../../console/temporal';
import { withDatabase } from '../database';
import { note } from '../output';
import { installQuietRuntime } from '../temporal-runtime';
import { UserError } from '../user-error';

export async function startConsole(db: Knex, o: { port?: number; host?: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const config = consoleConfigFromEnv(o);
  mkdirSync(config.uploadDir, { recursive: true, mode: 0o750 });
  const temporal = lazyTemporal();
  const app = await buildConsole({ db, config, temporal: temporal.get });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    throw new UserError(`the console cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`,
    close: async () => {
      await app.close();
      await temporal.close();
    },
  };
}

export async function consoleCommand(o: { port?: string; host?: string }): Promise<number> {
  installQuietRuntime();
  const port = o.port === undefined ? undefined : Number(o.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UserError(`--port takes a port number, got "${o.port}"`);
  return withDatabase(async (db) => {
    const c = await startConsole(db, { port, host: o.host });
    note(`crmhub console on ${c.url} (add people with \`crmhub user add <email> --role admin|reviewer|viewer\`). Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await c.close();
    return 0;
  });
}
