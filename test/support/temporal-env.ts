/**
 * A real Temporal dev server (the `temporal` CLI built by scripts/ensure-temporal-cli.sh, started
 * by the SDK's TestWorkflowEnvironment) and a worker running the real workflows and activities.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import { requireTemporalCli } from '../../temporal/temporal-cli';
import { workflowBundle } from '../../temporal/worker';

export const TEST_TASK_QUEUE = 'crmhub';

let runtimeInstalled = false;

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      // ERROR only: the bad-input tests fail activities on purpose, and each failure would print at WARN.
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed by another suite in this process
    }
  }
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: requireTemporalCli() }, ip: '127.0.0.1' },
  });
}

export async function startWorker(env: TestWorkflowEnvironment, db: Knex): Promise<{ worker: Worker; stop: () => Promise<void> }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TEST_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db }),
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}
