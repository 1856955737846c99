/**
 * A worker with in-thread workflows (a CLI command's own worker) leaves no Temporal promise hook on
 * the main thread: the SDK's sandbox installs one for the whole isolate, and there it ran for every
 * promise of the activities (temporal/in-thread-promise-hook.ts). Real Temporal dev server.
 *
 * The probe: the SDK's hook finds a promise's workflow through `promise.constructor.constructor`,
 * so a promise whose class answers that with a counting function shows whether a hook still runs.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorker, workflowBundle } from '../temporal/worker';
import { startTemporal } from './support/temporal-env';
import { freshTestDatabase } from './support/test-database';

let env: TestWorkflowEnvironment;
let db: Knex;
const running: { worker: Worker; done: Promise<void> }[] = [];

beforeAll(async () => {
  db = await freshTestDatabase();
  env = await startTemporal();
}, 120_000);

afterAll(async () => {
  for (const r of running) r.worker.shutdown();
  await Promise.all(running.map((r) => r.done.catch(() => undefined)));
  await env?.teardown();
  await db?.destroy();
});

/** How many times a promise hook looked up the realm of one new promise (and its settling). */
async function hookLookups(): Promise<number> {
  let calls = 0;
  class Probe<T> extends Promise<T> {}
  Reflect.defineProperty(Probe, 'constructor', {
    value: () => {
      calls++;
      return () => undefined; // "no workflow": the SDK's hook returns
    },
  });
  await new Probe<number>((resolve) => resolve(1));
  return calls;
}

const run = (worker: Worker) => running.push({ worker, done: worker.run() });

it('the SDK hook runs for every promise of the thread, and a command worker turns it off', async () => {
  // The SDK alone (debugMode: workflows on this thread): its hook sees this test's promises.
  const sdkOnly = await Worker.create({
    connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: 'hook-sdk',
    workflowBundle: await workflowBundle(), debugMode: true,
  });
  run(sdkOnly);
  expect(await hookLookups()).toBeGreaterThan(0);

  // A CLI command's worker (cli/temporal-session.ts): no hook left on this thread.
  const command = await createWorker({ address: env.address, namespace: env.namespace ?? 'default', db, taskQueue: 'hook-command', inThreadWorkflows: true });
  run(command);
  expect(await hookLookups()).toBe(0);
}, 120_000);
