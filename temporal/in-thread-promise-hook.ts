/**
 * Turns off the Temporal SDK's promise hook on this thread, once a worker with in-thread workflows
 * exists (temporal/worker.ts `inThreadWorkflows`: a CLI command's own worker).
 *
 * Why: to answer a workflow's stack-trace query, the SDK's workflow sandbox installs a V8 promise
 * hook for its whole isolate (@temporalio/worker lib/workflow/vm-shared.js `setPromiseHook`). It
 * is meant for the SDK's workflow thread, where only workflow code runs. With the sandbox on the
 * main thread it runs for every promise the activities create too, and for each one it compiles a
 * `Function` to find the workflow it belongs to (`getActivator`). In a command's 200k-row
 * re-import that was 1.8 s of `getActivator` and 1.5 s of promise-hook frames in 13.5 s of CPU,
 * with the garbage they leave (CPU profile, 2026-12-05).
 *
 * What is lost: the stack-trace query of a command's own workflows ("Workflow stack traces are
 * not enabled on this worker"), which the SDK also answers on runtimes without promise hooks.
 * Workflows, their deadlock detector and the source-mapped stacks of their errors are unchanged.
 * A `crmhub worker` runs its workflows in the SDK's thread and keeps the hook there.
 */
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';

/** The SDK's handlers as this file uses them (the hook's stop function is private in its types). */
interface PromiseHookHandlers {
  promiseHookInstalled: boolean;
  stopPromiseHook(): void;
}

/**
 * Stops the SDK's promise hook on this thread. These are SDK internals (1.24.0 in the lockfile):
 * an SDK that moves them leaves its hook on, slower but working, and
 * test/in-thread-promise-hook.test.ts fails.
 */
export function stopInThreadPromiseHook(): void {
  const handlers = globalHandlers as unknown as Partial<PromiseHookHandlers> | undefined;
  if (!handlers?.promiseHookInstalled || typeof handlers.stopPromiseHook !== 'function') return;
  handlers.stopPromiseHook();
  // Read by every workflow created after this: they answer the stack-trace query with an error
  // instead of the SDK reading a promise store nothing fills any more.
  handlers.promiseHookInstalled = false;
}
