/**
 * What both scaling benches share (bench:scale for imports, `bench:scale -- --sync` for syncs): a
 * case run against W `crmhub worker` processes on a fresh Temporal dev server, with the workers'
 * own resource usage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { resourceUsage } from './bench-process';
import { TASK_QUEUE } from '../temporal/config';
import { startDevServer } from '../temporal/dev-server';

const ROOT = join(__dirname, '..');

async function waitForPollers(client: Client, workers: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    // The activity queue, as cli/temporal-session.ts's hasWorker asks before it decides to run its own.
    const res = await client.workflowService.describeTaskQueue({
      namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    if ((res.pollers?.length ?? 0) >= workers) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workers} workers did not start polling within 60 s`);
}

export interface WorkersUsage {
  /** Each worker's peak RSS, MB. */
  peakRssMB: number[];
  /** The workers' CPU seconds together, start-up included (a few seconds each). */
  cpuSeconds: number;
}

/**
 * Starts a Temporal dev server and `n` workers with `env`, waits until all of them poll the
 * activity queue, runs `fn` with the env its commands need (`env` and the server's address), then
 * stops the workers with SIGTERM (each prints its resource usage on exit) and the server.
 */
export async function withWorkers<T>(n: number, env: NodeJS.ProcessEnv, fn: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<{ result: T; workers: WorkersUsage }> {
  const server = await startDevServer({});
  const connection = await Connection.connect({ address: server.address });
  const caseEnv = { ...env, TEMPORAL_ADDRESS: server.address };
  const procs: { child: ChildProcess; stderr: string }[] = [];
  try {
    for (let w = 0; w < n; w++) {
      // The flags of bin/crmhub.cjs's shebang, given here so that the spawned process is the worker
      // itself (no re-exec) and its resource usage is the worker's.
      const child = spawn(process.execPath, ['--max-old-space-size=512', '--max-semi-space-size=2', join(ROOT, 'bin', 'crmhub.cjs'), 'worker'],
        { env: { ...caseEnv, CRMHUB_PRINT_RESOURCE_USAGE: '1', MALLOC_ARENA_MAX: '2' }, stdio: ['ignore', 'ignore', 'pipe'] });
      const p = { child, stderr: '' };
      child.stderr!.on('data', (d) => { p.stderr += d; });
      procs.push(p);
    }
    await waitForPollers(new Client({ connection }), n);
    const result = await fn(caseEnv);
    await Promise.all(procs.map((p) => new Promise((r) => { p.child.once('exit', r); p.child.kill('SIGTERM'); })));
    const usage = procs.map((p) => resourceUsage(p.stderr));
    return {
      result,
      workers: { peakRssMB: usage.map((u) => Math.round(u.maxRSS / 1024)), cpuSeconds: usage.reduce((s, u) => s + (u.userCPUTime + u.systemCPUTime) / 1e6, 0) },
    };
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await connection.close();
    await server.stop();
  }
}
