/** `crmhub worker`: a long-running worker on TEMPORAL_ADDRESS (default: the `crmhub dev` server). */
import { DEV_SERVER_ADDRESS, TASK_QUEUE, temporalAddressFromEnv, temporalNamespace } from '../../temporal/config';
import { isServing } from '../../temporal/dev-server';
import { createWorker } from '../../temporal/worker';
import { withDatabase } from '../database';
import { note } from '../output';
import { installQuietRuntime } from '../temporal-runtime';
import { UserError } from '../user-error';

export async function workerCommand(): Promise<number> {
  installQuietRuntime();
  const address = temporalAddressFromEnv() ?? DEV_SERVER_ADDRESS;
  if (!(await isServing(address, 5000))) {
    throw new UserError(`cannot reach Temporal at ${address}: set TEMPORAL_ADDRESS, or start a local server with \`crmhub dev\``);
  }
  return withDatabase(async (db) => {
    const worker = await createWorker({ address, namespace: temporalNamespace(), db });
    note(`crmhub worker polling task queue "${TASK_QUEUE}" on ${address} (namespace ${temporalNamespace()}); Ctrl-C to stop.`);
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
    return 0;
  });
}
