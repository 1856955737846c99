/**
 * A whole-CRM dedupe holds every match record in memory with its candidate pairs and scored links,
 * but the CLI caps V8's heap at 512 MB to keep imports' RSS low. Rather than die out of memory an
 * hour in, the command re-runs itself with the heap it needs, the same arguments and the same stdio.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/**
 * The heap per record. The messy companies file's 853,296 accounts (3.3M candidate pairs) peak at
 * 942 MB of live heap while clustering (1.1 KB a record, from --trace-gc, 2026-12-05; 1,877 MB
 * before the match records' arrays and the pairs' contributions were made compact), so 1,400 B
 * leaves 30% for messier data. The ceiling is also what the process grows to: V8 lets garbage pile
 * up towards it between full collections. The same dry run peaked at 1,747 MB of RSS under a
 * 2,374 MB ceiling and 1,391 MB under 1,200 MB, in the same time. Growing the heap by a fixed 20%
 * instead (--heap-growing-percent) held RSS down too but cost 6% of the dry run's time and more of
 * the merges', where the live heap is small.
 */
const BYTES_PER_RECORD = 1400;
const BASE_MB = 96;

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
    ...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${needed}`, ...process.argv.slice(1),
  ], {
    stdio: 'inherit', env: { ...process.env, CRMHUB_HEAP_RERUN: '1', CRMHUB_PARENT_PID: String(process.pid) }, // it dies with this process (bin/heap-budget.cjs)
  });
  return r.status ?? 1;
}
