/**
 * A full garbage collection at a match stage's seams, where the step before left its whole working
 * set behind as garbage: a chunk's candidates and pairs once its plan is made, the chunk's merges
 * once it committed. V8 collects the old generation only when it has grown to about twice what
 * survived the last collection, so the next step's allocations pile on top of the previous step's
 * garbage, and that pile was the import's peak RSS. Only when the process exposes `gc` (the crmhub
 * bin starts node with --expose-gc); elsewhere (tests, embedders) this does nothing.
 *
 * Only when the heap grew by `MIN_PILE_BYTES` since the last forced collection ended. A 1M-row
 * first import's chunks leave 2–24 MB at a seam (heap 33–46 MB used, 22–33 MB after; measured):
 * forcing a collection there twice a chunk, 202 times in all, made the stage 5–9% slower for
 * 5–12 MB of peak RSS (alternated, docs/performance-log.md), because each one also resets V8's heap
 * sizing, so the next chunk collected more often. A chunk that read many candidates (the 10k
 * batch against 1M accounts: 64k candidates, 100k pairs) should leave far more and still be
 * collected; not logged, but its import peaked at 307 MB after this change and 315 MB before (on
 * two machines).
 */
import { getHeapStatistics } from 'node:v8';

export const MIN_PILE_BYTES = 32 * 2 ** 20;

let usedAfterLast = 0;

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  if (getHeapStatistics().used_heap_size - usedAfterLast < MIN_PILE_BYTES) return;
  gc();
  usedAfterLast = getHeapStatistics().used_heap_size;
}
