/**
 * `crmhub dev`: a local Temporal dev server persisted under a data folder, its Web UI, and a
 * worker in this process — the whole stack on a laptop. Other commands find it on 127.0.0.1:7233.
 */
import { join, resolve } from 'node:path';
import { DEV_SERVER_ADDRESS, DEV_UI_PORT, TASK_QUEUE, temporalNamespace } from '../../temporal/config';
import { isServing, startDevServer } from '../../temporal/dev-server';
import { createWorker } from '../../temporal/worker';
import { withDatabase } from '../database';
import { note } from '../output';
import { installQuietRuntime } from '../temporal-runtime';
import { UserError } from '../user-error';
import { startConsole } from './console-command';

export async function devCommand(o: { dataDir?: string; console?: boolean; consolePort?: string }): Promise<number> {
  installQuietRuntime();
  const dataDir = resolve(o.dataDir ?? process.env.CRMHUB_DATA_DIR ?? join(process.cwd(), '.crmhub'));
  if (await isServing(DEV_SERVER_ADDRESS)) throw new UserError(`a Temporal server already answers on ${DEV_SERVER_ADDRESS}: run \`crmhub worker\` to add a worker to it`);
  return withDatabase(async (db) => {
    const server = await startDevServer({ port: 7233, uiPort: DEV_UI_PORT, dataDir: join(dataDir, 'temporal'), namespace: temporalNamespace() });
    try {
      const worker = await createWorker({ address: server.address, namespace: temporalNamespace(), db });
      note(`Temporal dev server on ${server.address} (data in ${join(dataDir, 'temporal')})`);
      note(`Temporal Web UI: ${server.uiUrl}`);
      // The console keeps its uploads beside the dev server's data, where this worker reads them.
      process.env.CRMHUB_UPLOAD_DIR ??= join(dataDir, 'uploads');
      const web = o.console === false ? null : await startConsole(db, { port: o.consolePort ? Number(o.consolePort) : undefined });
      if (web) note(`Web console: ${web.url} (add a user: crmhub user add <email> --role admin)`);
      note(`Worker polling task queue "${TASK_QUEUE}". In another terminal: crmhub import <file> --entity accounts. Ctrl-C to stop.`);
      try {
        await worker.run();
      } finally {
        await web?.close();
      }
    } finally {
      await server.stop();
    }
    return 0;
  }, { migrate: true });
}
