/**
 * A whole-CRM dedupe holds every match record in memory with its candidate pairs and scored links,
 * but the CLI caps V8's heap at 512 MB to keep imports' RSS low. Rather than die out of memory an
 * hour in, the command re-runs itself with the heap it needs, the same arguments and the same stdio.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/**
 * The heap's ceiling per record. The messy companies file's 853,296 accounts (3.3M candidate pairs)
 * peak at 942 MB of live heap while clustering (1.1 KB a record, from --trace-gc, 2026-12-05; 1,877
 * MB before the match records' arrays and the pairs' contributions were made compact). 1,800 B
 * leaves 1.6 times that for messier data: the ceiling only stops an out-of-memory death, it is
 * not what the process uses (HEAP_GROWING_PERCENT is).
 */
const BYTES_PER_RECORD = 1800;
const BASE_MB = 96;
/**
 * V8 grows the heap towards its ceiling between full collections, so a generous ceiling was a
 * high RSS: the same dry run peaked at 1,747 MB under 2,374 MB of ceiling and 1,391 MB under 1,200.
 * Growing by 20% over what the last full collection kept holds RSS near the live heap whatever
 * the ceiling (1,441 MB, the same time within 4 s).
 */
const HEAP_GROWING_PERCENT = 20;

export function heapNeededMB(records: number): number {
  return Math.ceil(BASE_MB + (records * BYTES_PER_RECORD) / 2 ** 20);
}

/** null when this process's heap suffices; otherwise the exit code of the re-run with a larger heap. */
export function rerunWithHeapIfNeeded(records: number): number | null {
  const needed = heapNeededMB(records);
  const limitMB = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMB >= needed || process.env.CRMHUB_HEAP_RERUN) return null;
  process.stderr.write(`crmhub: ${records} records may need up to ${needed} MB of heap (this process has ${Math.round(limitMB)} MB): re-running with --max-old-space-size=${needed}\n`);
  const r = spawnSync(process.execPath, [
    ...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size') && !a.startsWith('--heap-growing-percent')),
    `--max-old-space-size=${needed}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, ...process.argv.slice(1),
  ], {
    stdio: 'inherit', env: { ...process.env, CRMHUB_HEAP_RERUN: '1', CRMHUB_PARENT_PID: String(process.pid) }, // it dies with this process (bin/heap-budget.cjs)
  });
  return r.status ?? 1;
}
