/** The Temporal SDK logs at INFO to stdout by default; a CLI keeps stdout for its own output. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * `metricsBindAddress` (host:port): the SDK's Prometheus exporter, which also exports crmhub's own
 * worker metrics (temporal/worker-metrics.ts). Only `crmhub worker --metrics-port` sets it.
 */
export function installQuietRuntime(opts: { metricsBindAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  const level = (process.env.CRMHUB_TEMPORAL_LOG_LEVEL || 'WARN') as 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const err = (entry.meta as { error?: { message?: string } } | undefined)?.error;
      process.stderr.write(`[temporal ${entry.level}] ${entry.message}${err?.message ? `: ${err.message}` : ''}\n`);
    }),
    ...(opts.metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: opts.metricsBindAddress } } } } : {}),
  });
}
