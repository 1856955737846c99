/**
 * `crmhub worker [--metrics-port N]`: a long-running worker on TEMPORAL_ADDRESS (default: the
 * `crmhub dev` server). Workers are stateless and interchangeable: run as many as the load needs,
 * on any hosts, with the same environment.
 *
 * SIGTERM/SIGINT: the worker stops polling, lets running activities finish for
 * CRMHUB_WORKER_SHUTDOWN_GRACE, then cancels the rest; a cancelled import load stops at its next
 * batch boundary (the batch being merged commits, the one being read is dropped) and its attempt
 * fails back to Temporal at once, so another worker resumes it from the committed checkpoint
 * without waiting for the heartbeat timeout.
 */
import { DEV_SERVER_ADDRESS, TASK_QUEUE, temporalAddressFromEnv, temporalNamespace } from '../../temporal/config';
import { connectTemporal, probeTemporal, temporalConnectionSettings, type TemporalConnectionSettings } from '../../temporal/connect';
import { freePort } from '../../temporal/dev-server';
import { createWorker } from '../../temporal/worker';
import { startWorkerHttp } from '../../temporal/worker-http';
import { workerTuningFromEnv } from '../../temporal/worker-tuning';
import { withDatabase } from '../database';
import { note } from '../output';
import { installQuietRuntime } from '../temporal-runtime';
import { UserError } from '../user-error';

function portOption(v: string | undefined, name: string): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`${name}: ${v} is not a port number`);
  return n;
}

export async function workerCommand(o: { metricsPort?: string; metricsHost?: string } = {}): Promise<number> {
  const metricsPort = portOption(o.metricsPort ?? process.env.CRMHUB_METRICS_PORT, '--metrics-port');
  const metricsHost = o.metricsHost ?? process.env.CRMHUB_METRICS_HOST ?? '127.0.0.1';
  const sdkPort = metricsPort !== null ? await freePort() : null;
  installQuietRuntime(sdkPort ? { metricsBindAddress: `127.0.0.1:${sdkPort}` } : {});
  let tuning;
  try {
    tuning = workerTuningFromEnv();
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const configured = temporalAddressFromEnv();
  const address = configured ?? DEV_SERVER_ADDRESS;
  const settings: TemporalConnectionSettings = configured ? temporalConnectionSettings(configured) : { address, describe: 'plain gRPC' };
  const namespace = temporalNamespace();
  const probe = await connectTemporal(settings, 5000).catch((err: Error) => {
    throw new UserError(configured ? err.message : `${err.message} (or start a local server with \`crmhub dev\`)`);
  });
  try {
    return await withDatabase(async (db) => {
      const worker = await createWorker({ address, namespace, db, settings });
      const http = metricsPort !== null
        ? await startWorkerHttp({
          host: metricsHost, port: metricsPort, sdkMetricsUrl: `http://127.0.0.1:${sdkPort}/metrics`, state: () => worker.getState(),
          checks: {
            temporal: () => probeTemporal(probe, settings),
            postgres: async () => { await db.raw('SELECT 1'); return null; },
          },
        }).catch((err: Error) => { throw new UserError(`--metrics-port ${metricsPort}: ${err.message}`); })
        : null;
      const onSignal = (signal: string) => note(`crmhub worker: ${signal}: stopping; running activities get ${tuning.shutdownGraceTime} ms, then are handed back`);
      process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
      note(`crmhub worker (pid ${process.pid}) polling task queue "${TASK_QUEUE}" on ${address}, ${settings.describe} (namespace ${namespace}); `
        + `up to ${tuning.maxConcurrentActivityTaskExecutions} activities${http ? `; metrics and /ready on http://${metricsHost}:${http.port}` : ''}. Ctrl-C to stop.`);
      try {
        await worker.run(); // returns once a shutdown signal has drained or handed back every task
        note('crmhub worker: stopped');
      } finally {
        await http?.close();
      }
      return 0;
    });
  } finally {
    await probe.close().catch(() => undefined);
  }
}
