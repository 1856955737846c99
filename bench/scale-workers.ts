/**
 * What both scaling benches share (bench:scale for imports, `bench:scale -- --sync` for syncs): W
 * `crmhub worker` processes on one Temporal dev server, started and stopped around a case, with
 * their own resource usage, and the CPU seconds of the whole machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { resourceUsage } from './bench-process';
import { TASK_QUEUE } from '../temporal/config';

const ROOT = join(__dirname, '..');

/** Busy CPU seconds of the whole machine (user + nice + system + irq + softirq), from /proc/stat. */
export function machineCpuSeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100; // USER_HZ
}

export async function waitForPollers(client: Client, workers: number): Promise<void> {
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

export interface Workers {
  /** SIGTERM to each; resolves with each worker's peak RSS (MB) and CPU seconds, start-up included. */
  stop(): Promise<{ peakRssMB: number[]; cpuSeconds: number }>;
  /** SIGKILL to any still running (after a failure). */
  kill(): void;
}

/** Starts `n` workers with `env` and waits until all of them poll the activity queue. */
export async function startWorkers(client: Client, n: number, env: NodeJS.ProcessEnv): Promise<Workers> {
  const procs: { child: ChildProcess; stderr: string }[] = [];
  for (let w = 0; w < n; w++) {
    // The flags of bin/crmhub.cjs's shebang, given here so that the spawned process is the worker
    // itself (no re-exec) and its resource usage is the worker's.
    const child = spawn(process.execPath, ['--max-old-space-size=512', '--max-semi-space-size=2', join(ROOT, 'bin', 'crmhub.cjs'), 'worker'],
      { env: { ...env, CRMHUB_PRINT_RESOURCE_USAGE: '1', MALLOC_ARENA_MAX: '2' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const p = { child, stderr: '' };
    child.stderr!.on('data', (d) => { p.stderr += d; });
    procs.push(p);
  }
  const kill = () => { for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL'); };
  try {
    await waitForPollers(client, n);
  } catch (err) {
    kill();
    throw err;
  }
  return {
    kill,
    async stop() {
      // Stopped by SIGTERM, each worker prints its resource usage (getrusage maxRSS) on exit.
      await Promise.all(procs.map((p) => new Promise((r) => { p.child.once('exit', r); p.child.kill('SIGTERM'); })));
      const usage = procs.map((p) => resourceUsage(p.stderr));
      return {
        peakRssMB: usage.map((u) => Math.round(u.maxRSS / 1024)),
        cpuSeconds: usage.reduce((s, u) => s + (u.userCPUTime + u.systemCPUTime) / 1e6, 0),
      };
    },
  };
}
