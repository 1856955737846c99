/**
 * A crmhub worker: the import workflows and the activities built from `createActivities`.
 *
 * The workflow bundle (webpack) takes seconds to build, which every short CLI command with an
 * in-process worker would pay: it is built once per version of the workflow sources and cached.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, Runtime, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { RowWorkerPolicy } from '../activities/import/load-import-rows';
import { TASK_QUEUE } from './config';
import { connectWorkerNative } from './connect';
import type { TemporalConnectionSettings } from './connection-options';
import { stopInThreadPromiseHook } from './in-thread-promise-hook';
import { dataConverterFromEnv } from './payload-codec';
import { importMetrics, importMetricsInterceptor } from './worker-metrics';
import { workerTuningFromEnv } from './worker-tuning';

const WORKFLOWS_DIR = join(__dirname, '..', 'workflows');

function workflowSourceHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(WORKFLOWS_DIR).filter((n) => n.endsWith('.ts')).sort()) {
    h.update(f).update(readFileSync(join(WORKFLOWS_DIR, f)));
  }
  h.update(require('@temporalio/worker/package.json').version);
  return h.digest('hex').slice(0, 16);
}

/**
 * The bundle as a path, not as code: the SDK reads the file and compiles it, so no copy of the
 * bundle's 3.3 MB of source stays behind in the worker's options (measured in a heap snapshot of
 * an import: the bundle's text twice, plus a re-encoded source map when the SDK is given code).
 */
export async function workflowBundle(): Promise<{ codePath: string }> {
  const dir = resolve(process.env.CRMHUB_CACHE_DIR || tmpdir(), 'crmhub-workflow-bundles');
  const file = join(dir, `workflows-${workflowSourceHash()}.js`);
  if (existsSync(file)) return { codePath: file };
  const { code } = await bundleWorkflowCode({ workflowsPath: join(WORKFLOWS_DIR, 'index.ts'), logger: quietLogger });
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, file); // atomic: a concurrent reader never sees half a bundle
  return { codePath: file };
}

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (m: string) => process.stderr.write(`[bundler] ${m}\n`), error: (m: string) => process.stderr.write(`[bundler] ${m}\n`),
};

export interface CreateWorkerOptions {
  address: string;
  namespace: string;
  db: Knex;
  taskQueue?: string;
  settings?: TemporalConnectionSettings;
  /**
   * Run the workflow sandbox on the main thread instead of the SDK's workflow thread. For the
   * in-process worker of one CLI command (cli/temporal-session.ts): its few thin workflows do not
   * need a thread of their own, and the thread's V8 isolate costs ~38 MB RSS (measured), a tenth
   * of the command's budget (issue 8 §6). The SDK calls this mode `debugMode`; the deadlock
   * detector stays on with the SDK's usual 5 s limit.
   */
  inThreadWorkflows?: boolean;
  /** Import rows in a worker thread: true/false, 'reimports', or by file size when undefined (activities/import/load-import-rows.ts). */
  rowWorker?: RowWorkerPolicy;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  // TLS, API key, payload codec and limits: temporal/connection-options.ts, payload-codec.ts, worker-tuning.ts.
  const connection = await connectWorkerNative(opts.settings ?? { address: opts.address, describe: 'plain gRPC' });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    ...(opts.inThreadWorkflows ? { debugMode: true, isolateExecutionTimeout: '5s' } : {}),
    activities: createActivities({ db: opts.db, rowWorker: opts.rowWorker }),
    dataConverter: dataConverterFromEnv(),
    interceptors: { activity: [importMetricsInterceptor(importMetrics(Runtime.instance().metricMeter))] },
    ...workerTuningFromEnv(),
  });
  // The sandbox's promise hook would run for every promise of the activities on this thread.
  if (opts.inThreadWorkflows) stopInThreadPromiseHook();
  return worker;
}
