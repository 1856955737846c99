/**
 * Which Temporal a command talks to, and who runs the workflows:
 * - TEMPORAL_ADDRESS set → that server (one clear line if it does not answer);
 * - else the dev server that `crmhub dev` runs on 127.0.0.1:7233, if it answers;
 * - else an ephemeral dev server started for the length of this command.
 * If no worker polls the task queue (always the case with an ephemeral server), an in-process
 * worker runs for the length of the command, on a task queue of its own: its pollers would
 * otherwise linger on the shared queue after the command ends, and the next command would take
 * them for a live worker and wait. Everything started here is stopped at the end.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { DEV_SERVER_ADDRESS, TASK_QUEUE, temporalAddressFromEnv, temporalNamespace } from '../temporal/config';
import { connectTemporal, temporalClient, temporalConnectionSettings, type TemporalConnectionSettings } from '../temporal/connect';
import { isServing, startDevServer, type DevServer } from '../temporal/dev-server';
import { createWorker } from '../temporal/worker';
import { installQuietRuntime } from './temporal-runtime';
import { note } from './output';
import { UserError } from './user-error';

export interface TemporalSession { client: Client; address: string; namespace: string; taskQueue: string; serverKind: 'configured' | 'dev' | 'ephemeral'; inProcessWorker: boolean }

export async function withTemporal<T>(db: Knex, fn: (s: TemporalSession) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
  installQuietRuntime();
  const namespace = temporalNamespace();
  let address = temporalAddressFromEnv();
  let serverKind: TemporalSession['serverKind'] = 'configured';
  let server: DevServer | null = null;
  // TLS and API key settings apply to the configured server only; dev servers are plain gRPC. A
  // configured server that does not answer fails below with one line naming the cause.
  let settings: TemporalConnectionSettings | null = address ? temporalConnectionSettings(address) : null;
  if (address) {
    serverKind = 'configured';
  } else if (await isServing(DEV_SERVER_ADDRESS)) {
    address = DEV_SERVER_ADDRESS;
    serverKind = 'dev';
  } else {
    if (!opts.quiet) note('No Temporal server configured (TEMPORAL_ADDRESS) or running (`crmhub dev`): starting one for this command.');
    try {
      server = await startDevServer({
        onRetry: (err, attempt) => note(`Temporal dev server start failed (${err.message}), attempt ${attempt}: retrying on a new port.`),
      });
    } catch (err) {
      throw new UserError(`cannot start a Temporal dev server: ${(err as Error).message}`);
    }
    address = server.address;
    serverKind = 'ephemeral';
  }
  settings ??= { address, describe: 'plain gRPC' };
  const releaseSignals = server ? stopOnSignals(server) : () => undefined;
  let connection;
  try {
    connection = await connectTemporal(settings, 5000);
  } catch (err) {
    await server?.stop();
    throw new UserError((err as Error).message);
  }
  const client = temporalClient(connection, namespace);
  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let taskQueue = TASK_QUEUE;
  try {
    if (server || !(await hasWorker(client, namespace))) {
      if (!server && !opts.quiet) note(`No worker polls task queue "${TASK_QUEUE}" on ${address}: running one in this process.`);
      taskQueue = `${TASK_QUEUE}-cli-${process.pid}-${Date.now().toString(36)}`;
      // The command's own worker lives within the command's memory budget (issue 8 §6), beside
      // its Temporal server: workflows on the main thread, and a first import's rows read there
      // too (the row thread is another V8 heap, ~30–95 MB; docs/bounded-runs.md). A re-import of a
      // large file reads them in the thread: its rows are mostly known, so reading them is the
      // whole load, and the thread ends before the match stage, where a command's RSS peaks.
      // CRMHUB_ROW_WORKER=0|1 overrides either way.
      worker = await createWorker({ address, namespace, db, taskQueue, settings, inThreadWorkflows: true, rowWorker: 'reimports' });
      running = worker.run();
    }
    return await fn({ client, address, namespace, taskQueue, serverKind, inProcessWorker: worker !== null });
  } finally {
    if (worker) {
      worker.shutdown();
      await running?.catch(() => undefined);
    }
    await connection.close().catch(() => undefined);
    await server?.stop();
    releaseSignals();
  }
}

/**
 * An ephemeral server dies with its command: on SIGINT/SIGTERM/SIGHUP it is stopped before the
 * command exits (exit and uncaught errors: dev-server.ts's exit hook; SIGKILL: its watchdog).
 */
function stopOnSignals(server: DevServer): () => void {
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  const handler = (signal: NodeJS.Signals) => {
    process.stderr.write(`crmhub: ${signal}: stopping the Temporal dev server of this command\n`);
    void server.stop().finally(() => process.exit(codes[signal] ?? 1));
  };
  for (const s of Object.keys(codes)) process.on(s, handler);
  return () => {
    for (const s of Object.keys(codes)) process.removeListener(s, handler);
  };
}

async function hasWorker(client: Client, namespace: string): Promise<boolean> {
  const types = [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY];
  for (const taskQueueType of types) {
    const res = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: TASK_QUEUE }, taskQueueType });
    if (!res.pollers?.length) return false;
  }
  return true;
}
