/**
 * The console's Temporal client. It finds the server as the CLI does (TEMPORAL_ADDRESS, else the
 * `crmhub dev` server on 127.0.0.1:7233), but never starts one: a console serves many people, so
 * it needs a real server and a worker (`crmhub dev`, or `crmhub worker` processes).
 */
import type { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DEV_SERVER_ADDRESS, TASK_QUEUE, temporalAddressFromEnv, temporalNamespace } from '../temporal/config';
import { connectTemporal, temporalClient, temporalConnectionSettings } from '../temporal/connect';

export interface ConsoleTemporal { client: Client; taskQueue: string; namespace: string }

export function lazyTemporal(): { get: () => Promise<ConsoleTemporal>; close: () => Promise<void> } {
  let pending: Promise<ConsoleTemporal> | null = null;
  let connection: Connection | null = null;
  return {
    get: () => {
      pending ??= (async () => {
        const address = temporalAddressFromEnv() ?? DEV_SERVER_ADDRESS;
        // The same TLS / API key settings and payload codec as the CLI and the workers.
        connection = await connectTemporal(temporalConnectionSettings(address), 5000);
        const namespace = temporalNamespace();
        return { client: temporalClient(connection, namespace), taskQueue: TASK_QUEUE, namespace };
      })().catch((err) => {
        pending = null; // try again on the next request
        throw new Error(`Temporal is not reachable (${(err as Error).message}): start \`crmhub dev\` or set TEMPORAL_ADDRESS`);
      });
      return pending;
    },
    close: async () => {
      await connection?.close().catch(() => undefined);
    },
  };
}

/** Whether any worker polls the task queue (the console warns when none does). */
export async function workerPolls(t: ConsoleTemporal): Promise<boolean> {
  const res = await t.client.workflowService.describeTaskQueue({
    namespace: t.namespace, taskQueue: { name: t.taskQueue }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (res.pollers?.length ?? 0) > 0;
}
