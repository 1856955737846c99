/**
 * Per-worker limits and shutdown timing, from the environment. The defaults fit one 2-core host
 * with a 512 MB heap per worker process (bin/crmhub.cjs): one import's load keeps both cores busy
 * (Node parses while PostgreSQL merges), so more than a few activities at once only queue on the
 * cores and add their batches to the heap; the short activities of other imports still get a slot.
 *
 *   CRMHUB_WORKER_MAX_ACTIVITIES      concurrent activities (default 4)
 *   CRMHUB_WORKER_MAX_WORKFLOW_TASKS  concurrent workflow tasks (default 8)
 *   CRMHUB_WORKER_MAX_CACHED_WORKFLOWS sticky workflow cache size (default 100; crmhub's workflows are small)
 *   CRMHUB_WORKER_SHUTDOWN_GRACE      on SIGTERM, how long running activities may finish before they are
 *                                     cancelled and handed back to the server for another worker (default 10s)
 *   CRMHUB_WORKER_SHUTDOWN_FORCE      hard limit of the whole shutdown (default 25s: under Kubernetes'
 *                                     30 s terminationGracePeriodSeconds and systemd's 90 s TimeoutStopSec)
 */
import { z } from 'zod';

const Count = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);
const Seconds = (def: string) => z.string().trim().regex(/^\d+(\.\d+)?(ms|s|m)?$/, 'a duration like 10s, 500ms or 1m').default(def);

export const WorkerTuningEnv = z.object({
  CRMHUB_WORKER_MAX_ACTIVITIES: Count(4, 1000),
  CRMHUB_WORKER_MAX_WORKFLOW_TASKS: Count(8, 1000).refine((n) => n >= 2, "at least 2 (the SDK polls workflow tasks with two pollers)"),
  CRMHUB_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(100),
  CRMHUB_WORKER_SHUTDOWN_GRACE: Seconds('10s'),
  CRMHUB_WORKER_SHUTDOWN_FORCE: Seconds('25s'),
});
export type WorkerTuningEnv = z.infer<typeof WorkerTuningEnv>;

export interface WorkerTuning {
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxCachedWorkflows: number;
  shutdownGraceTime: number;
  shutdownForceTime: number;
}

function ms(d: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(d)!;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const picked = Object.fromEntries(Object.keys(WorkerTuningEnv.shape).flatMap((k) => (env[k]?.trim() ? [[k, env[k]!.trim()]] : [])));
  const r = WorkerTuningEnv.safeParse(picked);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${String(i.path[0])}=${picked[String(i.path[0])]}: ${i.message}`);
  }
  const e = r.data;
  const grace = ms(e.CRMHUB_WORKER_SHUTDOWN_GRACE);
  const force = ms(e.CRMHUB_WORKER_SHUTDOWN_FORCE);
  if (force <= grace) throw new Error(`CRMHUB_WORKER_SHUTDOWN_FORCE (${force} ms) must exceed CRMHUB_WORKER_SHUTDOWN_GRACE (${grace} ms): the cancelled activities need time to hand their work back`);
  return {
    maxConcurrentActivityTaskExecutions: e.CRMHUB_WORKER_MAX_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: e.CRMHUB_WORKER_MAX_WORKFLOW_TASKS,
    maxCachedWorkflows: e.CRMHUB_WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: grace,
    shutdownForceTime: force,
  };
}
