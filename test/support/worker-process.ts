/**
 * A real `crmhub worker` process on the test's Temporal server and database, for tests that
 * SIGKILL a worker mid-activity: `polling` resolves once it polls its task queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TEST_DATABASE_URL } from './test-database';

const ROOT = join(__dirname, '..', '..');

export type WorkerProcess = ChildProcess & { polling: Promise<void> };

export function startWorkerProcess(env: TestWorkflowEnvironment): WorkerProcess {
  const child = spawn(process.execPath, ['--max-old-space-size=512', join(ROOT, 'bin', 'crmhub.cjs'), 'worker'], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DATABASE_URL: TEST_DATABASE_URL },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const polling = new Promise<void>((resolve) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('polling task queue')) resolve();
    });
  });
  return Object.assign(child, { polling });
}
