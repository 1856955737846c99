/** The Temporal SDK logs at INFO to stdout by default; a CLI keeps stdout for its own output. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  const level = (process.env.CRMHUB_TEMPORAL_LOG_LEVEL || 'WARN') as 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const err = (entry.meta as { error?: { message?: string } } | undefined)?.error;
      process.stderr.write(`[temporal ${entry.level}] ${entry.message}${err?.message ? `: ${err.message}` : ''}\n`);
    }),
  });
}
