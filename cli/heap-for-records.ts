/**
 * A whole-CRM dedupe holds every match record in memory with its candidate pairs and scored links,
 * but the CLI caps V8's heap at 512 MB to keep imports' RSS low. Rather than die out of memory an
 * hour in, the command re-runs itself with the heap it needs, the same arguments and the same stdio.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/**
 * Peak heap per record, with ≈ 20% headroom. 1,600 B (measured on the tidy bench accounts) was too
 * little for the messy companies file: 853,296 accounts with 3.3M candidate pairs peaked at 1,877 MB
 * of heap while scoring (2.3 KB a record, from --trace-gc), and `crmhub dedupe` died out of memory
 * at the 1,399 MB it had given itself (2026-12-04).
 */
const BYTES_PER_RECORD = 2800;
const BASE_MB = 96;

export function heapNeededMB(records: number): number {
  return Math.ceil(BASE_MB + (records * BYTES_PER_RECORD) / 2 ** 20);
}

/** null when this process's heap suffices; otherwise the exit code of the re-run with a larger heap. */
export function rerunWithHeapIfNeeded(records: number): number | null {
  const needed = heapNeededMB(records);
  const limitMB = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMB >= needed || process.env.CRMHUB_HEAP_RERUN) return null;
  process.stderr.write(`crmhub: ${records} records need about ${needed} MB of heap (this process has ${Math.round(limitMB)} MB): re-running with --max-old-space-size=${needed}\n`);
  const r = spawnSync(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${needed}`, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, CRMHUB_HEAP_RERUN: '1', CRMHUB_PARENT_PID: String(process.pid) }, // it dies with this process (bin/heap-budget.cjs)
  });
  return r.status ?? 1;
}
