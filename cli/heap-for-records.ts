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

/**
 * The young generation's semi-space of the re-run, in MB. The bin's 2 MB (bin/heap-budget.cjs) keeps
 * an import's RSS low, where the live heap is small; a dedupe holds a million match records and
 * allocates pairs, clusters and merges' rows around them, and with 2 MB it spent 71 s of a 272 s
 * run collecting garbage (CPU profile, 853k accounts, 2026-12-06). Its whole run, one each:
 * 2 MB 261.8 s (1,369 MB RSS), 16 MB 213.7 s (1,433 MB), 32 MB 204.0 s (1,365 MB); docs/performance-log.md.
 */
export const RERUN_SEMI_SPACE_MB = 32;

/** The node flags of the re-run: this process's own, with the heap and young generation it needs. */
export function rerunExecArgv(execArgv: readonly string[], heapMB: number): string[] {
  return [
    ...execArgv.filter((a) => !a.startsWith('--max-old-space-size') && !a.startsWith('--max-semi-space-size')),
    `--max-old-space-size=${heapMB}`, `--max-semi-space-size=${RERUN_SEMI_SPACE_MB}`,
  ];
}

/** null when this process's heap suffices; otherwise the exit code of the re-run with a larger heap. */
export function rerunWithHeapIfNeeded(records: number): number | null {
  const needed = heapNeededMB(records);
  const limitMB = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMB >= needed || process.env.CRMHUB_HEAP_RERUN) return null;
  process.stderr.write(`crmhub: ${records} records may need up to ${needed} MB of heap (this process has ${Math.round(limitMB)} MB): re-running with --max-old-space-size=${needed}\n`);
  const r = spawnSync(process.execPath, [...rerunExecArgv(process.execArgv, needed), ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, CRMHUB_HEAP_RERUN: '1', CRMHUB_PARENT_PID: String(process.pid) }, // it dies with this process (bin/heap-budget.cjs)
  });
  return r.status ?? 1;
}
